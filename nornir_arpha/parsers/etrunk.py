"""``display e-trunk ID`` and ``display e-trunk brief``."""

from __future__ import annotations

from typing import Any

from nornir_arpha.parsers.base import opt_int, opt_str, required, run_template, single
from nornir_arpha.parsers.records import ETrunkBrief, ETrunkInfo, ETrunkMember

_COMMAND = "display e-trunk"


def parse_etrunk(text: str) -> ETrunkInfo:
    """Parse ``display e-trunk ID``.

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        The E-Trunk and its member Eth-Trunks.

    Raises:
        UnsupportedLayout: no E-Trunk block, or a member table row is not recognised.
        ParseError: the output describes more than one E-Trunk, or the device replied with
            an error.
    """
    return single(parse_etrunks(text), _COMMAND)


def parse_etrunks(text: str) -> list[ETrunkInfo]:
    """Parse output holding any number of E-Trunk blocks (one per ``The E-Trunk information``).

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        The E-Trunks in order (``[]`` for empty output).

    Raises:
        UnsupportedLayout: a line outside the blocks, or a member row, is not recognised.
        ParseError: the device replied with an error.
    """
    return [_etrunk(row) for row in run_template("etrunk", text, _COMMAND)]


def _etrunk(row: dict[str, Any]) -> ETrunkInfo:
    return ETrunkInfo(
        etrunk_id=int(row["ETRUNK_ID"]),
        priority=opt_int(row["PRIORITY"]),
        system_id=opt_str(row["SYSTEM_ID"]),
        peer_ip=opt_str(row["PEER_IP"]),
        source_ip=opt_str(row["SOURCE_IP"]),
        vpn_instance=opt_str(row["VPN_INSTANCE"]),
        state=required(row, "STATE", _COMMAND, "State"),
        causation=opt_str(row["CAUSATION"]),
        send_period=opt_int(row["SEND_PERIOD"]),
        fail_time=opt_int(row["FAIL_TIME"]),
        receive=opt_int(row["RECEIVE"]),
        send=opt_int(row["SEND"]),
        rec_drop=opt_int(row["REC_DROP"]),
        snd_drop=opt_int(row["SND_DROP"]),
        peer_priority=opt_int(row["PEER_PRIORITY"]),
        peer_system_id=opt_str(row["PEER_SYSTEM_ID"]),
        peer_fail_time=opt_int(row["PEER_FAIL_TIME"]),
        bfd_session=opt_str(row["BFD_SESSION"]),
        revert_delay=opt_int(row["REVERT_DELAY"]),
        description=opt_str(row["DESCRIPTION"]),
        members=tuple(
            ETrunkMember(
                type=member["type"],
                id=int(member["id"]),
                local_phy_state=member["phy"],
                work_mode=member["work_mode"],
                state=member["state"],
                causation=member["causation"],
                remote_id=opt_int(member["remote_id"]),
            )
            for member in row["MEMBERS"]
        ),
    )


def parse_etrunk_brief(text: str) -> list[ETrunkBrief]:
    """Parse ``display e-trunk brief``.

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        One row per E-Trunk; ``vpn_instance`` is None when the column is empty or ``--``.

    Raises:
        UnsupportedLayout: a line is not part of the brief layout.
        ParseError: the device replied with an error.
    """
    command = f"{_COMMAND} brief"
    return [
        ETrunkBrief(
            etrunk_id=int(row["ETRUNK_ID"]),
            state=row["STATE"],
            vpn_instance=opt_str(row["VPN_INSTANCE"]),
            peer_ip=row["PEER_IP"],
            source_ip=row["SOURCE_IP"],
        )
        for row in run_template("etrunk_brief", text, command)
    ]
