"""`display e-trunk ID` and `display e-trunk brief` (REFERENCE §4.3, command-reference layout)."""

from __future__ import annotations

from dataclasses import dataclass

from nornir_arpha.sim import inferred

GRID_COLUMN = 40  # where the right-hand `Label : value` of the detail grid starts
RULE = "-" * 80
BRIEF_RULE = "-" * 111


@dataclass(frozen=True)
class ETrunkMemberView:
    """One row of the member table."""

    trunk_id: int
    local_phy_up: bool
    work_mode: str
    state: str
    causation: str
    remote_id: int | None


@dataclass(frozen=True)
class ETrunkView:
    """Everything `display e-trunk ID` shows."""

    etrunk_id: int
    revert_delay_s: int
    priority: int
    system_id: str
    peer_ip: str
    source_ip: str
    state: str
    causation: str
    send_period_100ms: int
    fail_time_100ms: int
    received: int
    sent: int
    rec_drop: int
    snd_drop: int
    peer_priority: int
    peer_system_id: str
    peer_fail_time_100ms: int
    description: str | None
    members: tuple[ETrunkMemberView, ...]


def _pair(left: str, right: str) -> str:
    return f"{left:<{GRID_COLUMN}}{right}"


def _cell(value: object, width: int) -> str:
    """A table cell padded to `width`, always followed by at least one blank."""
    return f"{value!s:<{width - 1}} "


def render_etrunk(view: ETrunkView) -> list[str]:
    """The detail display of one E-Trunk."""
    lines = [
        f"{'':26}The E-Trunk information",
        "",
        _pair(f"E-Trunk-ID : {view.etrunk_id}", f"Revert-Delay-Time (s) : {view.revert_delay_s}"),
        _pair(f"Priority : {view.priority}", f"System-ID : {view.system_id}"),
        _pair(f"Peer-IP : {view.peer_ip}", f"Source-IP : {view.source_ip}"),
        _pair(f"State : {view.state}", f"Causation : {view.causation}"),
        _pair(
            f"Send-Period (100ms) : {view.send_period_100ms}",
            f"Fail-Time (100ms) : {view.fail_time_100ms}",
        ),
        _pair(f"Receive : {view.received}", f"Send : {view.sent}"),
        _pair(f"RecDrop : {view.rec_drop}", f"SndDrop : {view.snd_drop}"),
        _pair(f"Peer-Priority : {view.peer_priority}", f"Peer-System-ID : {view.peer_system_id}"),
        _pair(f"Peer-Fail-Time (100ms) : {view.peer_fail_time_100ms}", "BFD-Session : hello"),
    ]
    if view.description:
        lines.append(f"Description : {view.description}")
    lines += [
        "Sequence : Disable",
        _pair("Dynamic-BFD : Disabled", "BFD-State : -"),
        _pair("TX (ms) : -", "RX (ms) : -"),
        "Multiplier : -",
        RULE,
        f"{'':28}The Member information",
        "Type      ID   LocalPhyState   Work-Mode      State    Causation      Remote-ID",
    ]
    for member in view.members:
        remote = inferred.ETRUNK_UNKNOWN_REMOTE_ID if member.remote_id is None else member.remote_id
        lines.append(
            _cell("Eth-Trunk", 10)
            + _cell(member.trunk_id, 5)
            + _cell("Up" if member.local_phy_up else "Down", 16)
            + _cell(member.work_mode, 15)
            + _cell(member.state, 9)
            + _cell(member.causation, 15)
            + str(remote)
        )
    return lines


@dataclass(frozen=True)
class ETrunkBriefRow:
    """One row of `display e-trunk brief`."""

    etrunk_id: int
    state: str
    peer_ip: str
    source_ip: str


def render_etrunk_brief(rows: list[ETrunkBriefRow]) -> list[str]:
    """The one-line-per-E-Trunk summary with its state totals."""
    lines = [
        f"{'E-TRUNK-ID':<12}{'State':<9}{'VPN-Instance':<31}{'Peer-IP':<31}Source-IP",
        BRIEF_RULE,
    ]
    for row in rows:
        lines.append(
            f"{row.etrunk_id:<12}{row.state:<9}{inferred.ETRUNK_NO_VPN:<31}"
            f"{row.peer_ip:<31}{row.source_ip}"
        )
    states = [row.state for row in rows]
    total, master = f"Total:{len(rows)}", f"Master:{states.count('Master')}"
    backup = f"Backup:{states.count('Backup')}"
    lines += [BRIEF_RULE, f"{total:<14}{master:<13}{backup:<17}Init:{states.count('Init')}"]
    return lines
