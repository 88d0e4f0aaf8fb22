"""Per-host delivered lab time, integrated exactly (as `counters.py` integrates rates).

Whether a host's traffic is delivered, upstream or downstream, changes only at events
(a recompute, an ARP entry appearing). Between events it is constant, so the time each
host's traffic has been delivered is exact at any instant. A traffic generator turns it
into frames: a flow of R frames per lab second receives R x (delivered time while it sent).
"""

from __future__ import annotations

from array import array

UPSTREAM, DOWNSTREAM = 0, 1


class DeliveryLedger:
    """Delivered lab time of every host, per direction.

    Args:
        count: the number of hosts
        now: lab time the ledger starts (nothing delivered before)
    """

    __slots__ = ("_base", "_mark", "_state")

    def __init__(self, count: int, now: float) -> None:
        self._state = [bytearray(count), bytearray(count)]
        self._base = [array("d", bytes(8 * count)), array("d", bytes(8 * count))]
        self._mark = [array("d", [now]) * count, array("d", [now]) * count]

    def grow(self, count: int, now: float) -> None:
        """Make room for `count` hosts; the new ones have delivered nothing."""
        extra = count - len(self._state[0])
        for direction in (UPSTREAM, DOWNSTREAM):
            if extra > 0:
                self._state[direction].extend(bytes(extra))
                self._base[direction].extend(array("d", bytes(8 * extra)))
                self._mark[direction].extend(array("d", [now]) * extra)

    def delivered(self, direction: int, host: int, at: float) -> float:
        """Lab seconds `host`'s traffic in `direction` was delivered, up to lab time `at`
        (at or after the last change)."""
        base = self._base[direction][host]
        if self._state[direction][host]:
            return base + at - self._mark[direction][host]
        return base

    def is_delivered(self, direction: int, host: int) -> bool:
        """Whether `host`'s traffic in `direction` is delivered now."""
        return bool(self._state[direction][host])

    def set(self, direction: int, host: int, delivered: bool, now: float) -> None:
        """From lab time `now` on, `host`'s traffic in `direction` is (not) delivered."""
        if bool(self._state[direction][host]) == delivered:
            return
        self._base[direction][host] = self.delivered(direction, host, now)
        self._mark[direction][host] = now
        self._state[direction][host] = delivered

    def follow(self, direction: int, states: bytes | bytearray, now: float) -> None:
        """Take every host's state in `direction` (one byte per host, 0 or 1) from `now` on."""
        old = self._state[direction]
        if old == states:
            return
        for host, (was, new) in enumerate(zip(old, states, strict=True)):
            if was != new:
                self.set(direction, host, bool(new), now)
