"""What one PE must carry, in the order of the configuration procedure, from its lab intent."""

from __future__ import annotations

from dataclasses import dataclass

from nornir_arpha.lab import HotBackupIntent
from nornir_arpha.plan import lines as L

DEFAULT_ETRUNK_PRIORITY = 100


@dataclass(frozen=True)
class Section:
    """A configuration object: a top-level block of `display current-configuration`.

    Attributes:
        what: how reports name it, e.g. "RBS rbs1"
        header: its first line in the running config, e.g. "remote-backup-service rbs1"
        enter: the system-view command that enters (and creates) its view
        delete: the system-view command that removes it; None for objects this framework
            never creates or removes (the Eth-Trunk belongs to the lab's baseline)
        kinds: the line kinds recognised inside it
    """

    what: str
    header: str
    enter: str
    delete: str | None
    kinds: tuple[L.LineKind, ...]


@dataclass(frozen=True)
class Target:
    """Lines one section must hold, and keys it must not hold (left at the default).

    Attributes:
        users: lines elsewhere that would use what this target holds; one that is not the
            lab's own makes the target shared, so not the lab's to change or remove
    """

    section: Section
    lines: tuple[L.Line, ...]
    absent: tuple[str, ...] = ()
    users: tuple[L.Reference, ...] = ()


def rbs_section(intent: HotBackupIntent) -> Section:
    name = intent.rbs.name
    return Section(
        what=f"RBS {name}",
        header=f"remote-backup-service {name}",
        enter=f"remote-backup-service {name}",
        delete=f"undo remote-backup-service {name}",
        kinds=(L.RBS_PEER, L.RBS_PEER_V6),
    )


def e_trunk_section(intent: HotBackupIntent) -> Section:
    etrunk = intent.e_trunk.id
    return Section(
        what=f"E-Trunk {etrunk}",
        header=f"e-trunk {etrunk}",
        enter=f"e-trunk {etrunk}",
        delete=f"undo e-trunk {etrunk}",
        kinds=(L.ETRUNK_PEER, L.ETRUNK_PEER_V6, L.ETRUNK_PRIORITY),
    )


def eth_trunk_section(intent: HotBackupIntent) -> Section:
    trunk = intent.eth_trunk
    return Section(
        what=trunk.name,
        header=f"interface {trunk.name}",
        enter=f"interface eth-trunk {trunk.id}",
        delete=None,
        kinds=(L.TRUNK_ETRUNK, L.TRUNK_ETRUNK_MODE, L.TRUNK_RBP),
    )


def rbp_section(intent: HotBackupIntent) -> Section:
    name = intent.rbp.name
    return Section(
        what=f"RBP {name}",
        header=f"remote-backup-profile {name}",
        enter=f"remote-backup-profile {name}",
        delete=f"undo remote-backup-profile {name}",
        kinds=(L.RBP_BACKUP_ID, L.RBP_SERVICE_ARP, L.RBP_ETRUNK),
    )


def desired(intent: HotBackupIntent) -> tuple[Target, ...]:
    """The procedure's five steps as targets, in dependency order.

    1. RBS with its TCP peer; 2. E-Trunk with its peer (and priority); 3. the Eth-Trunk joins
    the E-Trunk in force-master mode; 4. the RBP with backup-id, `service-type arp` and the
    E-Trunk binding; 5. the RBP bound to the Eth-Trunk.
    """
    rbs, etrunk, trunk, rbp = intent.rbs, intent.e_trunk, intent.eth_trunk, intent.rbp
    rbs_peer = L.RBS_PEER_V6 if rbs.ipv6 else L.RBS_PEER
    etrunk_peer = L.ETRUNK_PEER_V6 if etrunk.ipv6 else L.ETRUNK_PEER
    etrunk_lines = [etrunk_peer.make(peer=etrunk.peer, source=etrunk.source)]
    absent: tuple[str, ...] = ()
    if etrunk.priority == DEFAULT_ETRUNK_PRIORITY:
        absent = (L.ETRUNK_PRIORITY.key,)
    else:
        etrunk_lines.append(L.ETRUNK_PRIORITY.make(priority=etrunk.priority))
    interface = eth_trunk_section(intent)
    profiles, interfaces = "remote-backup-profile ", "interface "
    return (
        Target(
            rbs_section(intent),
            (rbs_peer.make(peer=rbs.peer, source=rbs.source, port=rbs.port),),
            users=(L.RBP_BACKUP_ID.naming(profiles, rbs=rbs.name),),
        ),
        Target(
            e_trunk_section(intent),
            tuple(etrunk_lines),
            absent,
            users=(
                L.TRUNK_ETRUNK.naming(interfaces, etrunk=etrunk.id),
                L.RBP_ETRUNK.naming(profiles, etrunk=etrunk.id),
            ),
        ),
        Target(
            interface,
            (
                L.TRUNK_ETRUNK.make(etrunk=etrunk.id),
                L.TRUNK_ETRUNK_MODE.make(mode="force-master"),
            ),
            users=(L.RBP_ETRUNK.naming(profiles, trunk=trunk.id),),
        ),
        Target(
            rbp_section(intent),
            (
                L.RBP_BACKUP_ID.make(backup_id=rbp.backup_id, rbs=rbs.name),
                L.RBP_SERVICE_ARP.make(service="arp"),
                L.RBP_ETRUNK.make(etrunk=etrunk.id, trunk=trunk.id),
            ),
            users=(L.TRUNK_RBP.naming(interfaces, rbp=rbp.name),),
        ),
        Target(interface, (L.TRUNK_RBP.make(rbp=rbp.name),)),
    )
