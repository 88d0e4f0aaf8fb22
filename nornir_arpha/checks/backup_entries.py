"""Which ARP entries a PE holds as backups from its peer, from every signal the firmware gives.

No public capture shows how VRP8 flags a backed-up entry, so the lab's platform profile
declares it (`platform.arp_backup_types`). Three signals are read: the TYPE flag the
profile names; the footer's `Remote:` count (does the table count backups at all, and as
many as are flagged?); and the pair's comparison (an entry whose TYPE is none the client
knows, on a host the peer learned itself, is this PE's backup of it). Where the profile
declares no flag, local and backed-up entries cannot be told apart: the split is unknown and
callers judge coverage only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nornir_arpha.lab.intent import LOCAL_ARP_TYPE_LETTERS, PlatformProfile
from nornir_arpha.parsers.records import ArpEntry, ArpTable


@dataclass(frozen=True)
class BackupSplit:
    """One PE's entries split by origin.

    Attributes:
        backed_up: IPs of the entries backed up from the peer (flagged, or by the pair)
        told_apart: False when nothing tells local from backed-up entries
        unknown_types: TYPE flags neither local nor the profile's, as printed
        by_pair: IPs the pair's comparison alone identified as backed up
    """

    backed_up: frozenset[str]
    told_apart: bool
    unknown_types: tuple[str, ...] = ()
    by_pair: frozenset[str] = frozenset()

    def notes(self, host: str, table: ArpTable, platform: PlatformProfile) -> list[str]:
        """What limits the split, one sentence each (empty when the TYPE flag told it all)."""
        if not self.told_apart:
            footer = (
                "and the footer has no Remote count"
                if table.remote is None
                else f"(the footer counts Remote:{table.remote})"
            )
            return [
                f"{host}: 'display arp all' cannot tell local from backed-up entries: the lab's "
                f"platform.arp_backup_types declares no TYPE flag {footer}; coverage judged only"
            ]
        if not self.unknown_types:
            return []
        return [
            f"{host}: 'display arp all' shows TYPE {', '.join(self.unknown_types)}, which "
            f"platform.arp_backup_types ({', '.join(platform.arp_backup_types)}) does not "
            f"list; {len(self.by_pair)} such entries are hosts the peer learned itself "
            "(backed up, by the pair's comparison): declare the flag in lab.yaml"
        ]


def learned(entry: ArpEntry, platform: PlatformProfile) -> bool:
    """Whether the PE learned `entry` itself (dynamic, and not flagged as a backup)."""
    return entry.is_dynamic and not platform.backed_up(entry.type)


def unknown_type(entry: ArpEntry, platform: PlatformProfile) -> bool:
    """Whether `entry`'s TYPE is neither a local flag nor one of the profile's backup flags."""
    return not entry.type.startswith(LOCAL_ARP_TYPE_LETTERS) and not platform.backed_up(entry.type)


def split_backups(
    table: ArpTable, platform: PlatformProfile, peer: ArpTable | None = None
) -> BackupSplit:
    """Split `table`'s entries into backed-up ones and the rest, from every signal.

    Args:
        table: the PE's `display arp all`
        platform: the lab's platform profile (the TYPE flags of backed-up entries)
        peer: the other PE's table read at about the same time, for the pair's comparison

    Returns:
        the backed-up entries' IPs, whether they could be told apart at all, and what the
        flag did not say
    """
    if not platform.arp_backup_types:
        return BackupSplit(frozenset(), told_apart=False)
    flagged = {entry.ip for entry in table.entries if platform.backed_up(entry.type)}
    unknown = [entry for entry in table.entries if unknown_type(entry, platform)]
    peer_learned = _learned_ips(peer.entries if peer else (), platform)
    by_pair = frozenset(entry.ip for entry in unknown if entry.ip in peer_learned)
    types = tuple(dict.fromkeys(entry.type for entry in unknown))
    return BackupSplit(frozenset(flagged | by_pair), True, types, by_pair)


def _learned_ips(entries: Iterable[ArpEntry], platform: PlatformProfile) -> set[str]:
    return {entry.ip for entry in entries if learned(entry, platform)}
