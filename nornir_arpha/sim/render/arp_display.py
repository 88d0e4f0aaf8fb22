"""`display arp all`, `display arp interface IF` and `display arp statistics all` (REFERENCE §4.6).

Tables can hold 64 000 rows, so rows are built by concatenating two cached halves and the
table is a generator: the server streams it without holding the whole text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from nornir_arpha.sim import inferred
from nornir_arpha.sim.personality import DEFAULT_PERSONALITY, PERSONALITIES, Personality

RULE = "-" * inferred.ARP_RULE_WIDTH
HEADER = (
    "IP ADDRESS      MAC ADDRESS     EXPIRE(M) TYPE        INTERFACE   VPN-INSTANCE",
    "                                          VLAN/CEVLAN PVC",
)


@dataclass
class ArpCounts:
    """The footer's totals, filled in while the rows stream."""

    dynamic: int = 0
    static: int = 0
    interface: int = 0
    remote: int = 0

    @property
    def total(self) -> int:
        """Every kind of entry together."""
        return self.dynamic + self.static + self.interface + self.remote


def row_prefix(ip: str, mac: str) -> str:
    """The address half of a row (same for every table the host appears in)."""
    return f"{ip:<16}{mac:<16}"


@lru_cache(maxsize=4096)
def row_suffix(expire_min: int | None, entry_type: str, interface: str) -> str:
    """The rest of a row: EXPIRE(M) (blank for interface entries), TYPE, INTERFACE."""
    expire = "" if expire_min is None else str(expire_min)
    return f"{expire:<10}{entry_type:<12}{interface}"


def render_arp(
    rows: Iterable[str],
    counts: ArpCounts,
    *,
    timeout_s: int | None = None,
    personality: Personality = PERSONALITIES[DEFAULT_PERSONALITY],
) -> Iterator[str]:
    """The ARP table around `rows`; `counts` must be complete once `rows` is exhausted.

    Args:
        rows: the formatted rows (`row_prefix(...) + row_suffix(...)`)
        counts: the totals for the footer
        timeout_s: print the `ARP timeout:` line first (the `interface` form)
        personality: the firmware (without `arp_footer_remote`, backed-up entries are
            counted as Dynamic and the footer has no `Remote:`)
    """
    if timeout_s is not None:
        yield f"ARP timeout:{timeout_s}s"
    yield from HEADER
    yield RULE
    yield from rows
    yield RULE
    if not personality.arp_footer_remote:
        yield (
            f"Total:{counts.total}         Dynamic:{counts.dynamic + counts.remote}       "
            f"Static:{counts.static}    Interface:{counts.interface}"
        )
        return
    yield (
        f"Total:{counts.total}         Dynamic:{counts.dynamic}       "
        f"Static:{counts.static}    Interface:{counts.interface}    Remote:{counts.remote}"
    )
    yield "Redirect:0"


def render_arp_statistics(
    counts: ArpCounts, personality: Personality = PERSONALITIES[DEFAULT_PERSONALITY]
) -> list[str]:
    """`display arp statistics all` (see `render_arp` for `personality`)."""
    if not personality.arp_footer_remote:
        return [f"Dynamic:{counts.dynamic + counts.remote}       Static:{counts.static}"]
    return [
        f"Dynamic:{counts.dynamic}       Static:{counts.static}       "
        f"Remote: {counts.remote}       Redirect:0"
    ]
