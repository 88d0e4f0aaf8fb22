"""``display remote-backup-service`` and ``display remote-backup-profile`` (RBS / RBP)."""

from __future__ import annotations

from nornir_arpha.parsers.base import opt_int, opt_str, required, run_template, single
from nornir_arpha.parsers.records import RbpInfo, RbpSummary, RbsInfo, RbsSummary

_RBS = "display remote-backup-service"
_RBP = "display remote-backup-profile"


def parse_rbs(text: str) -> RbsInfo:
    """Parse ``display remote-backup-service NAME``.

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        The service; ``connected`` tells whether its TCP channel is up. ``tcp_state`` is as
        printed, including the documented down value ``--`` (REFERENCE §4.1; the simulator
        shows it for an RBS without peer, source or port).

    Raises:
        UnsupportedLayout: the output is the all-services list, or lacks Service-Index,
            Service-Name or TCP-State.
        ParseError: the device replied with an error (e.g. no such service).
    """
    row = single(run_template("rbs", text, _RBS), _RBS)
    return RbsInfo(
        index=int(required(row, "INDEX", _RBS, "Service-Index")),
        name=required(row, "NAME", _RBS, "Service-Name"),
        tcp_state=required(row, "TCP_STATE", _RBS, "TCP-State", placeholder=True),
        peer=opt_str(row["PEER"]),
        source=opt_str(row["SOURCE"]),
        port=opt_int(row["PORT"]),
        track_bfd=opt_str(row["TRACK_BFD"]),
        ssl_policy_name=opt_str(row["SSL_POLICY_NAME"]),
        ssl_state=opt_str(row["SSL_STATE"]),
        last_up_time=opt_str(row["LAST_UP_TIME"]),
        last_down_time=opt_str(row["LAST_DOWN_TIME"]),
        last_down_reason=opt_str(row["LAST_DOWN_REASON"]),
    )


def parse_rbs_list(text: str) -> list[RbsSummary]:
    """Parse ``display remote-backup-service`` (no name): the configured services.

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        SERVER ID and SERVER NAME of each service, in order.

    Raises:
        UnsupportedLayout: a line is not part of the list layout.
        ParseError: the device replied with an error.
    """
    return [
        RbsSummary(index=int(row["INDEX"]), name=row["NAME"])
        for row in run_template("rbs_list", text, _RBS)
    ]


def parse_rbp(text: str) -> RbpInfo:
    """Parse ``display remote-backup-profile NAME``.

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        The profile. ``service_types`` splits the Service line (``bras multicast``);
        ``interfaces`` lists the bound interfaces; E-Trunk and VRRP fields are None when the
        profile tracks the other protocol.

    Raises:
        UnsupportedLayout: the output is the all-profiles list, or lacks Profile-Index or
            Profile-Name.
        ParseError: the device replied with an error (e.g. no such profile).
    """
    row = single(run_template("rbp", text, _RBP), _RBP)
    return RbpInfo(
        index=int(required(row, "INDEX", _RBP, "Profile-Index"), 16),
        name=required(row, "NAME", _RBP, "Profile-Name"),
        service_types=tuple((opt_str(row["SERVICE"]) or "").split()),
        rbs=opt_str(row["RBS"]),
        backup_id=opt_int(row["BACKUP_ID"]),
        track_protocol=opt_str(row["TRACK_PROTOCOL"]),
        e_trunk_id=opt_int(row["E_TRUNK_ID"]),
        eth_trunk_id=opt_int(row["ETH_TRUNK_ID"]),
        interfaces=tuple(row["INTERFACES"]),
        backup_mode=opt_str(row["BACKUP_MODE"]),
        vrrp_id=opt_int(row["VRRP_ID"]),
        vrrp_interface=opt_str(row["VRRP_INTERFACE"]),
        state=opt_str(row["STATE"]),
        peer_state=opt_str(row["PEER_STATE"]),
        forwarding=opt_str(row["FORWARDING"]),
    )


def parse_rbp_list(text: str) -> list[RbpSummary]:
    """Parse ``display remote-backup-profile`` (no name, or ``slot N``): the profiles.

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        PROFILE-ID (as int) and PROFILE-NAME of each profile, in order.

    Raises:
        UnsupportedLayout: a line is not part of the list layout.
        ParseError: the device replied with an error.
    """
    return [
        RbpSummary(index=int(row["INDEX"], 16), name=row["NAME"])
        for row in run_template("rbp_list", text, _RBP)
    ]
