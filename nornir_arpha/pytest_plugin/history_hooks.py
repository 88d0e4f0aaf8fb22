"""The run's history, comparison, HTML report and CI links, as pytest hooks.

At the session's end (after summary.json is written): the run is recorded in the history
(`--history PATH|URL`), compared with a baseline run (`--baseline RUN|latest`), written as
`report.html` (`--html-report`), and the JUnit file gets its `[[ATTACHMENT|...]]` lines.
While the session runs: a lab test's failed assertion is reported as its sentences, and a
case whose check before its fault finds the pair still damaged after the previous case's
failure is reported as an error at setup (it never reached its own fault), naming that case.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from nornir_arpha.history.runs import RunResult
from nornir_arpha.pytest_plugin.failure_text import trim_failure
from nornir_arpha.pytest_plugin.junit_links import add_attachments
from nornir_arpha.pytest_plugin.run_state import RUN_KEY, ArphaRun, is_worker

logger = logging.getLogger(__name__)

REPORT_NAME = "report.html"
LAB_MARKS = {"failover", "link_fault", "backup_channel_fault", "hot_backup", "state", "probe"}
# How a case's check of the pair before its fault fails (suite/step.py, the test cases).
NOT_STEADY = "the pair is not in a steady state"


@dataclass
class HistoryState:
    """What the hooks learned during the run, for the terminal summary."""

    previous_failed: str | None = None  # the last lab case, if it failed or errored
    lines: list[str] = field(default_factory=list)
    error: str | None = None


STATE_KEY = pytest.StashKey[HistoryState]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("nornir_arpha")
    group.addoption(
        "--history",
        dest="arpha_history",
        default=None,
        metavar="PATH|URL",
        help="record the run in this history: a SQLite file or a database URL "
        "(postgresql://user@host/db); `arpha run` records in the user's data folder",
    )
    group.addoption(
        "--baseline",
        dest="arpha_baseline",
        default=None,
        metavar="RUN|latest",
        help="compare the run with this run of the history (latest: the latest run of the lab "
        "on other firmware, else the latest earlier run)",
    )
    group.addoption(
        "--html-report",
        dest="arpha_html_report",
        action="store_true",
        help=f"write {REPORT_NAME} in the artifacts folder (`arpha run` always does)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[STATE_KEY] = HistoryState()


def _uses(item: pytest.Item, names: set[str]) -> bool:
    return bool(names & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A lab test's failure as sentences; a failure outside the call an error."""
    report: pytest.TestReport = yield
    if not _uses(item, LAB_MARKS):
        return report
    state = item.config.stash[STATE_KEY]
    if not report.failed:
        if report.when == "call":
            state.previous_failed = None
        return report
    previous, state.previous_failed = state.previous_failed, item.nodeid
    text = trim_failure(report, call)
    if text is not None and previous is not None and text.startswith(NOT_STEADY):
        # The case never reached its own fault: the pair was damaged when it began.
        text = f"not run: the pair is still damaged after the failure of {previous}:\n{text}"
        report.when = "setup"
        report.longrepr = text
    run = item.config.stash[RUN_KEY]
    if run.artifacts is not None and item.nodeid in run.artifacts.records:
        record = run.artifacts.records[item.nodeid]
        if text is not None:
            record.message = text
        elif report.when != "call":
            record.message = str(report.longrepr).strip()
        if report.when != "call":
            record.outcome = "error"
    return report


def _links(run: ArphaRun, result: RunResult) -> dict[str, list[tuple[str, str]]]:
    """Per test id, its transcripts, snapshots and diff, relative to the artifacts folder."""
    assert run.artifacts is not None
    root = run.artifacts.root
    links: dict[str, list[tuple[str, str]]] = {}
    for case in result.cases:
        folder = run.artifacts.test_dir(case.nodeid)
        files = sorted(folder.glob("transcripts/*.log")) + sorted(folder.glob("*/*.json"))
        files += [folder / "diff.txt"] if (folder / "diff.txt").exists() else []
        links[case.nodeid] = [
            (f.relative_to(folder).as_posix(), f.relative_to(root).as_posix()) for f in files
        ]
    return links


