"""The lab fabric: two PEs, the dual-homed CE and its hosts, the inter-PE path, the core.

The fabric listens to each PE's commits and keeps every live protocol in step with the
committed configuration. Its parts, each in its own module: `Links` (ports, Eth-Trunks),
`HotBackup` (E-Trunk, RBS channel, ARP entry sync), `ArpLearning` (hosts' ARP, misses)
and `Forwarding` (what the CE and the core send where, and the rates that follow).
`PeRuntime` (one per PE) answers the display commands and ping from this state.

After anything changes, `_reconcile()` recomputes what follows from the configuration
(level-triggered) and the parts act on the edges: an Eth-Trunk going down drops its ARP
entries, coming up asks the peer for a batch backup, a link change is seen by the CE and
the core after their lab delays, and so on.

A traffic generator (`nornir_arpha.sim.otg`) may add and remove hosts, change a host's
MAC and make a host send its ARP, through the host methods below.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime

from nornir_arpha.lab import Lab
from nornir_arpha.sim.defects import Defects
from nornir_arpha.sim.device_config import DeviceConfig
from nornir_arpha.sim.fabric.arp_learning import ArpLearning
from nornir_arpha.sim.fabric.arp_table import ArpTable
from nornir_arpha.sim.fabric.clock import LabClock
from nornir_arpha.sim.fabric.delivery import DeliveryLedger
from nornir_arpha.sim.fabric.forwarding import Forwarding
from nornir_arpha.sim.fabric.hosts import HostTable
from nornir_arpha.sim.fabric.hot_backup_sync import HotBackup
from nornir_arpha.sim.fabric.links import Links
from nornir_arpha.sim.fabric.logbuf import DeviceLog
from nornir_arpha.sim.fabric.node import PeNode, device_mac
from nornir_arpha.sim.fabric.traffic import TrafficModel
from nornir_arpha.sim.personality import personality
from nornir_arpha.sim.sim_device import SimDevice

logger = logging.getLogger(__name__)


class LabFabric:
    """The live network of one lab.

    Build it, then `attach()` each PE's `SimDevice`; once both are attached the lab boots
    in its steady state (hosts known to the PE their flows hash to, traffic flowing).

    Args:
        lab: the lab definition (CE side, topology, simulation settings and defects)
        clock: the lab clock every timer runs on

    Raises:
        ValueError: the topology has no CE link, or the CE subnet is not IPv4
        UnknownDefect: `simulation.defects` names a defect that does not exist
        UnknownPersonality: `simulation.personality` names no personality
    """

    def __init__(self, lab: Lab, clock: LabClock) -> None:
        settings = lab.settings
        self.lab = lab
        self.clock = clock
        self.sim = settings.simulation
        self.defects = Defects.parse(self.sim.defects)
        self.personality = personality(self.sim.personality)
        self.pair = settings.pair
        self.nodes: list[PeNode] = []
        self.forwarding = Forwarding(
            clock,
            self.sim,
            settings.budgets.convergence_s,
            self.defects,
            # ARP learning is built on forwarding: it resolves the misses each recompute finds.
            after_recompute=lambda: self.arp.arm_misses(),
        )
        self.links = Links(
            lab,
            self.nodes,
            clock,
            self._link_changed,
            lambda node, up: self.hot_backup.ce_trunk_edge(node, up),
            self.defects,
        )
        if not self.links.ce_links:
            raise ValueError(f"lab {lab.name}: no link between the CE and a PE")
        self.hosts = HostTable(
            settings.ce,
            len(self.links.ce_links),
            self.sim.seed,
            round(self.sim.host_arp_interval_s),
        )
        self.host_pps = settings.ce.offered_pps / settings.ce.hosts
        self.hot_backup = HotBackup(
            self.nodes, self.links, self.forwarding, clock, self.defects, self._request_reconcile
        )
        self.arp = ArpLearning(
            self.nodes,
            self.hosts,
            self.links.ce_links,
            self.forwarding,
            self.hot_backup,
            clock,
            self.sim,
        )
        self._pending = False

    # -- wiring ----------------------------------------------------------------------------

    def attach(self, device: SimDevice) -> None:
        """Take `device` (one PE of the pair) into the fabric and follow its commits.

        Raises:
            KeyError: the device is not one of the lab's PEs
        """
        index = self.pair.index(device.name) if device.name in self.pair else -1
        if index < 0:
            raise KeyError(f"{device.name} is not a PE of lab {self.lab.name}")
        self.clock.sync()
        node = PeNode(
            name=device.name,
            index=index,
            mac=device_mac(self.sim.seed, device.name),
            ce_trunk_id=self.lab.intent(device.name).eth_trunk.id,
            config=device.running,
            arp=ArpTable(self.hosts.count),
            log=DeviceLog(device.running.sysname, self._device_now),
            booted_at=self.clock.now,
        )
        node.follow(device.running, self.clock)
        self.nodes.append(node)
        self.nodes.sort(key=lambda n: n.index)
        device.add_commit_listener(self._on_commit)
        if len(self.nodes) == len(self.pair):
            self._boot()

    def node(self, name: str) -> PeNode:
        """The fabric's model of PE `name`.

        Raises:
            KeyError: no such PE is attached
        """
        for node in self.nodes:
            if node.name == name:
                return node
        raise KeyError(f"{name} is not attached to the fabric of lab {self.lab.name}")

    def _device_now(self) -> datetime:
        return self.clock.datetime_at(self.clock.now)

    def _on_commit(self, device: SimDevice, old: DeviceConfig, new: DeviceConfig) -> None:
        self.clock.sync()
        self.node(device.name).follow(new, self.clock)
        self._reconcile()
        self.clock.sync()

    # -- boot ------------------------------------------------------------------------------

    def _boot(self) -> None:
        """Start the lab as if it had been running: links up, hosts learned, traffic on."""
        now = self.clock.now
        ce_links = self.links.ce_links
        ports = [self.nodes[link.pe].ports[link.port] for link in ce_links]
        self.forwarding.traffic = TrafficModel(
            self.hosts, ce_links, self.host_pps, [n.arp for n in self.nodes], ports
        )
        self._reconcile()
        self.forwarding.boot(now)
        self.arp.boot(now)
        self.forwarding.booted = True
        self.forwarding.recompute()
        self.arp.start(now)
        logger.info("lab %s fabric booted with %d hosts", self.lab.name, self.hosts.count)

    # -- reconciliation --------------------------------------------------------------------

    def _request_reconcile(self) -> None:
        if not self._pending:
            self._pending = True
            self.clock.call_later(0.0, self._reconcile)

    def _reconcile(self) -> None:
        self._pending = False
        if len(self.nodes) < len(self.pair) or self.forwarding.traffic is None:
            return
        self.links.update_ports()
        for node in self.nodes:
            self.links.update_trunks(node)
            self.hot_backup.update_etrunks(node)
        changed = [self.links.update_blocking(node) for node in self.nodes]
        self.hot_backup.update_rbs()
        self.hot_backup.update_backup()
        self.forwarding.follow(
            self.links.carrying(),
            self.links.seen(),
            [n.ce_forwarding() for n in self.nodes],
            any(changed),
        )

    def _link_changed(self, node: PeNode, port: str, up: bool) -> None:
        """A port of `node` went up or down: the counters and the RBS channel hear of it."""
        self.forwarding.on_link_change()
        if not up:
            self.hot_backup.port_down(node, port)

    # -- hosts, as a traffic generator's configuration decides -----------------------------

    def _traffic(self) -> TrafficModel:
        traffic = self.forwarding.traffic
        if traffic is None:
            raise RuntimeError(f"lab {self.lab.name}: the fabric has not booted yet")
        return traffic

    def track_delivery(self) -> DeliveryLedger:
        """Integrate each host's delivered lab time from now on (idempotent).

        Raises:
            RuntimeError: the fabric has not booted (both PEs not attached yet)
        """
        return self._traffic().track_delivery(self.clock.now)

    def add_host(self, ip: str, mac: str) -> int:
        """Host `ip` (in the CE subnet) joins with `mac`, absent until `keep_hosts` lists it;
        then its PE learns it from its ARP or an ARP miss, like any host.

        Returns:
            its index

        Raises:
            RuntimeError: the fabric has not booted
        """
        traffic = self._traffic()
        host = self.hosts.add(ip, mac)
        self.hosts.set_present(host, False)
        for node in self.nodes:
            node.arp.grow(self.hosts.count)
        traffic.grow(self.clock.now)
        logger.info("lab %s: host %s (%s) added", self.lab.name, ip, mac)
        return host

    def keep_hosts(self, present: Collection[int]) -> None:
        """Exactly the hosts in `present` exist from now on: the others leave (they send
        and receive nothing, and their ARP entries age out); then every path is recomputed.

        Raises:
            RuntimeError: the fabric has not booted
        """
        self._traffic()
        keep = set(present)
        for host in range(self.hosts.count):
            self.hosts.set_present(host, host in keep)
        self.forwarding.recompute()

    def set_host_mac(self, host: int, mac: str) -> None:
        """Host `host` now has MAC `mac` (moved, or a new NIC); the PEs' entries keep the old
        one until the host's next ARP reaches them."""
        self.hosts.macs[host] = mac

    def announce_host(self, host: int) -> bool:
        """Host `host` sends an ARP packet now (see `ArpLearning.announce`).

        Returns:
            whether a PE received it
        """
        return self.arp.announce(host)
