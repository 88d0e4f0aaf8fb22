"""Task `set_link_state`: shut or un-shut an Eth-Trunk member or the Eth-Trunk, and confirm."""

from __future__ import annotations

from collections.abc import Sequence

from nornir.core.task import Result, Task

from nornir_arpha.device.vrp import display
from nornir_arpha.lab import HotBackupIntent
from nornir_arpha.parsers import parse_interface
from nornir_arpha.tasks.change import host_intent
from nornir_arpha.tasks.polling import Deadline
from nornir_arpha.tasks.toggle import Toggle, toggle

ADMIN_DOWN = "ADMINISTRATIVELY DOWN"


def _reached(state: str, up: bool) -> bool:
    return state.upper() == "UP" if up else state.upper().startswith(ADMIN_DOWN)


def _state(output: str) -> str:
    return parse_interface(output).state


def link_target(host: str, intent: HotBackupIntent, target: str, paths: Sequence[str] = ()) -> str:
    """The canonical name of `target`, which must be the intent's Eth-Trunk, a member, or one
    of `paths` (the PE's inter-PE ports, which a path fault shuts).

    The one check of what a link fault may shut: the task and `suite.faults` use it.

    Raises:
        ValueError: anything else, naming what is allowed
    """
    trunk = intent.eth_trunk
    allowed = {name.casefold(): name for name in (trunk.name, *trunk.members, *paths)}
    if target.casefold() not in allowed:
        raise ValueError(
            f"{host}: {target} is not {trunk.name} or one of its members "
            f"({', '.join(trunk.members)}){' or an inter-PE port' if paths else ''}; only the "
            "lab's Eth-Trunk and inter-PE path are shut"
        )
    return allowed[target.casefold()]


def set_link_state(
    task: Task, target: str, up: bool, deadline: Deadline, paths: Sequence[str] = ()
) -> Result:
    """Shut (`up=False`) or un-shut a member port or the whole Eth-Trunk, commit, and poll
    `display interface` until it shows the new state or the deadline passes.

    Args:
        task: the Nornir task of one PE
        target: the Eth-Trunk (`Eth-Trunk10`) or one of its members (`GigabitEthernet0/1/0`)
        up: True to un-shut, False to shut
        deadline: how long to wait for the state, and how often to look
        paths: the PE's inter-PE ports, which may be shut too (a path fault)

    Returns:
        a Result whose `result` is a `ToggleReport`; failed if refused or not confirmed in time

    Raises:
        ValueError: `target` is not the intent's Eth-Trunk, a member or one of `paths`
    """
    host = task.host.name
    target = link_target(host, host_intent(task), target, paths)
    spec = Toggle(
        kind="link",
        target=target,
        view=f"interface {target}",
        command=f"display interface {target}",
        state=_state,
        state_name="state",
        wanted=lambda up: "UP" if up else "Administratively DOWN",
    )
    return toggle(
        task,
        spec,
        up,
        deadline,
        is_shut=lambda conn: ADMIN_DOWN in _state(display(conn, host, spec.command)).upper(),
        reached=lambda state: _reached(state, up),
    )