def _baseline(config: pytest.Config, result: RunResult, where: str | None) -> RunResult | None:
    """The run named by --baseline, read from the history.

    Raises:
        HistoryError: no history, or no such run
    """
    from nornir_arpha.history.database import HistoryError, open_history

    wanted = config.getoption("arpha_baseline")
    if wanted is None:
        return None
    if where is None:
        raise HistoryError("--baseline needs a history: pass --history PATH|URL")
    history = open_history(where)
    if wanted != "latest":
        try:
            return history.load(int(wanted))
        except ValueError:
            raise HistoryError(f"--baseline {wanted}: expected a run id or 'latest'") from None
    earlier = [r for r in history.runs(result.lab) if r.run_id != result.run_id]
    other = [r for r in earlier if r.firmware_label != result.firmware_label]
    chosen = (other or earlier)[-1:] if earlier else []
    if not chosen or chosen[0].run_id is None:
        raise HistoryError(f"--baseline latest: no earlier run of lab {result.lab} in {where}")
    return history.load(chosen[0].run_id)


def _finish(config: pytest.Config, run: ArphaRun, state: HistoryState) -> None:
    # SQLAlchemy, Alembic and matplotlib load only at the end of a run that uses them.
    from nornir_arpha.history.comparison import Comparison, compare_runs
    from nornir_arpha.history.database import open_history
    from nornir_arpha.html_report.page import write_report

    assert run.artifacts is not None
    summary = run.artifacts.root / "summary.json"
    result = RunResult.from_summary(json.loads(summary.read_text(encoding="utf-8")))
    where = config.getoption("arpha_history")
    if where is not None:
        history = open_history(where)
        run_id = history.record(result)
        result = history.load(run_id)
        state.lines.append(f"history: run {run_id} recorded in {history.where}")
    baseline = _baseline(config, result, where)
    comparison: Comparison | None = None
    if baseline is not None:
        comparison = compare_runs(baseline, result)
        state.lines.append(
            f"baseline run {baseline.run_id}: {len(comparison.regressions)} regression(s), "
            f"{len(comparison.new_failures)} new failure(s), {len(comparison.fixed)} fixed"
        )
        state.lines += [
            f"  regression: {c.name}: {'; '.join(c.reasons)}" for c in comparison.regressions
        ]
    links = _links(run, result)
    report: Path | None = None
    if config.getoption("arpha_html_report"):
        report = write_report(run.artifacts.root / REPORT_NAME, result, comparison, links)
        state.lines.append(f"HTML report: {report}")
    junit = config.getoption("xmlpath", None)
    if junit and Path(junit).exists():
        root = run.artifacts.root
        attachments = {
            nodeid: ([report] if report else [])
            + [root / path for label, path in files if label.startswith("transcripts/")]
            for nodeid, files in links.items()
        }
        add_attachments(Path(junit), attachments)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """After summary.json and the JUnit file are written: history, baseline, report, links."""
    run = session.config.stash[RUN_KEY]
    state = session.config.stash[STATE_KEY]
    if is_worker(session.config):
        return  # the controller records the merged run
    if run.artifacts is None or not (run.artifacts.root / "summary.json").exists():
        return
    from nornir_arpha.history.database import HistoryError

    try:
        _finish(session.config, run, state)
    except HistoryError as exc:
        state.error = str(exc)
        session.exitstatus = (
            pytest.ExitCode.TESTS_FAILED if not session.exitstatus else session.exitstatus
        )


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    state = config.stash[STATE_KEY]
    for line in state.lines:
        terminalreporter.write_line(line)
    if state.error is not None:
        terminalreporter.write_line(f"history: {state.error}", red=True)
