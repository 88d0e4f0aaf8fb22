"""Task `set_link_state`: shut or un-shut an Eth-Trunk member or the Eth-Trunk, and confirm."""

from __future__ import annotations

from dataclasses import dataclass

from nornir.core.task import Result, Task
from scrapli.driver import NetworkDriver

from nornir_arpha.parsers import parse_interface
from nornir_arpha.parsers.records import InterfaceInfo
from nornir_arpha.polling import Deadline, poll
from nornir_arpha.tasks.change import host_intent
from nornir_arpha.tasks.toggle import commit_shutdown, confirmation, toggle_result
from nornir_arpha.vrp import display

ADMIN_DOWN = "ADMINISTRATIVELY DOWN"


@dataclass(frozen=True)
class LinkReport:
    """What `set_link_state` did and saw.

    Attributes:
        target: the interface, canonical name
        up: the state asked for
        changed: a shutdown/undo shutdown was committed (False: it was already so)
        confirmed: the display showed the asked state before the deadline
        state: the interface's last `current state` (`UP`, `DOWN`, `Administratively DOWN`)
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
    elapsed_s: float
    attempts: int
    command: str
    committed_at: float | None = None

    @property
    def message(self) -> str:
        wanted = "UP" if self.up else "Administratively DOWN"
        return f"{self.host}: {self.target} {wanted} {confirmation(self, f'state {self.state}')}"


def _reached(info: InterfaceInfo, up: bool) -> bool:
    state = info.state.upper()
    return state == "UP" if up else state.startswith(ADMIN_DOWN)


def set_link_state(task: Task, target: str, up: bool, deadline: Deadline) -> Result:
    """Shut (`up=False`) or un-shut a member port or the whole Eth-Trunk, commit, and poll
    `display interface` until it shows the new state or the deadline passes.

    Args:
        task: the Nornir task of one PE
        target: the Eth-Trunk (`Eth-Trunk10`) or one of its members (`GigabitEthernet0/1/0`)
        up: True to un-shut, False to shut
        deadline: how long to wait for the state, and how often to look

    Returns:
        a Result whose `result` is a `LinkReport`; failed if refused or not confirmed in time

    Raises:
        ValueError: `target` is neither the intent's Eth-Trunk nor one of its members
    """
    intent = host_intent(task)
    host = task.host.name
    allowed = {name.casefold(): name for name in (intent.eth_trunk.name, *intent.eth_trunk.members)}
    if target.casefold() not in allowed:
        raise ValueError(
            f"{host}: {target} is not {intent.eth_trunk.name} or one of its members "
            f"({', '.join(intent.eth_trunk.members)})"
        )
    target = allowed[target.casefold()]
    command = f"display interface {target}"

    def run(conn: NetworkDriver) -> LinkReport:
        def read() -> InterfaceInfo:
            return parse_interface(display(conn, host, command))

        current = read()
        changed = ADMIN_DOWN in current.state.upper() if up else not _reached(current, up)
        committed_at = commit_shutdown(conn, host, f"interface {target}", up) if changed else None
        polled = poll(read, lambda info: _reached(info, up), deadline)
        state = polled.value.state
        return LinkReport(
            host,
            target,
            up,
            changed,
            polled.met,
            state,
            polled.elapsed_s,
            polled.attempts,
            command,
            committed_at,
        )

    return toggle_result(task, run)
