"""`display remote-backup-service` and `display remote-backup-profile` (REFERENCE §4.1, §4.2)."""

from __future__ import annotations

from dataclasses import dataclass

RBS_RULE = "-" * 58
RBP_RULE = "-" * 47
FIRST_PROFILE_INDEX = 0x1000


@dataclass(frozen=True)
class RbsView:
    """Everything `display remote-backup-service NAME` shows; unset values are `--`."""

    index: int
    name: str
    tcp_state: str
    peer_ip: str
    source_ip: str
    port: str
    last_up: str | None
    last_down: str | None
    down_reason: str | None


def render_rbs_list(names: list[str]) -> list[str]:
    """The list of every RBS with its index."""
    lines = [
        "---------REMOTE-BACKUP-SERVICE----------",
        "        SERVER ID  SERVER NAME",
        " ----------------------------------------",
    ]
    lines += [f"{index:>17}  {name}" for index, name in enumerate(names, start=1)]
    lines += [
        " ----------------------------------------",
        f"  Total {len(names)},{len(names)} printed",
    ]
    return lines


def render_rbs(view: RbsView) -> list[str]:
    """The detail block of one RBS; the up/down lines appear once they have happened."""
    fields = [
        ("Service-Index", str(view.index)),
        ("Service-Name", view.name),
        ("TCP-State", view.tcp_state),
        ("Peer-ip", view.peer_ip),
        ("Source-ip", view.source_ip),
        ("TCP-Port", view.port),
        ("Track-BFD", "--"),
        ("SSL-Policy-Name", "--"),
        ("SSL-State", "--"),
    ]
    if view.last_up is not None:
        fields.append(("Last up time", view.last_up))
    if view.last_down is not None:
        fields.append(("Last down time", view.last_down))
        fields.append(("Last down reason", view.down_reason or "--"))
    return [RBS_RULE, *(f" {label:<17}: {value}" for label, value in fields), RBS_RULE]


@dataclass(frozen=True)
class RbpView:
    """Everything `display remote-backup-profile NAME` shows; unset values are `--`."""

    index: int
    name: str
    service: str
    rbs: str
    backup_id: str
    etrunk_id: int | None
    eth_trunk_id: int | None
    interfaces: tuple[str, ...]
    backup_mode: str


def profile_index(position: int) -> str:
    """The `Profile-Index` of the RBP at `position` (0-based) in creation order."""
    return f"{FIRST_PROFILE_INDEX + position:#x}"


def render_rbp_list(names: list[str]) -> list[str]:
    """The list of every RBP with its index."""
    lines = [
        "----------REMOTE-BACKUP-PROFILE----------",
        "         PROFILE-ID  PROFILE-NAME",
        " -----------------------------------------",
    ]
    lines += [f"{'':9}{profile_index(i):<12}{name}" for i, name in enumerate(names)]
    lines += [" -----------------------------------------", f"  Total {len(names)} printed."]
    return lines


def render_rbp(view: RbpView) -> list[str]:
    """The detail block of one RBP, in the E-Trunk-tracked layout of the MLD and IGMP
    configuration examples (rule indented by one blank, as both of them print it)."""
    lines = [
        f" {RBP_RULE}",
        f" Profile-Index        : {profile_index(view.index)}",
        f" Profile-Name         : {view.name}",
        f" Service              : {view.service}",
        f" Remote-backup-service: {view.rbs}",
        f" Backup-ID            : {view.backup_id}",
    ]
    if view.etrunk_id is not None and view.eth_trunk_id is not None:
        lines += [
            " track protocol       : E-TRUNK",
            f"     E-Trunk  ID      : {view.etrunk_id}",
            f"     Eth-trunk ID     : {view.eth_trunk_id}",
        ]
    else:
        lines.append(" track protocol       : --")
    lines.append(" Interface            :")
    lines += [f"{'':24}{name}" for name in view.interfaces]
    if view.etrunk_id is not None:
        lines.append(" Forwarding Configured: Slave Forwarding")
    lines += [
        f" Backup mode          : {view.backup_mode}",
        " Slot-Number          : --",
        " Card-Number          : --",
        " Port-Number          : --",
    ]
    return lines
