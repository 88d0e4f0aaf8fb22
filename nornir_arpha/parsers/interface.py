"""``display interface [NAME]`` and ``display interface brief``."""

from __future__ import annotations

from typing import Any

from nornir_arpha.parsers.base import opt_int, opt_str, run_template, single
from nornir_arpha.parsers.eth_trunk import trunk_ports
from nornir_arpha.parsers.records import InterfaceBrief, InterfaceInfo

_COMMAND = "display interface"


def parse_interface(text: str) -> InterfaceInfo:
    """Parse ``display interface NAME`` (Eth-Trunk, physical or logical interface).

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        The interface with its states, address, counters, rates and (Eth-Trunk) members.

    Raises:
        UnsupportedLayout: no ``NAME current state :`` line, or a member-table line is not
            recognised.
        ParseError: the output describes more than one interface, or the device replied
            with an error.
    """
    return single(parse_interfaces(text), _COMMAND)


def parse_interfaces(text: str) -> list[InterfaceInfo]:
    """Parse ``display interface`` (no argument): every interface, in order.

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        One record per ``NAME current state :`` block.

    Raises:
        UnsupportedLayout: a member-table line is not recognised.
        ParseError: the device replied with an error.
    """
    return [_interface(row) for row in run_template("interface", text, _COMMAND)]


def _interface(row: dict[str, Any]) -> InterfaceInfo:
    return InterfaceInfo(
        name=row["NAME"],
        state=row["STATE"],
        line_protocol=opt_str(row["LINE_PROTOCOL"]),
        line_protocol_reason=opt_str(row["LINE_PROTOCOL_REASON"]),
        description=opt_str(row["DESCRIPTION"]),
        ip_address=opt_str(row["IP_ADDRESS"]),
        mac=opt_str(row["MAC"]),
        in_packets=opt_int(row["IN_PACKETS"]),
        in_bytes=opt_int(row["IN_BYTES"]),
        out_packets=opt_int(row["OUT_PACKETS"]),
        out_bytes=opt_int(row["OUT_BYTES"]),
        in_rate_bps=opt_int(row["IN_RATE_BPS"]),
        in_rate_pps=opt_int(row["IN_RATE_PPS"]),
        out_rate_bps=opt_int(row["OUT_RATE_BPS"]),
        out_rate_pps=opt_int(row["OUT_RATE_PPS"]),
        members=trunk_ports(row["MEMBERS"]),
        ports_in_trunk=opt_int(row["PORTS_IN_TRUNK"]),
        up_ports_in_trunk=opt_int(row["UP_PORTS_IN_TRUNK"]),
    )


def parse_interface_brief(text: str) -> list[InterfaceBrief]:
    """Parse ``display interface brief``.

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        One row per interface; rows indented under an Eth-Trunk row are its members
        (``member_of``).

    Raises:
        UnsupportedLayout: another column layout (e.g. ``display interface ethernet brief``)
            or an unrecognised line.
        ParseError: the device replied with an error.
    """
    rows: list[InterfaceBrief] = []
    parent: str | None = None
    for row in run_template("interface_brief", text, f"{_COMMAND} brief"):
        indented = bool(row["INDENT"])
        if not indented:
            parent = row["INTERFACE"]
        rows.append(
            InterfaceBrief(
                interface=row["INTERFACE"],
                suffix=opt_str(row["SUFFIX"]),
                phy=row["PHY"],
                protocol=row["PROTOCOL"],
                in_uti=_percent(row["IN_UTI"]),
                out_uti=_percent(row["OUT_UTI"]),
                in_errors=int(row["IN_ERRORS"]),
                out_errors=int(row["OUT_ERRORS"]),
                member_of=parent if indented else None,
            )
        )
    return rows


def _percent(value: str) -> float | None:
    text = opt_str(value)
    return None if text is None else float(text.rstrip("%"))
