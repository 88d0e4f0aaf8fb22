"""Task `set_rbs_state`: shut or un-shut the PE's RBS (the backup channel), and confirm.

`shutdown` in the RBS view disables the Remote Backup Service (REFERENCE §3.4): its TCP
channel to the peer closes and hot backup stops until `undo shutdown`, after which the
channel reconnects.
"""

from __future__ import annotations

from dataclasses import dataclass

from nornir.core.task import Result, Task
from scrapli.driver import NetworkDriver

from nornir_arpha.parsers import parse_config, parse_rbs
from nornir_arpha.parsers.records import RbsInfo
from nornir_arpha.polling import Deadline, poll
from nornir_arpha.tasks.change import host_intent
from nornir_arpha.tasks.toggle import commit_shutdown, confirmation, toggle_result
from nornir_arpha.vrp import RUNNING_COMMAND, display


@dataclass(frozen=True)
class ChannelReport:
    """What `set_rbs_state` did and saw.

    Attributes:
        host: the PE
        rbs: the RBS name
        up: the state asked for (True: enabled and Connected)
        changed: a shutdown/undo shutdown was committed (False: it was already so)
        confirmed: the display showed the asked state before the deadline
        tcp_state: the RBS's last `TCP-State`
        elapsed_s: wall time from the commit to the confirmation (or to giving up)
        attempts: display readings taken
        command: the display used to confirm
        committed_at: monotonic time of the commit (None when nothing was committed)
    """

    host: str
    rbs: str
    up: bool
    changed: bool
    confirmed: bool
    tcp_state: str
    elapsed_s: float
    attempts: int
    command: str
    committed_at: float | None = None

    @property
    def message(self) -> str:
        action = "undo shutdown" if self.up else "shutdown"
        wanted = "Connected" if self.up else "not Connected"
        return (
            f"{self.host}: remote-backup-service {self.rbs} {action}: TCP-State {wanted} "
            f"{confirmation(self, f'TCP-State {self.tcp_state}')}"
        )


def set_rbs_state(task: Task, up: bool, deadline: Deadline) -> Result:
    """Shut (`up=False`) or un-shut the intent's RBS, commit, and poll
    `display remote-backup-service NAME` until the channel is down (shut) or Connected
    again (un-shut), or the deadline passes.

    Args:
        task: the Nornir task of one PE
        up: True to un-shut, False to shut
        deadline: how long to wait for the state, and how often to look

    Returns:
        a Result whose `result` is a `ChannelReport`; failed if refused or not confirmed
    """
    intent = host_intent(task)
    host, rbs = task.host.name, intent.rbs.name
    command = f"display remote-backup-service {rbs}"

    def run(conn: NetworkDriver) -> ChannelReport:
        def read() -> RbsInfo:
            return parse_rbs(display(conn, host, command))

        view = f"remote-backup-service {rbs}"
        section = parse_config(display(conn, host, RUNNING_COMMAND)).section(view)
        shut = section is not None and "shutdown" in section
        changed = shut == up
        committed_at = commit_shutdown(conn, host, view, up) if changed else None
        polled = poll(read, lambda info: info.connected == up, deadline)
        return ChannelReport(
            host,
            rbs,
            up,
            changed,
            polled.met,
            polled.value.tcp_state,
            polled.elapsed_s,
            polled.attempts,
            command,
            committed_at,
        )

    return toggle_result(task, run)
