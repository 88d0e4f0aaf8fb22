"""The tasks over the PE pair, with pair safety and deliberate failed-host handling.

Nornir skips, in later runs, hosts that failed an earlier run. Here every run starts from a
clean failed-host list and uses `on_failed=True`, so one PE's failure never silently skips
the other PE: both are always configured, checked or torn down, and both are reported.

Pair safety for configure and teardown: if one PE fails while the other committed, the
committed change is undone with its exact inverse (`rollback_change`), and the report then
lists what each PE holds, read back from its running config. The pair is never left
half-done without the report saying so. Configure first plans both PEs and sends nothing to
either when one refuses (objects that are not the lab's, a missing baseline).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from nornir.core import Nornir
from nornir.core.task import Result

from nornir_arpha.device.session import ConnectionLost, DeviceUnreachable
from nornir_arpha.lab import Lab
from nornir_arpha.tasks import (
    ChangeReport,
    VerifyReport,
    configure_hot_backup,
    plan_hot_backup,
    read_holdings,
    rollback_change,
    teardown_hot_backup,
    verify_hot_backup,
)
from nornir_arpha.tasks.polling import NO_WAIT, Deadline
from nornir_arpha.tasks.replay import rolled_back_on_interrupt

logger = logging.getLogger(__name__)

TaskFunction = Callable[..., Result]


@dataclass(frozen=True)
class HostOutcome:
    """One PE's part of a pair run.

    Attributes:
        host: the PE
        ok: it ended as asked
        status: "changed", "unchanged", "dry run", "failed", "rolled back", "passed"
        message: one line; on failure it names host, command and the device's answer
        report: the task's report (None when the task crashed)
        notes: what happened after (rollback outcome, what the PE holds now)
        unreachable: why no session to the PE could be opened, if that is why it failed
    """

    host: str
    ok: bool
    status: str
    message: str
    report: ChangeReport | VerifyReport | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    unreachable: DeviceUnreachable | None = None


@dataclass(frozen=True)
class PairOutcome:
    action: str
    hosts: tuple[HostOutcome, ...]

    @property
    def ok(self) -> bool:
        return all(host.ok for host in self.hosts)

    @property
    def unreachable(self) -> tuple[DeviceUnreachable, ...]:
        """Why each PE that could not be reached at all was not."""
        return tuple(host.unreachable for host in self.hosts if host.unreachable is not None)


def _run(
    nr: Nornir, hosts: tuple[str, ...], task: TaskFunction, **kwargs: Any
) -> dict[str, Result]:
    """Run `task` on `hosts`, never skipping a host for an earlier failure."""
    nr.data.reset_failed_hosts()
    targets = nr.filter(filter_func=lambda host: host.name in hosts)
    results = targets.run(task=task, on_failed=True, **kwargs)
    nr.data.reset_failed_hosts()
    return {host: results[host][0] for host in hosts}


def _crash(result: Result) -> str:
    exc = result.exception
    if isinstance(exc, DeviceUnreachable | ConnectionLost):
        return str(exc)  # one line that names the PE already
    detail = f"{type(exc).__name__}: {exc}" if exc is not None else str(result.result)
    return f"{result.host}: {detail}" if result.host else detail


def _failed(host: str, result: Result) -> HostOutcome:
    """The outcome of a task that raised instead of returning its report."""
    exc = result.exception
    unreachable = exc if isinstance(exc, DeviceUnreachable) else None
    return HostOutcome(host, False, "failed", _crash(result), unreachable=unreachable)


def _change_outcome(host: str, result: Result) -> HostOutcome:
    report = result.result
    if not isinstance(report, ChangeReport):
        return _failed(host, result)
    if report.error is not None:
        message, *details = report.error.splitlines()  # the first line sums it up
        return HostOutcome(host, False, "failed", message, report, tuple(details))
    count = len(report.plan.steps)
    if report.dry_run:
        status, message = "dry run", f"{count} step(s) shown and discarded"
    elif report.committed:
        status, message = "changed", f"{count} step(s) committed"
    else:
        status, message = "unchanged", "already as intended; nothing committed"
    left = tuple(f"left, not the lab's: {entry}" for entry in report.plan.left)
    if left:
        message += "; left what is not the lab's (see notes)"
    return HostOutcome(host, True, status, message, report, left)


def _secure_pair(nr: Nornir, lab: Lab, outcomes: dict[str, HostOutcome]) -> dict[str, HostOutcome]:
    """After a failure: roll back the PEs that committed, then report what each PE holds."""
    failed = [name for name, outcome in outcomes.items() if not outcome.ok]
    committed = [
        (name, outcome.report)
        for name, outcome in outcomes.items()
        if isinstance(outcome.report, ChangeReport) and outcome.report.committed
    ]
    secured = dict(outcomes)
    for name, report in committed:
        logger.warning("%s committed but %s failed: rolling %s back", name, failed, name)
        undo = _run(nr, (name,), rollback_change, report=report)[name]
        undo_report = undo.result
        if isinstance(undo_report, ChangeReport) and undo_report.error is None:
            note = "rolled back: running config restored exactly (verified)"
        else:
            error = undo_report.error if isinstance(undo_report, ChangeReport) else _crash(undo)
            note = f"ROLLBACK FAILED: {error}"
        outcome = outcomes[name]
        secured[name] = HostOutcome(
            name,
            False,
            "rolled back",
            f"{outcome.message}, undone because {', '.join(failed)} failed",
            report,
            (note,),
        )
    # A PE no session could be opened to was sent nothing; reading it would wait again.
    readable = tuple(name for name in lab.pair if secured[name].unreachable is None)
    held = _run(nr, readable, read_holdings) if readable else {}
    for name, result in held.items():
        lines = result.result if not result.failed else [f"unknown: {_crash(result)}"]
        outcome = secured[name]
        holds = tuple(f"holds: {line}" for line in lines)
        secured[name] = replace(outcome, notes=outcome.notes + holds)
    return secured


def _change_pair(
    nr: Nornir, lab: Lab, action: str, task: TaskFunction, dry_run: bool, **kwargs: Any
) -> PairOutcome:
    results = _run(nr, lab.pair, task, dry_run=dry_run, **kwargs)
    outcomes = {name: _change_outcome(name, results[name]) for name in lab.pair}
    if not all(outcome.ok for outcome in outcomes.values()) and not dry_run:
        outcomes = _secure_pair(nr, lab, outcomes)
    return PairOutcome(action, tuple(outcomes[name] for name in lab.pair))


def _not_sent(outcome: HostOutcome, refused: list[str]) -> HostOutcome:
    """A planned PE's outcome when a PE of the pair refused: nothing was sent to it."""
    if outcome.ok:
        return HostOutcome(
            outcome.host, False, "not sent", f"nothing sent: {', '.join(refused)} refused"
        )
    if isinstance(outcome.report, ChangeReport):  # its plan was refused (a crash stays failed)
        return replace(outcome, status="refused")
    return outcome


