"""The outcome of one check on one PE, written to read like a bug report when it fails."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MAX_EVIDENCE_LINES = 12


@dataclass(frozen=True)
class CheckResult:
    """One check on one PE.

    Attributes:
        name: what was checked, e.g. "RBS connected"
        passed: the verdict
        host: the PE
        command: the display command the verdict rests on
        evidence: the relevant lines of its output
        message: one sentence: what was expected and what the device showed
    """

    name: str
    passed: bool
    host: str
    command: str
    evidence: tuple[str, ...]
    message: str

    def report(self) -> str:
        """A multi-line report: verdict, message, then the command and its evidence."""
        verdict = "PASS" if self.passed else "FAIL"
        lines = [f"[{verdict}] {self.host}: {self.name}: {self.message}", f"  {self.command}"]
        lines += [f"    {line}" for line in self.evidence]
        return "\n".join(lines)


def evidence(
    output: str, needles: Iterable[str], limit: int = MAX_EVIDENCE_LINES
) -> tuple[str, ...]:
    """Lines of `output` starting with any of `needles` (case-insensitive, blanks collapsed).

    Returns:
        at most `limit` lines, right-stripped, in output order; the whole (short) output if
        no needle matches, so a failure always shows what the device said
    """
    alternatives = "|".join(re.escape(" ".join(needle.split())) for needle in needles)
    pattern = re.compile(f"(?:{alternatives})", re.IGNORECASE)
    lines = [line.rstrip() for line in output.splitlines() if line.strip()]
    chosen = [line for line in lines if pattern.match(" ".join(line.split()))]
    return tuple((chosen or lines)[:limit])
