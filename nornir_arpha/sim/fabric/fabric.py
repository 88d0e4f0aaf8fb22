"""The lab fabric: two PEs, the dual-homed CE and its hosts, the inter-PE path, the core.

The fabric listens to each PE's commits and keeps every live protocol in step with the
committed configuration: links, Eth-Trunks, the E-Trunk, the RBS channel, ARP learning
and hot backup, and the traffic the PEs forward. `PeRuntime` (one per PE) answers the
display commands and ping from this state.

After anything changes, `_reconcile()` recomputes what follows from the configuration
(level-triggered) and acts on the edges: an Eth-Trunk going down drops its ARP entries,
coming up asks the peer for a batch backup, a link change is seen by the CE and the core
after their lab delays, and so on.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import datetime
from functools import partial

from nornir_arpha.lab import Lab
from nornir_arpha.sim.defects import Defect, Defects
from nornir_arpha.sim.device_config import DeviceConfig, RemoteBackupProfile
from nornir_arpha.sim.fabric.arp_table import ArpTable
from nornir_arpha.sim.fabric.clock import LabClock, Timer
from nornir_arpha.sim.fabric.etrunk_agent import BACKUP, ETrunkAgent, Hello
from nornir_arpha.sim.fabric.hosts import HostTable, mask_of
from nornir_arpha.sim.fabric.logbuf import DeviceLog
from nornir_arpha.sim.fabric.node import PeNode, TrunkState, device_mac
from nornir_arpha.sim.fabric.rbs_channel import RbsChannel, RbsEndpoint, RbsSide
from nornir_arpha.sim.fabric.traffic import CeLink, TrafficModel
from nornir_arpha.sim.sim_device import SimDevice

logger = logging.getLogger(__name__)

# Defect slow-failover: the core moves traffic only after this many convergence budgets.
SLOW_FAILOVER_BUDGETS = 3.0


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
    """

    def __init__(self, lab: Lab, clock: LabClock) -> None:
        settings = lab.settings
        self.lab = lab
        self.clock = clock
        self.sim = settings.simulation
        self.defects = Defects.parse(self.sim.defects)
        self.pair = settings.pair
        self.ce_links, self.pe_cables = self._cables()
        if not self.ce_links:
            raise ValueError(f"lab {lab.name}: no link between the CE and a PE")
        self.hosts = HostTable(
            settings.ce,
            len(self.ce_links),
            self.sim.seed,
            round(self.sim.host_arp_interval_s),
        )
        self.host_pps = settings.ce.offered_pps / settings.ce.hosts
        self.nodes: list[PeNode] = []
        self.traffic: TrafficModel | None = None
        self.rbs = RbsChannel(clock, self._request_reconcile, self.defects)
        self.backup_active = False
        self._pending = False
        self._booted = False
        self._expiry_timer: Timer | None = None
        self._slow_core_view: Timer | None = None
        self._miss_timers: list[Timer | None] = [None, None]
        self._miss_cursor = [0, 0]

    def _cables(self) -> tuple[list[CeLink], list[tuple[str, str]]]:
        ce = self.lab.settings.ce.name
        ce_links: list[CeLink] = []
        pe_cables: list[tuple[str, str]] = []
        for link in self.lab.settings.topology.links:
            a_host, _, a_port = link.a.partition(":")
            b_host, _, b_port = link.b.partition(":")
            if ce in (a_host, b_host):
                pe, port = (b_host, b_port) if a_host == ce else (a_host, a_port)
                if pe in self.pair:
                    ce_links.append(CeLink(len(ce_links), self.pair.index(pe), port))
            elif {a_host, b_host} == set(self.pair):
                ends = {a_host: a_port, b_host: b_port}
                pe_cables.append((ends[self.pair[0]], ends[self.pair[1]]))
        return ce_links, pe_cables

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
        ports = [self.nodes[link.pe].ports[link.port] for link in self.ce_links]
        self.traffic = TrafficModel(
            self.hosts, self.ce_links, self.host_pps, [n.arp for n in self.nodes], ports
        )
        self._reconcile()
        traffic = self.traffic
        traffic.ce_view = traffic.core_view = traffic.carrying
        traffic.recompute(now)
        cycle = self.hosts.refresh_slots
        for slot in range(cycle):
            sent = now - ((now - slot) % cycle)
            for host in self.hosts.slot_hosts(slot):
                link = traffic.upstream_link(host)
                if link is not None:
                    arp = self.nodes[self.ce_links[link].pe].arp
                    arp.learn(host, now, sent + self.sim.arp_timeout_s)
        self._booted = True
        self._recompute_traffic()
        self.clock.call_at(math.floor(now) + 1, self._refresh_tick)
        logger.info("lab %s fabric booted with %d hosts", self.lab.name, self.hosts.count)

    # -- reconciliation --------------------------------------------------------------------

    def _request_reconcile(self) -> None:
        if not self._pending:
            self._pending = True
            self.clock.call_later(0.0, self._reconcile)

    def _reconcile(self) -> None:
        self._pending = False
        if len(self.nodes) < len(self.pair) or self.traffic is None:
            return
        self._update_links()
        for node in self.nodes:
            self._update_trunks(node)
            self._update_etrunks(node)
        changed = [self._update_blocking(node) for node in self.nodes]
        self._update_rbs()
        self._update_backup()
        carrying = self._carrying()
        if carrying != self.traffic.carrying or any(changed):
            self.traffic.carrying = carrying
            self.traffic.forwarding = [n.ce_forwarding() for n in self.nodes]
            # Each view adopts the state it was scheduled for, so it lags each change by
            # exactly its delay (a later change is seen a full delay after itself).
            self.clock.call_later(
                self.sim.link_detection_s, partial(self._update_ce_view, carrying)
            )
            self._schedule_core_view(carrying)
            self._recompute_traffic()

    def _schedule_core_view(self, carrying: int) -> None:
        """The core follows the links that carry traffic after the route-convergence delay.

        With the defect slow-failover it follows only SLOW_FAILOVER_BUDGETS convergence
        budgets after the last change: each change postpones the pending move, so no earlier
        change can move the traffic sooner.
        """
        update = partial(self._update_core_view, carrying)
        if Defect.SLOW_FAILOVER not in self.defects:
            self.clock.call_later(self.sim.route_convergence_s, update)
            return
        if self._slow_core_view is not None:
            self._slow_core_view.cancel()
        delay = SLOW_FAILOVER_BUDGETS * self.lab.settings.budgets.convergence_s
        self._slow_core_view = self.clock.call_later(delay, update)

    def _update_links(self) -> None:
        """Each cable carries light unless a PE shut its port down."""
        ends: dict[tuple[int, str], bool] = {}
        for link in self.ce_links:
            ends[(link.pe, link.port)] = self._enabled(link.pe, link.port)
        for first, second in self.pe_cables:
            up = self._enabled(0, first) and self._enabled(1, second)
            ends[(0, first)] = ends[(1, second)] = up
        for node in self.nodes:
            for name, port in node.ports.items():
                up = ends.get((node.index, name), False)
                if up == port.link_up:
                    continue
                port.link_up = up
                if self._booted and Defect.COUNTERS_FROZEN in self.defects and self.traffic:
                    self.traffic.counting = False
                if up:
                    port.last_up = self.clock.now
                    self._ifnet(node, name, up=True, reason="The interface is up")
                else:
                    port.last_down = self.clock.now
                    shut = self._shut(node, name)
                    reason = (
                        "The interface is shut down" if shut else "Interface physical link is down"
                    )
                    self._ifnet(node, name, up=False, reason=reason)

    def _enabled(self, pe: int, port: str) -> bool:
        return not self._shut(self.nodes[pe], port)

    @staticmethod
    def _shut(node: PeNode, port: str) -> bool:
        interface = node.interface(port)
        return interface is None or interface.shutdown

    def _update_trunks(self, node: PeNode) -> None:
        config = node.config
        for old_id in list(node.trunks):
            if config.eth_trunk(old_id) is None:
                del node.trunks[old_id]
        for interface in config.interfaces.values():
            trunk_id = interface.trunk_id
            if trunk_id is None:
                continue
            trunk = node.trunks.setdefault(trunk_id, TrunkState(trunk_id))
            node.ifindex(interface.name)
            members = config.trunk_members(trunk_id)
            trunk.phys_up = not interface.shutdown and any(
                node.ports[m.name].link_up for m in members if m.name in node.ports
            )

    def _update_etrunks(self, node: PeNode) -> None:
        config = node.config
        for etrunk_id in list(node.etrunks):
            if etrunk_id not in config.e_trunks:
                node.etrunks.pop(etrunk_id).stop()
        for etrunk_id, etrunk in config.e_trunks.items():
            agent = node.etrunks.get(etrunk_id)
            if agent is None:
                agent = node.etrunks[etrunk_id] = ETrunkAgent(
                    etrunk,
                    node.mac,
                    self.clock,
                    self._hello_sender(node),
                    node.log,
                    self._request_reconcile,
                    force_master=Defect.FORCE_MASTER_IGNORED not in self.defects,
                )
            elif agent.config != etrunk:
                agent.reconfigure(etrunk)
            members = {
                trunk_id: (interface.e_trunk_mode, node.trunks[trunk_id].phys_up)
                for interface in config.interfaces.values()
                if (trunk_id := interface.trunk_id) is not None and interface.e_trunk == etrunk_id
            }
            agent.set_members(members)

    def _update_blocking(self, node: PeNode) -> bool:
        """Apply E-Trunk holds to the Eth-Trunks; act on forwarding edges.

        Returns:
            whether the CE Eth-Trunk started or stopped forwarding
        """
        ce_changed = False
        for trunk in node.trunks.values():
            interface = node.config.eth_trunk(trunk.trunk_id)
            agent = node.etrunks.get(interface.e_trunk) if interface and interface.e_trunk else None
            member = agent.members.get(trunk.trunk_id) if agent else None
            trunk.blocked = member is not None and member.state == BACKUP
            if trunk.protocol_up == (trunk.phys_up and not trunk.blocked):
                continue
            trunk.protocol_up = not trunk.protocol_up
            name = f"Eth-Trunk{trunk.trunk_id}"
            if trunk.protocol_up:
                trunk.last_up = self.clock.now
                self._ifnet(node, name, up=True, reason="The interface is up")
            else:
                self._ifnet(node, name, up=False, reason="Interface physical link is down")
            if trunk.trunk_id == node.ce_trunk_id:
                ce_changed = True
                self._ce_trunk_edge(node, trunk.protocol_up)
        return ce_changed

    def _ce_trunk_edge(self, node: PeNode, up: bool) -> None:
        """The CE Eth-Trunk came up (ask the peer for a batch backup) or went down."""
        peer = self._peer(node)
        if up:
            if self.backup_active and Defect.NO_RESYNC_AFTER_RECOVERY not in self.defects:
                self._batch_backup(peer)
        else:
            node.arp.clear()
            if Defect.BACKUP_ENTRIES_FLUSHED in self.defects:
                peer.arp.forget_remote()

    def _carrying(self) -> int:
        """The CE links that carry traffic now: light, a member port, a forwarding trunk."""
        links = []
        for link in self.ce_links:
            node = self.nodes[link.pe]
            port = node.interface(link.port)
            if (
                port is not None
                and node.ports[link.port].link_up
                and port.eth_trunk == node.ce_trunk_id
                and node.ce_forwarding()
            ):
                links.append(link.index)
        return mask_of(links)

    def _update_ce_view(self, carrying: int) -> None:
        if self.traffic is not None and self.traffic.ce_view != carrying:
            self.traffic.ce_view = carrying
            self._recompute_traffic()

    def _update_core_view(self, carrying: int) -> None:
        if self.traffic is not None and self.traffic.core_view != carrying:
            self.traffic.core_view = carrying
            self._recompute_traffic()

    def path_up(self) -> bool:
        """Whether the inter-PE path (any PE–PE cable) is up."""
        return any(
            self.nodes[0].ports[first].link_up
            for first, _ in self.pe_cables
            if first in self.nodes[0].ports
        )

    def _peer(self, node: PeNode) -> PeNode:
        return self.nodes[1 - node.index]

    def _ifnet(self, node: PeNode, name: str, *, up: bool, reason: str) -> None:
        state = "UP" if up else "DOWN"
        interface = node.interface(name)
        admin = "DOWN" if interface is not None and interface.shutdown else "UP"
        node.log.log(
            "IFNET/2/linkDown_clear" if up else "IFNET/2/linkDown_active",
            f"The interface status changes. (ifName={name}, AdminStatus={admin}, "
            f"OperStatus={state}, Reason={reason}, mainIfname={name})",
        )

    # -- E-Trunk ---------------------------------------------------------------------------

    def _hello_sender(self, node: PeNode) -> Callable[[Hello], bool]:
        def send(hello: Hello) -> bool:
            """Route a hello to the peer: needs a local source, the path, the peer's address."""
            peer = self._peer(node)
            config = (
                node.etrunks[hello.etrunk_id].config if hello.etrunk_id in node.etrunks else None
            )
            if config is None or config.peer is None or not node.owns(hello.source):
                return False
            if not self.path_up() or not peer.owns(config.peer):
                return False
            agent = peer.etrunks.get(hello.etrunk_id)
            if agent is not None:
                self.clock.call_later(0.0, lambda: agent.receive(hello))
            return True

        return send

    # -- RBS and hot backup ----------------------------------------------------------------

    def _update_rbs(self) -> None:
        sides = []
        for node in self.nodes:
            for name in list(node.rbs):
                if name not in node.config.rbs:
                    del node.rbs[name]
            for name in node.config.rbs:
                node.rbs.setdefault(name, RbsEndpoint(name))
            sides.append(RbsSide(node.config.rbs, node.owns, node.rbs, node.log))
        self.rbs.reconcile(sides[0], sides[1], self.path_up())

    def _update_backup(self) -> None:
        active = any(
            (a := self.arp_profile(self.nodes[0], first)) is not None
            and (b := self.arp_profile(self.nodes[1], second)) is not None
            and a.backup_id == b.backup_id
            for first, second in self.rbs.sessions
        )
        if active and not self.backup_active:
            self.backup_active = True
            for node in self.nodes:
                self._batch_backup(node)
        self.backup_active = active

    @staticmethod
    def arp_profile(node: PeNode, rbs_name: str) -> RemoteBackupProfile | None:
        """The RBP that backs up the CE Eth-Trunk's ARP entries over RBS `rbs_name`, if any.

        It must carry `service-type arp`, a backup-id on that RBS, and an `e-trunk … eth-trunk`
        binding that matches the CE Eth-Trunk, which must be bound to it.
        """
        config = node.config
        trunk = config.eth_trunk(node.ce_trunk_id)
        if trunk is None or trunk.rbp is None:
            return None
        rbp = config.rbps.get(trunk.rbp)
        if (
            rbp is None
            or "arp" not in rbp.service_types
            or rbp.backup_id is None
            or rbp.rbs != rbs_name
            or rbp.eth_trunk != node.ce_trunk_id
            or rbp.e_trunk is None
            or rbp.e_trunk != trunk.e_trunk
            or rbp.e_trunk not in config.e_trunks
        ):
            return None
        return rbp

    def _backup(self, source: PeNode, host: int, expiry: float) -> None:
        """Send one entry of `source` to its peer, if the hot backup runs and can reach it."""
        if (
            not self.backup_active
            or not self.path_up()
            or Defect.ARP_BACKUP_NOT_SENT in self.defects
        ):
            return
        peer = self._peer(source)
        if not peer.ce_forwarding():
            return
        if peer.arp.receive(host, self.clock.now, expiry) and self.traffic is not None:
            self.traffic.on_valid(peer.index, host, self.clock.now)

    def _batch_backup(self, source: PeNode) -> None:
        """Send every valid entry of `source` to its peer (batch backup)."""
        snapshot = source.arp.snapshot(self.clock.now)
        for host, _, _ in snapshot.entries():
            self._backup(source, host, snapshot.expiry[host])

    # -- ARP learning ----------------------------------------------------------------------

    def learn(self, node: PeNode, host: int) -> None:
        """`node` learned `host` from an ARP packet; back it up to the peer."""
        now = self.clock.now
        expiry = now + self.sim.arp_timeout_s
        if node.arp.learn(host, now, expiry) and self.traffic is not None:
            self.traffic.on_valid(node.index, host, now)
        self._backup(node, host, expiry)

    def ping_host(self, node: PeNode, host: int) -> bool:
        """Whether one echo from `node` to CE host `host` is answered now.

        The request needs a forwarding CE Eth-Trunk and an ARP entry; a missing entry is
        resolved by this echo's own ARP request (answered over the link the CE hashes the
        host to), and the echo is lost. The reply needs a link the CE really uses.
        """
        traffic = self.traffic
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
        if self.traffic is not None:
            for host in self.hosts.slot_hosts(int(now) % self.hosts.refresh_slots):
                link = self.traffic.upstream_link(host)
                if link is not None:
                    self.learn(self.nodes[self.ce_links[link].pe], host)
        self.clock.call_later(1.0, self._refresh_tick)

    # -- traffic ---------------------------------------------------------------------------

    def _recompute_traffic(self) -> None:
        if self.traffic is None or not self._booted:
            return
        earliest = self.traffic.recompute(self.clock.now)
        if self._expiry_timer is not None:
            self._expiry_timer.cancel()
        self._expiry_timer = None
        if earliest is not None:
            self._expiry_timer = self.clock.call_at(earliest, self._recompute_traffic)
        self._arm_misses()

    def _arm_misses(self) -> None:
        if self.traffic is None:
            return
        for pe in (0, 1):
            if self.traffic.misses[pe] > 0 and self._miss_timers[pe] is None:
                self._miss_timers[pe] = self.clock.call_later(
                    1.0 / self.sim.arp_miss_rate, partial(self._resolve_miss, pe)
                )

    def _resolve_miss(self, pe: int) -> None:
        """Resolve one ARP miss of PE `pe`: its ARP request reaches the host, whose reply
        comes back over the link the CE hashes the host to (learned if that is `pe`'s)."""
        self._miss_timers[pe] = None
        if self.traffic is None:
            return
        now = self.clock.now
        host = self.traffic.next_miss(pe, self._miss_cursor[pe], now)
        if host is None:
            return
        self._miss_cursor[pe] = (host + 1) % self.hosts.count
        link = self.traffic.upstream_link(host)
        if link is not None and self.ce_links[link].pe == pe:
            self.learn(self.nodes[pe], host)
        self._arm_misses()
