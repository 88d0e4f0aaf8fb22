"""What `set_link_state` and `set_rbs_state` share: a shut/un-shut polled until confirmed,
and the one report both give."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nornir.core.task import Result, Task
from scrapli.driver import NetworkDriver

from nornir_arpha.device.session import with_connection
from nornir_arpha.device.vrp import ConfigSession, DeviceError, display
from nornir_arpha.plan import shutdown_step
from nornir_arpha.tasks.journaled import journal_of, journaled_shutdown
from nornir_arpha.tasks.polling import Deadline, poll


@dataclass(frozen=True)
class ToggleReport:
    """What a shut/un-shut task did and saw.

    Attributes:
        host: the PE
        target: what was shut or un-shut (`GigabitEthernet0/1/0`, `remote-backup-service rbs1`)
        up: the state asked for
        changed: a shutdown/undo shutdown was committed (False: it was already so)
        confirmed: the display showed the asked state before the deadline
        state: the last state the display showed (`Administratively DOWN`, `Connected`, ...)
        state_name: what the display calls that state (`state`, `TCP-State`)
        wanted: the state that confirms, for messages (`UP`, `TCP-State not Connected`, ...)
        elapsed_s: wall time from the commit to the confirmation (or to giving up)
        attempts: display readings taken
        command: the display used to confirm
        committed_at: monotonic time of the commit (None when nothing was committed)
    """

    host: str
    target: str
    up: bool
    changed: bool
    confirmed: bool
    state: str
    state_name: str
    wanted: str
    elapsed_s: float
    attempts: int
    command: str
    committed_at: float | None = None

    @property
    def message(self) -> str:
        action = "undo shutdown" if self.up else "shutdown"
        verdict = "confirmed" if self.confirmed else "NOT confirmed"
        return (
            f"{self.host}: {self.target} {action}: {self.wanted} {verdict} after "
            f"{self.elapsed_s:.2f}s ({self.attempts} readings of '{self.command}'; last "
            f"{self.state_name} {self.state})"
        )


@dataclass(frozen=True)
class Toggle:
    """How one kind of target is shut and confirmed.

    Attributes:
        kind: which task it is, for the journal: `link` or `rbs`
        target: the name in messages
        view: the configuration view that takes `shutdown`
        command: the display that shows the state
        state: the state a display shows (parses the output)
        state_name: what the display calls that state
        wanted: the confirming state in words, for `up` True and False
    """

    kind: str
    target: str
    view: str
    command: str
    state: Callable[[str], str]
    state_name: str
    wanted: Callable[[bool], str]


def toggle(
    task: Task,
    spec: Toggle,
    up: bool,
    deadline: Deadline,
    *,
    is_shut: Callable[[NetworkDriver], bool],
    reached: Callable[[str], bool],
) -> Result:
    """Commit `shutdown` (`up` False) or `undo shutdown` in the view unless it is so already,
    then poll the display until `reached(state)` or the deadline.

    Returns:
        a Result whose `result` is a `ToggleReport`; failed if refused or not confirmed
    """
    host = task.host.name
    journal = journal_of(task.host)

    def run(conn: NetworkDriver) -> ToggleReport:
        def read() -> str:
            return spec.state(display(conn, host, spec.command))

        changed = is_shut(conn) == up
        with journaled_shutdown(
            journal, host, spec.kind, spec.target, spec.view, changed and not up
        ):
            committed_at = commit_shutdown(conn, host, spec.view, up) if changed else None
        polled = poll(read, reached, deadline)
        if up and polled.met and journal is not None:
            journal.restored(host, spec.view)
        return ToggleReport(
            host=host,
            target=spec.target,
            up=up,
            changed=changed,
            confirmed=polled.met,
            state=polled.value,
            state_name=spec.state_name,
            wanted=spec.wanted(up),
            elapsed_s=polled.elapsed_s,
            attempts=polled.attempts,
            command=spec.command,
            committed_at=committed_at,
        )

    try:
        report = with_connection(task, run)
    except DeviceError as exc:
        return Result(host=task.host, result=str(exc), failed=True)
    return Result(
        host=task.host, result=report, changed=report.changed, failed=not report.confirmed
    )


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
