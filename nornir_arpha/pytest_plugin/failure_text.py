"""A lab test's failure as its sentences: pytest's assertion dumps cut off.

`assert verdict.passed, verdict.report()` fails with the report's sentences followed by
pytest's explanation (`assert False`, ` +  where False = SurvivorVerdict(...)`): thousands of
characters of internal objects. The terminal, the JUnit file and summary.json get the
sentences and where the assertion stood.
"""

from __future__ import annotations

import logging
import re

import pytest

logger = logging.getLogger(__name__)

# pytest's rewritten assertion appends its explanation from a line starting `assert `.
_EXPLANATION = re.compile(r"^assert ", re.MULTILINE)


def sentences(message: str) -> str:
    """Args: message: an AssertionError's text. Returns: it without pytest's explanation
    (the explanation itself when the assertion had no message)."""
    cut = _EXPLANATION.search(message)
    if cut is None:
        return message.strip()
    kept = message[: cut.start()].strip()
    return kept or message[cut.start() :].splitlines()[0]


def trim_failure(report: pytest.TestReport, call: pytest.CallInfo[None]) -> str | None:
    """Replace a failed assertion's long representation with its sentences and location.

    Returns:
        the sentences, or None when the failure is not an assertion (its report is kept)
    """
    if call.excinfo is None or not isinstance(call.excinfo.value, AssertionError):
        return None
    text = sentences(str(call.excinfo.value))
    crash = getattr(report.longrepr, "reprcrash", None)
    where = f"{crash.path}:{crash.lineno}: " if crash is not None else ""
    report.longrepr = f"{where}{text}"
    return text
