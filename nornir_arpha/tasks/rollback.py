"""Task `rollback_change`: undo a committed configure exactly (pair safety)."""

from __future__ import annotations

import difflib

from nornir.core.task import Result, Task
from scrapli.driver import NetworkDriver

from nornir_arpha.device.session import with_connection
from nornir_arpha.device.vrp import RUNNING_COMMAND, DeviceError, config_lines, display
from nornir_arpha.tasks.change import ChangeReport, apply_plan, result
from nornir_arpha.tasks.journaled import journal_of

DIFF_LINES_SHOWN = 40


def rollback_change(task: Task, report: ChangeReport) -> Result:
    """Commit the inverse of a committed change, then check the running config is as before.

    The inverse is computed from the running config the change was planned against, so only
    what that change did is undone (not other users' commits, unlike `rollback configuration
    last 1`).

    Args:
        task: the Nornir task of the PE that committed `report`
        report: the committed change to undo

    Returns:
        a Result with a `ChangeReport` (action "rollback"); failed when the inverse was
        refused or the running config still differs from `report.before` (the diff is in
        the error)
    """
    host = task.host.name
    inverse = report.plan.inverse()
    journal = journal_of(task.host)

    def undo(conn: NetworkDriver) -> ChangeReport:
        error = None
        candidate, committed = "", False
        try:
            candidate, committed = apply_plan(conn, host, inverse, False, journal, "rollback")
        except DeviceError as exc:
            error = f"{exc}; the rollback candidate was discarded"
        after = config_lines(display(conn, host, RUNNING_COMMAND))
        if error is None and after != report.before:
            diff = list(difflib.unified_diff(report.before, after, "before", "after", lineterm=""))
            error = (
                f"{host}: after the rollback the running config still differs from before:\n"
                + "\n".join(diff[:DIFF_LINES_SHOWN])
            )
        return ChangeReport(host, "rollback", inverse, False, committed, candidate, after, error)

    return result(task, with_connection(task, undo))
