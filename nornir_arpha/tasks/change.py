"""The engine behind configure, teardown and rollback: read, plan, push, commit or discard.

Every change is planned against the running config read in the same session, pushed in one
system-view session and committed once. Any `Error:` discards the candidate; the running
config is then read again and compared line by line with the one read before, so the report
says whether it is unchanged (it always should be) instead of assuming it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from nornir.core.task import Result, Task
from scrapli.driver import NetworkDriver

from nornir_arpha.device.session import with_connection
from nornir_arpha.device.vrp import (
    RUNNING_COMMAND,
    ConfigSession,
    DeviceError,
    config_lines,
    display,
)
from nornir_arpha.journal import Journal
from nornir_arpha.lab import HotBackupIntent
from nornir_arpha.parsers import parse_config
from nornir_arpha.parsers.records import ConfigTree
from nornir_arpha.plan import Plan, PlanError
from nornir_arpha.tasks.journaled import journal_of, journaled_commit

logger = logging.getLogger(__name__)

Planner = Callable[[HotBackupIntent, ConfigTree], Plan]


@dataclass(frozen=True)
class ChangeReport:
    """What a configure/teardown/rollback did on one PE.

    Attributes:
        host: the PE
        action: "configure", "teardown" or "rollback"
        plan: the steps planned (empty: nothing to do)
        dry_run: the candidate was shown and discarded
        committed: the plan is now in the running config
        candidate: the device's `display configuration candidate` before commit/discard
        before: the running config lines read before the change
        error: why it failed (None: it did not)
    """

    host: str
    action: str
    plan: Plan
    dry_run: bool
    committed: bool
    candidate: str = ""
    before: tuple[str, ...] = ()
    error: str | None = None

    @property
    def commands(self) -> list[str]:
        return self.plan.commands


def host_intent(task: Task) -> HotBackupIntent:
    """The validated hot-backup intent of the task's host.

    Raises:
        ValueError: the host is not a PE of the lab's pair
    """
    intent = task.host.data.get("intent")
    if not isinstance(intent, HotBackupIntent):
        raise ValueError(f"{task.host.name} has no hot-backup intent: it is not a PE of the pair")
    return intent


def apply_plan(
    conn: NetworkDriver,
    host: str,
    plan: Plan,
    dry_run: bool,
    journal: Journal | None = None,
    action: str = "change",
) -> tuple[str, bool]:
    """Push a plan in one system-view session; commit it, or show and discard it.

    Args:
        journal: records the commit, with the plan's inverse, before anything is sent
        action: what the journal calls the commit (configure, teardown, rollback, restore)

    Returns:
        (the device's candidate diff, whether it was committed)

    Raises:
        DeviceError: a command or the commit was refused; the candidate was discarded
    """
    if not plan.changed:
        return "", False
    recorded: AbstractContextManager[None] = (
        nullcontext() if dry_run else journaled_commit(journal, conn, host, action, plan)
    )
    with recorded, ConfigSession(conn, host) as session:
        session.send(plan.commands)
        candidate = session.candidate()
        if dry_run:
            session.discard()
            return candidate, False
        session.commit()
    logger.info("%s: committed %d step(s)", host, len(plan.steps))
    return candidate, True


def _refused(
    conn: NetworkDriver, host: str, action: str, plan: Plan, before: str, exc: DeviceError
) -> ChangeReport:
    after = display(conn, host, RUNNING_COMMAND)
    unchanged = config_lines(after) == config_lines(before)
    outcome = (
        "the candidate was discarded and the running config is unchanged (verified)"
        if unchanged
        else "the candidate was discarded but the running config DIFFERS from before"
    )
    return ChangeReport(
        host=host,
        action=action,
        plan=plan,
        dry_run=False,
        committed=False,
        before=config_lines(before),
        error=f"{exc}; {outcome}",
    )


def change(
    conn: NetworkDriver,
    host: str,
    intent: HotBackupIntent,
    action: str,
    planner: Planner,
    dry_run: bool,
    journal: Journal | None = None,
    send: bool = True,
) -> ChangeReport:
    """Read the running config, plan with `planner`, apply. See module docstring.

    Args:
        journal: where the commit is recorded first (see `apply_plan`)
        send: False to stop after planning (the report's plan is what would be sent)

    Raises:
        PlanError: the running config cannot take the plan (nothing was sent)
    """
    before = display(conn, host, RUNNING_COMMAND)
    plan = planner(intent, parse_config(before))
    if not send:
        return ChangeReport(host, action, plan, dry_run, False, before=config_lines(before))
    try:
        candidate, committed = apply_plan(conn, host, plan, dry_run, journal, action)
    except DeviceError as exc:
        return _refused(conn, host, action, plan, before, exc)
    return ChangeReport(host, action, plan, dry_run, committed, candidate, config_lines(before))


def result(task: Task, report: ChangeReport) -> Result:
    """The Nornir result of a change: changed when committed, diff = the candidate."""
    return Result(
        host=task.host,
        result=report,
        changed=report.committed,
        failed=report.error is not None,
        diff=report.candidate,
    )


def run_change(
    task: Task, action: str, planner: Planner, dry_run: bool, send: bool = True
) -> Result:
    """`change` on the task's host, over its reused session (reconnecting once if it drops)."""
    host = task.host.name
    intent = host_intent(task)
    journal = journal_of(task.host)
    try:
        report = with_connection(
            task, lambda conn: change(conn, host, intent, action, planner, dry_run, journal, send)
        )
    except PlanError as exc:
        report = ChangeReport(host, action, Plan(()), dry_run, False, error=f"{host}: {exc}")
    return result(task, report)
