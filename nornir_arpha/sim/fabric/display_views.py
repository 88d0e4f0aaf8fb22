"""Read the live state of one PE into the plain views the display renderers take."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator, Mapping

from nornir_arpha.sim import inferred
from nornir_arpha.sim.defects import Defect
from nornir_arpha.sim.device_config import Interface
from nornir_arpha.sim.fabric.arp_table import LOCAL
from nornir_arpha.sim.fabric.hosts import format_mac
from nornir_arpha.sim.fabric.lab_fabric import LabFabric
from nornir_arpha.sim.fabric.node import PeNode, slot_of
from nornir_arpha.sim.fabric.rbs_channel import tcp_state
from nornir_arpha.sim.render.arp_display import ArpCounts, row_prefix, row_suffix
from nornir_arpha.sim.render.backup_display import RbpView, RbsView
from nornir_arpha.sim.render.etrunk_display import ETrunkBriefRow, ETrunkMemberView, ETrunkView
from nornir_arpha.sim.render.interface_display import (
    BriefRow,
    Counters,
    EthTrunkView,
    InterfaceView,
    MemberView,
)

PACKET_BYTES = 512  # average size of the lab's traffic, turns packet counts into bytes
PORT_SPEEDS_MBPS = {
    "GigabitEthernet": 1_000,
    "XGigabitEthernet": 10_000,
    "10GE": 10_000,
    "25GE": 25_000,
    "40GE": 40_000,
    "50GE": 50_000,
    "100GE": 100_000,
    "200GE": 200_000,
    "400GE": 400_000,
    "Ethernet": 100,
}
KIND_ORDER = {"eth-trunk": 0, "physical": 1, "loopback": 2}
NUMBERS = re.compile(r"\d+")
ARP_INTERFACE_ABBREVIATIONS = {"GigabitEthernet": "GE", "XGigabitEthernet": "XGE"}


# A port's type: the higher rate of a dual-rate NE8000 port (`50|100GE`), or the whole type.
PORT_TYPE = re.compile(r"^(?:\d+\|)?(\d*[A-Za-z]+)")


def port_speed_mbps(name: str) -> int:
    """The speed of a physical port, from its type (a breakout channel `:N` runs at a share
    of its port's: `inferred.BREAKOUT_RATE_SHARE`)."""
    match = PORT_TYPE.match(name)
    speed = PORT_SPEEDS_MBPS.get(match.group(1) if match else "", 1_000)
    return speed // inferred.BREAKOUT_RATE_SHARE if ":" in name else speed


def port_rate(name: str) -> str:
    """A physical port's running rate as `display interface brief` suffixes it (`10G`)."""
    speed = port_speed_mbps(name)
    return f"{speed // 1000}G" if speed >= 1000 else f"{speed}M"


def interface_order(interface: Interface) -> tuple[int, str, list[int]]:
    """Sort key: Eth-Trunks, then physical ports, then LoopBacks; numbers numerically."""
    kind = interface.name.rstrip("0123456789/.")
    return KIND_ORDER[interface.kind], kind, [int(n) for n in NUMBERS.findall(interface.name)]


def arp_interface_name(name: str) -> str:
    """The INTERFACE column's short form (`GE0/2/0`; Eth-Trunks stay whole)."""
    for long, short in ARP_INTERFACE_ABBREVIATIONS.items():
        if name.startswith(long):
            return short + name[len(long) :]
    return name


class PeViews:
    """Builds display views of PE `name` from the fabric's live state.

    Args:
        fabric: the lab fabric
        name: the PE
    """

    def __init__(self, fabric: LabFabric, name: str) -> None:
        self.fabric = fabric
        self.name = name

    @property
    def node(self) -> PeNode:
        """The PE's fabric node."""
        return self.fabric.node(self.name)

    def time(self, lab_time: float | None) -> str | None:
        """Device time of `lab_time`, as displays print it."""
        if lab_time is None:
            return None
        return f"{self.fabric.clock.datetime_at(lab_time):%Y-%m-%d %H:%M:%S}"

    def now(self) -> str:
        """The device's current time, as displays print it."""
        return f"{self.fabric.clock.datetime_at(self.fabric.clock.now):%Y-%m-%d %H:%M:%S}"

    # -- E-Trunk ---------------------------------------------------------------------------

    def etrunk(self, etrunk_id: int) -> ETrunkView | None:
        """`display e-trunk ID`, or None if there is no such E-Trunk."""
        agent = self.node.etrunks.get(etrunk_id)
        if agent is None:
            return None
        config = agent.config
        members = []
        for member in agent.members.values():
            peer_member = agent.peer.members.get(member.trunk_id)
            members.append(
                ETrunkMemberView(
                    member.trunk_id,
                    member.phys_up,
                    member.mode,
                    member.state,
                    member.causation,
                    member.trunk_id if peer_member is not None else None,
                )
            )
        return ETrunkView(
            etrunk_id=config.id,
            revert_delay_s=config.revert_delay_s,
            priority=config.priority,
            system_id=format_mac(agent.system_id),
            peer_ip=config.peer or "-",
            source_ip=config.source or "-",
            state=agent.state,
            causation=agent.causation,
            send_period_100ms=config.hello_100ms,
            fail_time_100ms=agent.fail_time_100ms,
            received=agent.received,
            sent=agent.sent,
            rec_drop=agent.rec_drop,
            snd_drop=agent.snd_drop,
            peer_priority=agent.peer.priority,
            peer_system_id=format_mac(agent.peer.system_id),
            peer_fail_time_100ms=agent.peer.fail_time_100ms,
            description=config.description,
            members=tuple(members),
        )

    def etrunk_brief(self) -> list[ETrunkBriefRow]:
        """`display e-trunk brief` rows, by E-Trunk id."""
        return [
            ETrunkBriefRow(
                etrunk_id, agent.state, agent.config.peer or "-", agent.config.source or "-"
            )
            for etrunk_id, agent in sorted(self.node.etrunks.items())
        ]

    # -- RBS / RBP -------------------------------------------------------------------------

    def rbs(self, name: str) -> RbsView | None:
        """`display remote-backup-service NAME`, or None if there is no such RBS."""
        node = self.node
        key = _find(node.config.rbs, name)
        if key is None:
            return None
        service, endpoint = node.config.rbs[key], node.rbs[key]
        unset = inferred.DISPLAY_UNSET
        return RbsView(
            index=list(node.config.rbs).index(key) + 1,
            name=key,
            tcp_state=tcp_state(service, endpoint),
            peer_ip=service.peer or unset,
            source_ip=service.source or unset,
            port=str(service.port) if service.port is not None else unset,
            last_up=self.time(endpoint.last_up),
            last_down=self.time(endpoint.last_down),
            down_reason=endpoint.down_reason,
        )

    def rbp(self, name: str) -> RbpView | None:
        """`display remote-backup-profile NAME`, or None if there is no such RBP."""
        config = self.node.config
        key = _find(config.rbps, name)
        if key is None:
            return None
        rbp = config.rbps[key]
        unset = inferred.DISPLAY_UNSET
        bound = sorted((i for i in config.interfaces.values() if i.rbp == key), key=interface_order)
        return RbpView(
            index=list(config.rbps).index(key),
            name=key,
            service=",".join(rbp.service_types) or unset,
            rbs=rbp.rbs or unset,
            backup_id=str(rbp.backup_id) if rbp.backup_id is not None else unset,
            etrunk_id=rbp.e_trunk,
            eth_trunk_id=rbp.eth_trunk,
            interfaces=tuple(i.name for i in bound),
            backup_mode=rbp.peer_backup,
        )

    # -- interfaces ------------------------------------------------------------------------

    def interfaces(self) -> list[Interface]:
        """Every configured interface, in display order."""
        return sorted(self.node.config.interfaces.values(), key=interface_order)

    def counters(self, names: list[str], *, trunk: bool = False) -> Counters:
        """The summed traffic of the physical ports `names` (one port, or a trunk's members:
        `trunk` when they are read as the Eth-Trunk's own counters)."""
        node, now = self.node, self.fabric.clock.now
        ports = [node.ports[n] for n in names if n in node.ports]
        bandwidth = sum(port_speed_mbps(n) for n in names) * 1_000_000
        rx = [p.rx.read(now, trunk=trunk) for p in ports]
        tx = [p.tx.read(now, trunk=trunk) for p in ports]
        in_pps = sum(r.rate_pps for r in rx)
        out_pps = sum(r.rate_pps for r in tx)
        in_peak = max(rx, key=lambda r: r.peak_pps, default=None)
        out_peak = max(tx, key=lambda r: r.peak_pps, default=None)
        in_packets = int(sum(r.packets for r in rx))
        out_packets = int(sum(r.packets for r in tx))
        return Counters(
            in_packets=in_packets,
            in_bytes=in_packets * PACKET_BYTES,
            out_packets=out_packets,
            out_bytes=out_packets * PACKET_BYTES,
            in_pps=round(in_pps),
            in_bps=round(in_pps * PACKET_BYTES * 8),
            out_pps=round(out_pps),
            out_bps=round(out_pps * PACKET_BYTES * 8),
            in_peak_bps=_bps(in_peak.peak_pps if in_peak else 0.0),
            in_peak_at=self.time(in_peak.peak_at if in_peak else 0.0) or inferred.NEVER,
            out_peak_bps=_bps(out_peak.peak_pps if out_peak else 0.0),
            out_peak_at=self.time(out_peak.peak_at if out_peak else 0.0) or inferred.NEVER,
            bandwidth_bps=bandwidth,
        )

    def members(self, trunk_id: int) -> tuple[MemberView, ...]:
        """The member ports of an Eth-Trunk, in port order, with their link state."""
        node = self.node
        return tuple(
            MemberView(m.name, m.name in node.ports and node.ports[m.name].link_up)
            for m in sorted(node.config.trunk_members(trunk_id), key=interface_order)
        )

    def interface(self, name: str) -> InterfaceView | None:
        """`display interface NAME`, or None if the PE has no such interface."""
        node = self.node
        interface = node.interface(name)
        if interface is None:
            return None
        members: tuple[MemberView, ...] = ()
        physical_up = physical_down = None
        if interface.kind == "eth-trunk":
            assert interface.trunk_id is not None
            trunk = node.trunks[interface.trunk_id]
            members = self.members(interface.trunk_id)
            up, last_up, ports = trunk.protocol_up, trunk.last_up, [m.name for m in members]
        elif interface.kind == "physical":
            port = node.ports[name]
            up, last_up, ports = port.link_up, port.last_up, [name]
            physical_up, physical_down = self.time(port.last_up), self.time(port.last_down)
        else:
            up, last_up, ports = True, node.booted_at, []
        return InterfaceView(
            name=name,
            kind=interface.kind,
            ifindex=node.ifindex(name),
            state=_state(interface, up),
            protocol_up=up,
            last_protocol_up=self.time(last_up),
            description=interface.description,
            ipv4=interface.ipv4[0] if interface.ipv4 else None,
            mac=format_mac(node.mac),
            now=self.now(),
            counters=self.counters(ports, trunk=interface.kind == "eth-trunk"),
            members=members,
            last_physical_up=physical_up,
            last_physical_down=physical_down,
            bandwidth_mbps=port_speed_mbps(members[0].name) if members else 0,
        )

    def eth_trunk(self, trunk_id: int) -> EthTrunkView | None:
        """`display eth-trunk ID`, or None if there is no such Eth-Trunk."""
        node = self.node
        interface, trunk = node.config.eth_trunk(trunk_id), node.trunks.get(trunk_id)
        if interface is None or trunk is None:
            return None
        members = self.members(trunk_id)
        role = "-"
        agent = node.etrunks.get(interface.e_trunk) if interface.e_trunk else None
        member = agent.members.get(trunk_id) if agent else None
        if member is not None:
            role = "M" if member.state == "Master" else "S"
        return EthTrunkView(
            trunk_id=trunk_id,
            working_mode="STATIC" if interface.trunk_mode == "lacp-static" else "NORMAL",
            operate_up=trunk.protocol_up,
            role=role,
            bandwidth_mbps=port_speed_mbps(members[0].name) if members else 0,
            members=members,
            member_counters=tuple(self.counters([m.name]) for m in members),
            counters=self.counters([m.name for m in members], trunk=True),
        )

    def brief(self) -> list[BriefRow]:
        """`display interface brief` rows: trunks with their members, ports, loopbacks, NULL0."""
        node = self.node
        rows: list[BriefRow] = []
        members = {i.name for i in node.config.interfaces.values() if i.eth_trunk is not None}
        for interface in self.interfaces():
            if interface.name in members:
                continue
            rows.append(self._brief_row(interface))
            if interface.kind == "eth-trunk" and interface.trunk_id is not None:
                for member in sorted(
                    node.config.trunk_members(interface.trunk_id), key=interface_order
                ):
                    rows.append(self._brief_row(member, member=True))
        rows.append(BriefRow("NULL0", "up", "up(s)", 0.0, 0.0))
        return rows

    def _brief_row(self, interface: Interface, *, member: bool = False) -> BriefRow:
        node = self.node
        if interface.kind == "loopback":
            return BriefRow(interface.name, "up", "up(s)", 0.0, 0.0)
        if interface.kind == "eth-trunk":
            trunk_id = interface.trunk_id
            assert trunk_id is not None
            trunk = node.trunks[trunk_id]
            names = [m.name for m in node.config.trunk_members(trunk_id)]
            phy = "*down" if interface.shutdown else "up" if trunk.phys_up else "down"
            if trunk.phys_up and trunk.blocked:
                phy = inferred.ETRUNK_BLOCKED_PHY
            protocol_up = trunk.protocol_up
        else:
            names = [interface.name]
            up = interface.name in node.ports and node.ports[interface.name].link_up
            phy = "*down" if interface.shutdown else "up" if up else "down"
            protocol_up = up
        counters = self.counters(names, trunk=interface.kind == "eth-trunk")
        return BriefRow(
            interface.name,
            phy,
            "up" if protocol_up else "down",
            counters.utility(counters.in_bps),
            counters.utility(counters.out_bps),
            member,
            port_rate(interface.name) if interface.kind == "physical" else "",
        )

    # -- ARP -------------------------------------------------------------------------------

    def arp_rows(
        self, interface: str | None, counts: ArpCounts, *, footer: bool = True
    ) -> Iterator[str] | None:
        """The rows of `display arp all` (interface None) or `display arp interface IF`.

        The host entries are copied at call time, then streamed; `counts` is complete when
        the iterator is exhausted. None when `interface` is not an interface of the PE.
        `footer`: `counts` is for the table's footer (where arp-footer-miscount acts).
        """
        node = self.node
        if interface is not None and node.interface(interface) is None:
            return None
        wanted = [i for i in self.interfaces() if interface is None or i.name == interface]
        snapshot = node.arp.snapshot(self.fabric.clock.now)
        hosts = self.fabric.hosts
        mac = format_mac(node.mac)
        up = {i.name: self._arp_up(i) for i in wanted}
        extra = snapshot.extra_rows()
        defects = self.fabric.defects
        remote_on = self._remote_interface() if interface is None else None

        def rows() -> Iterator[str]:
            """Interface entries, then the host entries of the copied table."""
            for item in wanted:
                if not up[item.name] or item.kind == "loopback":
                    continue
                name = arp_interface_name(item.name)
                for address in item.ipv4:
                    counts.interface += 1
                    ip = str(ipaddress.ip_interface(address).ip)
                    yield row_prefix(ip, mac) + row_suffix(None, "I -", name)
                if item.trunk_id != node.ce_trunk_id:
                    continue
                slot = self._trunk_slot(item)
                remote = self.fabric.personality.arp_backup_type.format(slot=slot)
                local = f"D-{slot}"
                for host, kind, left in snapshot.entries():
                    if kind == LOCAL:
                        counts.dynamic += 1
                        yield row_prefix(hosts.ips[host], snapshot.macs[host]) + row_suffix(
                            -int(-left // 60), local, name
                        )
                        continue
                    listed_on = remote_on or name
                    copies = [(snapshot.expiry[host], snapshot.macs[host]), *extra.get(host, ())]
                    counts.remote += len(copies)
                    for expiry, entry_mac in copies:
                        left = expiry - snapshot.now
                        suffix = row_suffix(-int(-left // 60), remote, listed_on)
                        yield row_prefix(hosts.ips[host], entry_mac) + suffix
            miscount = footer and interface is None and Defect.ARP_FOOTER_MISCOUNT in defects
            if miscount and counts.remote:
                counts.remote -= 1

        return rows()

    def _remote_interface(self) -> str | None:
        """Where `display arp all` lists backed-up entries: the inter-PE port with the
        defect backup-wrong-interface, else (None) the Eth-Trunk they belong to."""
        fabric = self.fabric
        if Defect.BACKUP_WRONG_INTERFACE not in fabric.defects or not fabric.links.pe_cables:
            return None
        return arp_interface_name(fabric.links.pe_cables[0][self.node.index])

    def arp_counts(self) -> ArpCounts:
        """The totals of `display arp statistics all`."""
        counts = ArpCounts()
        rows = self.arp_rows(None, counts, footer=False)
        for _ in rows or ():
            pass
        return counts

    def _arp_up(self, interface: Interface) -> bool:
        node = self.node
        if interface.kind == "eth-trunk" and interface.trunk_id is not None:
            trunk = node.trunks.get(interface.trunk_id)
            return trunk is not None and trunk.protocol_up
        if interface.kind == "physical":
            port = node.ports.get(interface.name)
            return port is not None and port.link_up
        return True

    def _trunk_slot(self, interface: Interface) -> int:
        assert interface.trunk_id is not None
        members = sorted(self.node.config.trunk_members(interface.trunk_id), key=interface_order)
        return slot_of(members[0].name) if members else 0


def _find(items: Mapping[str, object], name: str) -> str | None:
    """The key matching `name` case-insensitively (RBS/RBP names are case-insensitive)."""
    return next((key for key in items if key.lower() == name.lower()), None)


def _bps(pps: float) -> int:
    return round(pps * PACKET_BYTES * 8)


def _state(interface: Interface, up: bool) -> str:
    if interface.shutdown:
        return "Administratively DOWN"
    return "UP" if up else "DOWN"