def _refusals(nr: Nornir, lab: Lab, take_over: bool) -> PairOutcome | None:
    """Plan both PEs before anything is sent: if one refuses (or fails), neither gets anything.

    Returns:
        the pair's outcome when a PE refused, None when both can be configured
    """
    results = _run(nr, lab.pair, plan_hot_backup, take_over=take_over)
    outcomes = {name: _change_outcome(name, results[name]) for name in lab.pair}
    refused = [name for name, outcome in outcomes.items() if not outcome.ok]
    if not refused:
        return None
    return PairOutcome("configure", tuple(_not_sent(outcomes[name], refused) for name in lab.pair))


def configure_pair(
    nr: Nornir, lab: Lab, dry_run: bool = False, take_over: bool = False
) -> PairOutcome:
    """`configure_hot_backup` on both PEs; if one fails, roll back the other's commit.

    Both PEs are planned first; when one refuses, nothing is sent to either. Ctrl-C or
    SIGTERM meanwhile undoes what the journal (see `open_nornir`) recorded of it on both PEs
    before the interrupt goes on.

    Args:
        nr: from `nornir_arpha.device.inventory.open_nornir(lab)`
        lab: the lab (its pair)
        dry_run: show the commands and candidate diffs only
        take_over: change objects that are not the lab's instead of refusing

    Returns:
        one outcome per PE, in pair order
    """
    refused = _refusals(nr, lab, take_over)
    if refused is not None:
        return refused
    with rolled_back_on_interrupt(nr, lab, "configure"):
        return _change_pair(
            nr, lab, "configure", configure_hot_backup, dry_run, take_over=take_over
        )


def teardown_pair(nr: Nornir, lab: Lab, dry_run: bool = False) -> PairOutcome:
    """`teardown_hot_backup` on both PEs; if one fails, restore the other (see module doc)."""
    return _change_pair(nr, lab, "teardown", teardown_hot_backup, dry_run)


def verify_pair(nr: Nornir, lab: Lab, deadline: Deadline = NO_WAIT) -> PairOutcome:
    """`verify_hot_backup` on both PEs, each checked whatever happens on the other.

    Args:
        nr: from `open_nornir(lab)`
        lab: the lab (its pair and CE hosts)
        deadline: keep re-reading until every check passes or the deadline passes

    Returns:
        one outcome per PE; the `VerifyReport` lists every check with its evidence
    """
    results = _run(
        nr,
        lab.pair,
        verify_hot_backup,
        expected_hosts=lab.settings.ce.host_ips(),
        platform=lab.settings.platform,
        deadline=deadline,
    )
    outcomes = []
    for name in lab.pair:
        report = results[name].result
        if not isinstance(report, VerifyReport):
            outcomes.append(_failed(name, results[name]))
            continue
        failed = [check for check in report.checks if not check.passed]
        message = (
            f"all {len(report.checks)} checks passed"
            if not failed
            else f"{len(failed)} of {len(report.checks)} checks failed: "
            + ", ".join(check.name for check in failed)
        )
        timing = f"{report.attempts} reading(s) in {report.elapsed_s:.2f}s"
        outcomes.append(
            HostOutcome(
                name, not failed, "passed" if not failed else "failed", message, report, (timing,)
            )
        )
    return PairOutcome("verify", tuple(outcomes))
