"""What `set_link_state` and `set_rbs_state` share: a shut/un-shut polled until confirmed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from nornir.core.task import Result, Task
from scrapli.driver import NetworkDriver

from nornir_arpha.connection import with_connection
from nornir_arpha.plan import shutdown_step
from nornir_arpha.vrp import ConfigSession, DeviceError


class ToggleReport(Protocol):
    """A shut/un-shut report: whether it committed, and how the confirmation went."""

    @property
    def changed(self) -> bool: ...

    @property
    def confirmed(self) -> bool: ...

    @property
    def elapsed_s(self) -> float: ...

    @property
    def attempts(self) -> int: ...

    @property
    def command(self) -> str: ...


def commit_shutdown(conn: NetworkDriver, host: str, view: str, up: bool) -> float:
    """Commit `shutdown` (or `undo shutdown`) in `view`, without reading the candidate back:
    a fault must start at a known moment.

    Returns:
        the commit's time (monotonic midpoint of its round trip)

    Raises:
        DeviceError: the device refused it; the candidate was discarded
    """
    with ConfigSession(conn, host) as session:
        session.send(shutdown_step(view, up).do.render())
        return session.commit()


def confirmation(report: ToggleReport, last: str) -> str:
    """The end of a report's message: the verdict, the time and readings, and `last` seen."""
    verb = "confirmed" if report.confirmed else "NOT confirmed"
    return (
        f"{verb} after {report.elapsed_s:.2f}s "
        f"({report.attempts} readings of '{report.command}'; last {last})"
    )


def toggle_result(task: Task, toggle: Callable[[NetworkDriver], ToggleReport]) -> Result:
    """Run `toggle` on the host's session: failed if the device refused or it was not confirmed."""
    try:
        report = with_connection(task, toggle)
    except DeviceError as exc:
        return Result(host=task.host, result=str(exc), failed=True)
    return Result(
        host=task.host, result=report, changed=report.changed, failed=not report.confirmed
    )
