"""Task `collect_state`: run the hot-backup displays on one PE and parse them."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from typing import Literal, TypeVar, get_args

from nornir.core.task import Result, Task
from scrapli.driver import NetworkDriver

from nornir_arpha.device.session import with_connection
from nornir_arpha.device.vrp import error_text, send_display
from nornir_arpha.lab import HotBackupIntent
from nornir_arpha.parsers import (
    ParseError,
    parse_arp_table,
    parse_eth_trunk,
    parse_etrunk,
    parse_interface,
    parse_rbp,
    parse_rbs,
)
from nornir_arpha.parsers.records import InterfaceInfo
from nornir_arpha.tasks.change import host_intent
from nornir_arpha.tasks.state import Display, PeState

logger = logging.getLogger(__name__)

R = TypeVar("R")
ARP_COMMAND = "display arp all"

StatePart = Literal["interfaces", "rbs", "rbp", "e_trunk", "eth_trunk", "arp"]
ALL_PARTS: frozenset[StatePart] = frozenset(get_args(StatePart))


def _read(
    conn: NetworkDriver,
    displays: dict[str, Display],
    key: str,
    command: str,
    parser: Callable[[str], R],
) -> R | None:
    response = send_display(conn, conn.host, command)
    output = response.result
    if response.failed:
        displays[key] = Display(command, output, f"the device answered: {error_text(output)}")
        return None
    try:
        record = parser(output)
    except ParseError as exc:
        logger.warning("%s: %s", conn.host, exc)
        displays[key] = Display(command, output, f"cannot parse the output: {exc}")
        return None
    displays[key] = Display(command, output)
    return record


def read_state(
    conn: NetworkDriver,
    host: str,
    intent: HotBackupIntent,
    parts: Collection[StatePart] = ALL_PARTS,
) -> PeState:
    """Run the scenario's displays on an open session and parse them.

    A display the device refuses (object not configured) or that cannot be parsed gives a
    None record; its `Display.error` says why. A part left out of `parts` is not run:
    its record is None and its display absent.

    Args:
        conn: the PE's open session
        host: the PE's inventory name
        intent: the PE's hot-backup intent (names and ids to display)
        parts: which displays to run (every one by default)
    """
    displays: dict[str, Display] = {}
    trunk = intent.eth_trunk

    def read(part: StatePart, command: str, parser: Callable[[str], R]) -> R | None:
        if part not in parts:
            return None
        return _read(conn, displays, part, command, parser)

    interfaces: list[InterfaceInfo] = []
    if "interfaces" in parts:
        for name in (trunk.name, *trunk.members):
            key = f"interface {name}"
            info = _read(conn, displays, key, f"display interface {name}", parse_interface)
            if info is not None:
                interfaces.append(info)
    return PeState(
        host=host,
        rbs=read("rbs", f"display remote-backup-service {intent.rbs.name}", parse_rbs),
        rbp=read("rbp", f"display remote-backup-profile {intent.rbp.name}", parse_rbp),
        e_trunk=read("e_trunk", f"display e-trunk {intent.e_trunk.id}", parse_etrunk),
        eth_trunk=read("eth_trunk", f"display eth-trunk {trunk.id}", parse_eth_trunk),
        arp=read("arp", ARP_COMMAND, parse_arp_table),
        interfaces=tuple(interfaces),
        displays=displays,
    )


def collect_state(task: Task) -> Result:
    """Read one PE's RBS, RBP, E-Trunk, Eth-Trunk, ARP table and interface counters.

    Returns:
        a Result whose `result` is a `PeState` of typed records (see `nornir_arpha.tasks.state`)
    """
    intent = host_intent(task)
    state = with_connection(task, lambda conn: read_state(conn, task.host.name, intent))
    return Result(host=task.host, result=state)
