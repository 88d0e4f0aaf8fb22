"""Where each host's traffic goes, what is delivered, and the port rates that follow.

Every host exchanges `offered_pps / hosts` packets per lab second in each direction.
- Upstream, the CE hashes a host's flows onto a CE link it believes usable (its view lags
  the truth by `link_detection_s`); the packets count on the PE port at the far end if
  that link really carries traffic, and are lost otherwise.
- Downstream, the core hashes the host onto the same link (symmetric hashing; its view
  lags by `route_convergence_s`) and hands the packets to that link's PE. The PE delivers
  them when its CE Eth-Trunk forwards and it has a valid ARP entry for the host, out of
  that link or, if it is down, another of its member links. Otherwise they are dropped;
  a missing ARP entry is an ARP miss, which the PE resolves at a limited rate.

Rates are recomputed in full (O(hosts), with cached hash assignments) when links or views
change, and adjusted per host when an ARP entry appears. Once a traffic generator asks for
it (`track_delivery`), a `DeliveryLedger` also integrates, per host and direction, the
lab time its traffic was delivered.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from nornir_arpha.sim.fabric.arp_table import ArpTable
from nornir_arpha.sim.fabric.delivery import DOWNSTREAM, UPSTREAM, DeliveryLedger
from nornir_arpha.sim.fabric.hosts import NO_LINK, HostTable, mask_of
from nornir_arpha.sim.fabric.node import PortState

logger = logging.getLogger(__name__)

NO_PE = 255
# Defect survivor-drops-some: the survivor drops one host's downstream in this many taken over.
SURVIVOR_DROP_EVERY = 33


@dataclass(frozen=True)
class CeLink:
    """One cable between the CE and a PE member port, in topology order."""

    index: int
    pe: int
    port: str


class TrafficModel:
    """The lab's traffic, given links, views and ARP tables.

    Args:
        hosts: the CE hosts
        links: the CE links
        host_pps: packets per lab second each host sends (and receives)
        arps: each PE's ARP table, by PE index
        ports: the PE-side port of each CE link, by link index
    """

    def __init__(
        self,
        hosts: HostTable,
        links: Sequence[CeLink],
        host_pps: float,
        arps: Sequence[ArpTable],
        ports: Sequence[PortState],
    ) -> None:
        self.hosts = hosts
        self.links = list(links)
        self.host_pps = host_pps
        self.arps = list(arps)
        self.ports = list(ports)
        self.pe_links = [mask_of([ln.index for ln in links if ln.pe == pe]) for pe in (0, 1)]
        self.carrying = 0  # links that really carry traffic now
        self.ce_view = 0  # links the CE hashes onto
        self.core_view = 0  # links the core hashes onto
        self.lagging_core_view: int | None = None  # defect core-moves-half-back
        self.forwarding = [False, False]  # each PE's CE Eth-Trunk forwards
        self.ce_assign = hosts.assignment(0)
        self.dn_pe = bytearray([NO_PE]) * hosts.count
        self.dn_out = bytearray([NO_LINK]) * hosts.count
        self.delivered = [0] * len(self.links)
        self.misses = [0, 0]
        self.counting = True  # False: the ports' counters are frozen (defect counters-frozen)
        self.survivor_drops = False  # defect survivor-drops-some
        self.ledger: DeliveryLedger | None = None

    def track_delivery(self, now: float) -> DeliveryLedger:
        """Integrate each host's delivered time from lab time `now` on (idempotent)."""
        if self.ledger is None:
            self.ledger = DeliveryLedger(self.hosts.count, now)
            self.recompute(now)
        return self.ledger

    def grow(self, now: float) -> None:
        """Make room for hosts that joined (their paths come with the next recompute)."""
        extra = self.hosts.count - len(self.dn_pe)
        self.dn_pe.extend([NO_PE] * extra)
        self.dn_out.extend([NO_LINK] * extra)
        if self.ledger is not None:
            self.ledger.grow(self.hosts.count, now)

    def recompute(self, now: float) -> float | None:
        """Recompute every host's path and every port rate.

        Returns:
            the earliest expiry among the ARP entries downstream traffic relies on, when a
            recompute is due again, or None
        """
        hosts = self.hosts
        self.ce_assign = hosts.assignment(self.ce_view)
        core = self._core_assignment()
        fallback = [hosts.assignment(self.carrying & self.pe_links[pe]) for pe in (0, 1)]
        link_pe = [ln.pe for ln in self.links]
        delivered = [0] * len(self.links)
        misses = [0, 0]
        earliest = float("inf")
        dn_pe, dn_out = self.dn_pe, self.dn_out
        dn_ok = bytearray(hosts.count)
        dropped = self._survivor_drops()
        for host in range(hosts.count):
            link = core[host]
            pe = NO_PE if link == NO_LINK else link_pe[link]
            if pe == NO_PE or not self.forwarding[pe] or host in dropped:
                dn_pe[host], dn_out[host] = NO_PE, NO_LINK
                continue
            out = link if self.carrying >> link & 1 else fallback[pe][host]
            dn_pe[host], dn_out[host] = pe, out
            arp = self.arps[pe]
            if arp.valid(host, now):
                delivered[out] += 1
                dn_ok[host] = 1
                earliest = min(earliest, arp.expiry[host])
            else:
                misses[pe] += 1
        self.delivered, self.misses = delivered, misses
        if self.ledger is not None:
            carried = bytes(
                self.carrying >> link & 1 if link < NO_LINK else 0 for link in range(256)
            )
            self.ledger.follow(UPSTREAM, self.ce_assign.translate(carried), now)
            self.ledger.follow(DOWNSTREAM, dn_ok, now)
        for ce_link in self.links:
            self._set_rates(ce_link.index, now)
        return None if earliest == float("inf") else earliest

    def _core_assignment(self) -> bytes:
        """The link the core sends each host's downstream to; with `lagging_core_view` set
        (defect core-moves-half-back) every second host still follows that older view."""
        core = self.hosts.assignment(self.core_view)
        if self.lagging_core_view is None:
            return core
        lagging = self.hosts.assignment(self.lagging_core_view)
        return bytes(
            lagging[host] if host % 2 and lagging[host] != NO_LINK else core[host]
            for host in range(self.hosts.count)
        )

    def _survivor_drops(self) -> set[int]:
        """Defect survivor-drops-some: the hosts whose downstream a PE drops because it took
        them over from a PE the core no longer sends to (every SURVIVOR_DROP_EVERY-th one,
        from the first, in host order)."""
        if not self.survivor_drops:
            return set()
        links = self.pe_links[0] | self.pe_links[1]
        home, core = self.hosts.assignment(links), self.hosts.assignment(self.core_view)
        link_pe = [ln.pe for ln in self.links]
        dropped: set[int] = set()
        for pe in (0, 1):
            if self.core_view & self.pe_links[1 - pe]:
                continue
            taken = [
                host
                for host in range(self.hosts.count)
                if core[host] != NO_LINK
                and link_pe[core[host]] == pe
                and home[host] != NO_LINK
                and link_pe[home[host]] != pe
            ]
            dropped.update(taken[::SURVIVOR_DROP_EVERY])
        return dropped

    def on_valid(self, pe: int, host: int, now: float) -> None:
        """PE `pe` just got a valid ARP entry for `host`: deliver its downstream from now."""
        if self.dn_pe[host] != pe:
            return
        out = self.dn_out[host]
        self.delivered[out] += 1
        self.misses[pe] -= 1
        self._set_rates(out, now)
        if self.ledger is not None:
            self.ledger.set(DOWNSTREAM, host, True, now)

    def next_miss(self, pe: int, start: int, now: float) -> int | None:
        """The first host from `start` on (wrapping) whose downstream PE `pe` cannot deliver."""
        count, dn_pe, arp = self.hosts.count, self.dn_pe, self.arps[pe]
        for step in range(count):
            host = (start + step) % count
            if dn_pe[host] == pe and not arp.valid(host, now):
                return host
        return None

    def upstream_link(self, host: int) -> int | None:
        """The link that really carries `host`'s upstream now, if any."""
        link = self.ce_assign[host]
        return link if link != NO_LINK and self.carrying >> link & 1 else None

    def _set_rates(self, link: int, now: float) -> None:
        port = self.ports[link]
        upstream = self.ce_assign.count(link) if self.carrying >> link & 1 else 0
        downstream = self.delivered[link]
        if not self.counting:
            upstream = downstream = 0
        port.rx.set_rate(now, upstream * self.host_pps)
        port.tx.set_rate(now, downstream * self.host_pps)
