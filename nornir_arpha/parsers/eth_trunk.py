"""``display eth-trunk [ID]`` and ``display eth-trunk brief``."""

from __future__ import annotations

from typing import Any

from nornir_arpha.parsers.base import opt_int, opt_str, required, run_template, single
from nornir_arpha.parsers.records import EthTrunkBrief, EthTrunkInfo, TrunkPort

_COMMAND = "display eth-trunk"


def trunk_ports(rows: list[dict[str, str]]) -> tuple[TrunkPort, ...]:
    """Member-port rows of a template as TrunkPorts.

    Args:
        rows: dicts with ``name``, ``status`` and optional ``weight`` (a List Value's groups).

    Returns:
        The ports, in order.
    """
    return tuple(
        TrunkPort(name=row["name"], status=row["status"], weight=opt_int(row.get("weight")))
        for row in rows
    )


def parse_eth_trunk(text: str) -> EthTrunkInfo:
    """Parse ``display eth-trunk ID``.

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        The trunk with its working mode, operate status, up-port count and member ports.

    Raises:
        UnsupportedLayout: no trunk in the output, or a port-table line is not recognised.
        ParseError: the output describes more than one trunk, or the device replied with an
            error.
    """
    return single(parse_eth_trunks(text), _COMMAND)


def parse_eth_trunks(text: str) -> list[EthTrunkInfo]:
    """Parse ``display eth-trunk``: every trunk, in order.

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        The trunks (``[]`` for ``Info: No valid trunk in the system.``).

    Raises:
        UnsupportedLayout: a line is not recognised, e.g. a trunk block without its
            ``Eth-TrunkN's state information is:`` line.
        ParseError: the device replied with an error.
    """
    return [_trunk(row) for row in run_template("eth_trunk", text, _COMMAND)]


def _trunk(row: dict[str, Any]) -> EthTrunkInfo:
    name = required(row, "NAME", _COMMAND, "Eth-Trunk<N>'s state information")
    return EthTrunkInfo(
        trunk_id=int(name.removeprefix("Eth-Trunk")),
        name=name,
        working_mode=required(row, "WORKING_MODE", _COMMAND, "WorkingMode"),
        operate_status=opt_str(row["OPERATE_STATUS"]),
        up_port_count=opt_int(row["UP_PORTS"]),
        members=trunk_ports(row["NORMAL_PORTS"] + row["LACP_PORTS"] + row["BACKUP_PORTS"]),
        lag_id=opt_int(row["LAG_ID"]),
        hash_arithmetic=opt_str(row["HASH_ARITHMETIC"]),
        system_id=opt_str(row["SYSTEM_ID"]),
        working_state=opt_str(row["WORKING_STATE"]),
    )


def parse_eth_trunk_brief(text: str) -> list[EthTrunkBrief]:
    """Parse ``display eth-trunk brief``.

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        One row per trunk; ``role`` (E-Trunk M/S) is None for ``-``.

    Raises:
        UnsupportedLayout: a line is neither legend, header nor trunk row.
        ParseError: the device replied with an error.
    """
    command = f"{_COMMAND} brief"
    return [
        EthTrunkBrief(
            name=row["NAME"],
            trunk_id=int(row["NAME"].removeprefix("Eth-Trunk")),
            mode=row["MODE"],
            status=row["STATUS"],
            role=opt_str(row["ROLE"]),
            active=int(row["ACTIVE"]),
            inactive=int(row["INACTIVE"]),
            configured=int(row["CONFIGURED"]),
            bandwidth_mbps=int(row["BANDWIDTH"]),
        )
        for row in run_template("eth_trunk_brief", text, command)
    ]
