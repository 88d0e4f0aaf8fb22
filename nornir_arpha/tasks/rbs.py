"""Task `set_rbs_state`: shut or un-shut the PE's RBS (the backup channel), and confirm.

`shutdown` in the RBS view disables the Remote Backup Service (REFERENCE §3.4): its TCP
channel to the peer closes and hot backup stops until `undo shutdown`, after which the
channel reconnects.
"""

from __future__ import annotations

from nornir.core.task import Result, Task
from scrapli.driver import NetworkDriver

from nornir_arpha.device.vrp import RUNNING_COMMAND, display
from nornir_arpha.parsers import parse_config, parse_rbs
from nornir_arpha.tasks.change import host_intent
from nornir_arpha.tasks.polling import Deadline
from nornir_arpha.tasks.toggle import Toggle, toggle


def set_rbs_state(task: Task, up: bool, deadline: Deadline) -> Result:
    """Shut (`up=False`) or un-shut the intent's RBS, commit, and poll
    `display remote-backup-service NAME` until the channel is down (shut) or Connected
    again (un-shut), or the deadline passes.

    Args:
        task: the Nornir task of one PE
        up: True to un-shut, False to shut
        deadline: how long to wait for the state, and how often to look

    Returns:
        a Result whose `result` is a `ToggleReport`; failed if refused or not confirmed
    """
    host, rbs = task.host.name, host_intent(task).rbs.name
    view = f"remote-backup-service {rbs}"
    spec = Toggle(
        kind="rbs",
        target=view,
        view=view,
        command=f"display remote-backup-service {rbs}",
        state=lambda output: parse_rbs(output).tcp_state,
        state_name="TCP-State",
        wanted=lambda up: "TCP-State Connected" if up else "TCP-State not Connected",
    )

    def is_shut(conn: NetworkDriver) -> bool:
        section = parse_config(display(conn, host, RUNNING_COMMAND)).section(view)
        return section is not None and "shutdown" in section

    return toggle(
        task,
        spec,
        up,
        deadline,
        is_shut=is_shut,
        reached=lambda state: (state.casefold() == "connected") == up,
    )
