"""The hot backup between the two PEs: E-Trunk hellos, the RBS channel, ARP entry sync.

Entries go to the peer while an RBS session connects two RBPs that back up the CE
Eth-Trunk's ARP (`arp_profile`) with the same backup-id: each new entry at once, and a
batch of every valid entry when the backup starts or the CE Eth-Trunk comes back.
Defects acting here: what is sent (arp-backup-not-sent, no-realtime-backup,
mac-change-not-backed-up, backup-wrong-mac), how a batch lands (backup-duplicate-rows,
resync-installs-swapped-macs),
what a trunk loss drops (backup-entries-flushed, no-resync-after-recovery) and the channel
on an access fault (rbs-flaps-on-access-fault).
"""

from __future__ import annotations

from collections.abc import Callable

from nornir_arpha.sim.defects import Defect, Defects
from nornir_arpha.sim.device_config import RemoteBackupProfile
from nornir_arpha.sim.fabric.arp_table import REMOTE
from nornir_arpha.sim.fabric.clock import LabClock
from nornir_arpha.sim.fabric.etrunk_agent import ETrunkAgent, Hello
from nornir_arpha.sim.fabric.forwarding import Forwarding
from nornir_arpha.sim.fabric.links import Links
from nornir_arpha.sim.fabric.node import PeNode
from nornir_arpha.sim.fabric.rbs_channel import RbsChannel, RbsEndpoint, RbsSide

# Defect backup-never-ages-out: how long a backed-up entry lives instead (about 30 years).
NEVER_S = 1e9


