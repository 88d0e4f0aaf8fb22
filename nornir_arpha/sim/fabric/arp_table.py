"""One PE's dynamic ARP entries for the CE hosts, in two flat arrays (no object per entry).

An entry is either learned locally (the host's ARP reached this PE) or received from the
peer PE over the hot-backup channel (remote). It is valid while its expiry lies ahead.
When both PEs know a host, the most recently learned copy wins: a remote entry replaces
an older local one, never a fresher one.

A table may also hold extra rows (defect backup-duplicate-rows: a batch backup appended a
second row for a host that already had a backed-up one); they show and age like entries
but never forward.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass

NONE, LOCAL, REMOTE = 0, 1, 2


@dataclass(frozen=True)
class ArpSnapshot:
    """A frozen copy of a table, for streaming a display while the lab moves on.

    Attributes:
        now: the lab time of the copy
        expiry: per host, lab time the entry expires
        kind: per host, NONE, LOCAL or REMOTE
        macs: per host, the MAC the entry holds
        extra: extra rows (host, expiry, MAC), in the order they were added
    """

    now: float
    expiry: array[float]
    kind: bytearray
    macs: list[str]
    extra: tuple[tuple[int, float, str], ...] = ()

    def extra_rows(self) -> dict[int, list[tuple[float, str]]]:
        """Per host, the (expiry, MAC) of its valid extra rows."""
        rows: dict[int, list[tuple[float, str]]] = {}
        for host, expiry, mac in self.extra:
            if expiry > self.now:
                rows.setdefault(host, []).append((expiry, mac))
        return rows

    def entries(self) -> Iterator[tuple[int, int, float]]:
        """(host, kind, seconds left) of each valid entry, in host order."""
        now, expiry, kind = self.now, self.expiry, self.kind
        for host, entry_kind in enumerate(kind):
            if entry_kind and expiry[host] > now:
                yield host, entry_kind, expiry[host] - now

    def counts(self) -> tuple[int, int]:
        """(local, remote) valid entries."""
        local = remote = 0
        for _, entry_kind, _ in self.entries():
            if entry_kind == LOCAL:
                local += 1
            else:
                remote += 1
        return local, remote


class ArpTable:
    """The ARP entries one PE holds for `count` hosts.

    Args:
        count: the number of CE hosts
    """

    def __init__(self, count: int) -> None:
        self.expiry = array("d", bytes(8 * count))
        self.kind = bytearray(count)
        self.macs = [""] * count
        self.extra: list[tuple[int, float, str]] = []

    def grow(self, count: int) -> None:
        """Make room for `count` hosts (hosts joined); the new ones have no entry."""
        extra = count - len(self.kind)
        if extra > 0:
            self.expiry.extend(array("d", bytes(8 * extra)))
            self.kind.extend(bytes(extra))
            self.macs.extend([""] * extra)

    def valid(self, host: int, now: float) -> bool:
        """Whether the PE can forward to `host` at lab time `now`."""
        return self.kind[host] != NONE and self.expiry[host] > now

    def learn(self, host: int, now: float, expiry: float, mac: str) -> bool:
        """Store a locally learned entry for `host` at `mac`.

        Returns:
            True when the host had no valid entry before
        """
        was_valid = self.valid(host, now)
        self.kind[host], self.expiry[host], self.macs[host] = LOCAL, expiry, mac
        return not was_valid

    def receive(self, host: int, now: float, expiry: float, mac: str) -> bool:
        """Store an entry backed up by the peer, unless this PE's own copy is fresher.

        Returns:
            True when the host had no valid entry before
        """
        was_valid = self.valid(host, now)
        if was_valid and self.expiry[host] >= expiry:
            return False
        self.kind[host], self.expiry[host], self.macs[host] = REMOTE, expiry, mac
        return not was_valid

    def append(self, host: int, expiry: float, mac: str) -> None:
        """Add an extra row for `host` (defect backup-duplicate-rows)."""
        self.extra.append((host, expiry, mac))

    def clear(self) -> None:
        """Forget every entry (the Eth-Trunk they were learned on went down)."""
        self.kind[:] = bytes(len(self.kind))
        self.extra.clear()

    def forget_remote(self) -> None:
        """Forget every entry backed up by the peer; locally learned ones stay."""
        self.kind[:] = self.kind.replace(bytes([REMOTE]), bytes([NONE]))
        self.extra.clear()

    def snapshot(self, now: float) -> ArpSnapshot:
        """A copy that later changes do not touch."""
        return ArpSnapshot(
            now, array("d", self.expiry), bytearray(self.kind), list(self.macs), tuple(self.extra)
        )
