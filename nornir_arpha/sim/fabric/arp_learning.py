"""How the PEs learn the CE hosts' ARP entries, and keep them from aging out.

Each host sends its own ARP once per `host_arp_interval_s`, in its one-second slot, over
the link the CE hashes its flows to; downstream traffic without an entry is an ARP miss,
which each PE resolves at `arp_miss_rate` per lab second. A learned entry lives
`arp_timeout_s` and goes to the peer PE (`HotBackup.backup`).
"""

from __future__ import annotations

import math
from functools import partial

from nornir_arpha.lab.intent import Simulation
from nornir_arpha.sim.defects import Defect
from nornir_arpha.sim.fabric.arp_table import REMOTE
from nornir_arpha.sim.fabric.clock import LabClock, Timer
from nornir_arpha.sim.fabric.forwarding import Forwarding
from nornir_arpha.sim.fabric.hosts import HostTable
from nornir_arpha.sim.fabric.hot_backup_sync import HotBackup
from nornir_arpha.sim.fabric.node import PeNode
from nornir_arpha.sim.fabric.traffic import CeLink


class ArpLearning:
    """ARP learning of both PEs from the hosts' own ARP and from ARP misses.

    Args:
        nodes: the PEs attached so far, by index (shared with the fabric)
        hosts: the CE hosts
        ce_links: the CE links, by index
        forwarding: where hosts' flows go (and told of each new entry)
        hot_backup: sends each learned entry to the peer
        clock: the lab clock
        sim: the simulation settings (ARP timeout, miss rate)
    """

    def __init__(
        self,
        nodes: list[PeNode],
        hosts: HostTable,
        ce_links: list[CeLink],
        forwarding: Forwarding,
        hot_backup: HotBackup,
        clock: LabClock,
        sim: Simulation,
    ) -> None:
        self.nodes = nodes
        self.hosts = hosts
        self.ce_links = ce_links
        self.forwarding = forwarding
        self.hot_backup = hot_backup
        self.clock = clock
        self.sim = sim
        self.defects = hot_backup.defects
        self._miss_timers: list[Timer | None] = [None, None]
        self._miss_cursor = [0, 0]

    def boot(self, now: float) -> None:
        """Fill the tables as if every host had sent its ARP in its last slot."""
        traffic = self.forwarding.traffic
        assert traffic is not None, "the fabric sets the traffic model before booting"
        cycle = self.hosts.refresh_slots
        for slot in range(cycle):
            sent = now - ((now - slot) % cycle)
            for host in self.hosts.slot_hosts(slot):
                link = traffic.upstream_link(host)
                if link is not None:
                    arp = self.nodes[self.ce_links[link].pe].arp
                    arp.learn(host, now, sent + self.sim.arp_timeout_s, self.hosts.macs[host])

    def start(self, now: float) -> None:
        """Let the hosts send their ARP from the next whole lab second on."""
        self.clock.call_at(math.floor(now) + 1, self._refresh_tick)

    def learn(self, node: PeNode, host: int) -> None:
        """`node` learned `host` (at its current MAC) from an ARP packet; back it up.

        With the defect backup-entries-age-out, a host whose entry came from the peer is
        not learned while the peer's CE Eth-Trunk is down: the entry ages out and stays out.
        """
        now, arp, mac = self.clock.now, node.arp, self.hosts.macs[host]
        if (
            arp.kind[host] == REMOTE
            and Defect.BACKUP_ENTRIES_AGE_OUT in self.defects
            and not self.nodes[1 - node.index].ce_forwarding()
        ):
            return
        valid = arp.valid(host, now)
        expiry = now + self.sim.arp_timeout_s
        mac_changed = valid and arp.macs[host] != mac
        if arp.learn(host, now, expiry, mac):
            self.forwarding.on_valid(node.index, host)
        self.hot_backup.backup(node, host, expiry, mac_changed=mac_changed)

    def announce(self, host: int) -> bool:
        """`host` sends an ARP packet (a gratuitous ARP, or a request for its gateway) over
        the link the CE hashes it to; the PE at its end learns it.

        Returns:
            whether a PE received it
        """
        traffic = self.forwarding.traffic
        link = None if traffic is None else traffic.upstream_link(host)
        if link is None:
            return False
        self.learn(self.nodes[self.ce_links[link].pe], host)
        return True

    def ping_host(self, node: PeNode, host: int) -> bool:
        """Whether one echo from `node` to CE host `host` is answered now.

        The request needs a forwarding CE Eth-Trunk and an ARP entry; a missing entry is
        resolved by this echo's own ARP request (answered over the link the CE hashes the
        host to), and the echo is lost. The reply needs a link the CE really uses.
        """
        traffic = self.forwarding.traffic
        if traffic is None or not node.ce_forwarding():
            return False
        link = traffic.upstream_link(host)
        if not node.arp.valid(host, self.clock.now):
            if link is not None and self.ce_links[link].pe == node.index:
                self.learn(node, host)
            return False
        return link is not None

    def _refresh_tick(self) -> None:
        """The hosts of this second's slot send their own ARP, hashed like their flows."""
        now = self.clock.now
        traffic = self.forwarding.traffic
        if traffic is not None:
            for host in self.hosts.slot_hosts(int(now) % self.hosts.refresh_slots):
                self.announce(host)
        self.clock.call_later(1.0, self._refresh_tick)

    def arm_misses(self) -> None:
        """Schedule the next miss resolution of each PE that has misses and none pending."""
        traffic = self.forwarding.traffic
        if traffic is None:
            return
        for pe in (0, 1):
            if traffic.misses[pe] > 0 and self._miss_timers[pe] is None:
                self._miss_timers[pe] = self.clock.call_later(
                    1.0 / self.sim.arp_miss_rate, partial(self._resolve_miss, pe)
                )

    def _resolve_miss(self, pe: int) -> None:
        """Resolve one ARP miss of PE `pe`: its ARP request reaches the host, whose reply
        comes back over the link the CE hashes the host to (learned if that is `pe`'s)."""
        self._miss_timers[pe] = None
        traffic = self.forwarding.traffic
        if traffic is None:
            return
        now = self.clock.now
        host = traffic.next_miss(pe, self._miss_cursor[pe], now)
        if host is None:
            return
        self._miss_cursor[pe] = (host + 1) % self.hosts.count
        link = traffic.upstream_link(host)
        if link is not None and self.ce_links[link].pe == pe:
            self.learn(self.nodes[pe], host)
        self.arm_misses()