class HotBackup:
    """E-Trunk agents, the RBS channel and the ARP backup of one PE pair.

    Args:
        nodes: the PEs attached so far, by index (shared with the fabric)
        links: the lab's links (the inter-PE path carries hellos and backups)
        forwarding: told of each backed-up entry that lets traffic flow
        clock: the lab clock
        defects: the lab's defects
        request_reconcile: asks the fabric to reconcile soon (a protocol changed state)
    """

    def __init__(
        self,
        nodes: list[PeNode],
        links: Links,
        forwarding: Forwarding,
        clock: LabClock,
        defects: Defects,
        request_reconcile: Callable[[], None],
    ) -> None:
        self.nodes = nodes
        self.links = links
        self.forwarding = forwarding
        self.clock = clock
        self.defects = defects
        self._request_reconcile = request_reconcile
        self.rbs = RbsChannel(clock, request_reconcile, defects)
        self.active = False

    def _peer(self, node: PeNode) -> PeNode:
        return self.nodes[1 - node.index]

    # -- E-Trunk ---------------------------------------------------------------------------

    def update_etrunks(self, node: PeNode) -> None:
        """Start, reconfigure or stop `node`'s E-Trunk agents; give them their members."""
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
                    defects=self.defects,
                )
            elif agent.config != etrunk:
                agent.reconfigure(etrunk)
            members = {
                trunk_id: (interface.e_trunk_mode, node.trunks[trunk_id].phys_up)
                for interface in config.interfaces.values()
                if (trunk_id := interface.trunk_id) is not None and interface.e_trunk == etrunk_id
            }
            agent.set_members(members)

    def _hello_sender(self, node: PeNode) -> Callable[[Hello], bool]:
        def send(hello: Hello) -> bool:
            """Route a hello to the peer: needs a local source, the path, the peer's address."""
            peer = self._peer(node)
            config = (
                node.etrunks[hello.etrunk_id].config if hello.etrunk_id in node.etrunks else None
            )
            if config is None or config.peer is None or not node.owns(hello.source):
                return False
            if not self.links.path_up() or not peer.owns(config.peer):
                return False
            agent = peer.etrunks.get(hello.etrunk_id)
            if agent is not None:
                self.clock.call_later(0.0, lambda: agent.receive(hello))
            return True

        return send

    # -- RBS and ARP backup ----------------------------------------------------------------

    def update_rbs(self) -> None:
        """Follow the configured RBSs; connect or close their sessions."""
        for node in self.nodes:
            for name in list(node.rbs):
                if name not in node.config.rbs:
                    del node.rbs[name]
            for name in node.config.rbs:
                node.rbs.setdefault(name, RbsEndpoint(name))
        self.rbs.reconcile(*self._sides(), self.links.path_up())

    def _sides(self) -> tuple[RbsSide, RbsSide]:
        one, two = (RbsSide(n.config.rbs, n.owns, n.rbs, n.log) for n in self.nodes)
        return one, two

    def port_down(self, node: PeNode, port: str) -> None:
        """A port of `node` lost its link. With rbs-flaps-on-access-fault, an Eth-Trunk
        member's loss closes the RBS sessions (they reconnect after the connect delay)."""
        interface = node.interface(port)
        if (
            Defect.RBS_FLAPS_ON_ACCESS_FAULT in self.defects
            and interface is not None
            and interface.eth_trunk is not None
        ):
            self.rbs.drop(*self._sides())

    def update_backup(self) -> None:
        """Run the ARP backup while a session joins two matching profiles; batch on start."""
        active = any(
            (a := arp_profile(self.nodes[0], first)) is not None
            and (b := arp_profile(self.nodes[1], second)) is not None
            and a.backup_id == b.backup_id
            for first, second in self.rbs.sessions
        )
        if active and not self.active:
            self.active = True
            for node in self.nodes:
                self._batch_backup(node)
        self.active = active

    def backup(self, source: PeNode, host: int, expiry: float, *, mac_changed: bool) -> None:
        """Send an entry `source` just learned to its peer (real-time backup).

        Args:
            source: the PE that learned it
            host: the host
            expiry: when the entry expires
            mac_changed: the entry replaced a valid one with another MAC
        """
        if Defect.NO_REALTIME_BACKUP in self.defects or (
            mac_changed and Defect.MAC_CHANGE_NOT_BACKED_UP in self.defects
        ):
            return
        self._send(source, host, expiry, batch=False)

    def _send(
        self, source: PeNode, host: int, expiry: float, *, batch: bool, resync: bool = False
    ) -> None:
        """Send one entry of `source` to its peer, if the hot backup runs and can reach it
        (`resync`: in the batch for a peer whose CE Eth-Trunk came back)."""
        if (
            not self.active
            or not self.links.path_up()
            or Defect.ARP_BACKUP_NOT_SENT in self.defects
        ):
            return
        peer = self._peer(source)
        if not peer.ce_forwarding():
            return
        now, mac = self.clock.now, source.arp.macs[host]
        if Defect.BACKUP_NEVER_AGES_OUT in self.defects:
            expiry = now + NEVER_S
        if Defect.BACKUP_WRONG_MAC in self.defects:
            mac = mac[:-2] + f"{int(mac[-2:], 16) ^ 1:02x}"
        if (
            batch
            and Defect.BACKUP_DUPLICATE_ROWS in self.defects
            and peer.arp.kind[host] == REMOTE
            and peer.arp.valid(host, now)
        ):
            peer.arp.append(host, expiry, mac)
        if resync and Defect.RESYNC_INSTALLS_SWAPPED_MACS in self.defects:
            if peer.arp.learn(host, now, expiry, swap_mac_bytes(mac)):
                self.forwarding.on_valid(peer.index, host)
            return
        if peer.arp.receive(host, now, expiry, mac):
            self.forwarding.on_valid(peer.index, host)

    def _batch_backup(self, source: PeNode, *, resync: bool = False) -> None:
        """Send every valid entry of `source` to its peer (batch backup; `resync`: the peer's
        CE Eth-Trunk came back)."""
        snapshot = source.arp.snapshot(self.clock.now)
        for host, _, _ in snapshot.entries():
            self._send(source, host, snapshot.expiry[host], batch=True, resync=resync)

    def ce_trunk_edge(self, node: PeNode, up: bool) -> None:
        """The CE Eth-Trunk came up (ask the peer for a batch backup) or went down."""
        peer = self._peer(node)
        if up:
            if self.active and Defect.NO_RESYNC_AFTER_RECOVERY not in self.defects:
                self._batch_backup(peer, resync=True)
        else:
            node.arp.clear()
            if Defect.BACKUP_ENTRIES_FLUSHED in self.defects:
                peer.arp.forget_remote()


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


def swap_mac_bytes(mac: str) -> str:
    """`00e0-fc12-3456` -> `e000-12fc-5634` (defect resync-installs-swapped-macs)."""
    return "-".join(group[2:] + group[:2] for group in mac.split("-"))
