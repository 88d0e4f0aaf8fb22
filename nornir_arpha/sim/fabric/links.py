"""The lab's cables, and each PE's ports and Eth-Trunks as the configuration leaves them."""

from __future__ import annotations

from collections.abc import Callable

from nornir_arpha.lab import Lab
from nornir_arpha.sim.defects import Defect, Defects
from nornir_arpha.sim.fabric.clock import LabClock
from nornir_arpha.sim.fabric.etrunk_agent import BACKUP
from nornir_arpha.sim.fabric.hosts import mask_of
from nornir_arpha.sim.fabric.node import PeNode, TrunkState
from nornir_arpha.sim.fabric.traffic import CeLink


class Links:
    """Link and Eth-Trunk state of both PEs; logs each interface edge on the PE.

    With the defect member-stays-blocked, a CE Eth-Trunk member that comes back after
    `undo shutdown` is never added back to the trunk's forwarding: it shows UP and the CE
    hashes onto it (`seen`), but it carries nothing (`carrying`).

    Args:
        lab: the lab definition (its topology gives the cables)
        nodes: the PEs attached so far, by index (shared with the fabric)
        clock: the lab clock
        on_link_change: called with the PE, the port and its new state on every port
            going up or down
        on_ce_trunk: called with the PE and the new state when its CE Eth-Trunk starts or
            stops forwarding
        defects: the lab's defects
    """

    def __init__(
        self,
        lab: Lab,
        nodes: list[PeNode],
        clock: LabClock,
        on_link_change: Callable[[PeNode, str, bool], None],
        on_ce_trunk: Callable[[PeNode, bool], None],
        defects: Defects,
    ) -> None:
        self.pair = lab.settings.pair
        self.nodes = nodes
        self.clock = clock
        self._on_link_change = on_link_change
        self._on_ce_trunk = on_ce_trunk
        self._defects = defects
        self.ce_links, self.pe_cables = self._cables(lab)
        self._was_shut: set[tuple[int, str]] = set()  # member ports down by `shutdown`
        self.stuck: set[tuple[int, str]] = set()  # members never re-added (defect)

    def _cables(self, lab: Lab) -> tuple[list[CeLink], list[tuple[str, str]]]:
        ce = lab.settings.ce.name
        ce_links: list[CeLink] = []
        pe_cables: list[tuple[str, str]] = []
        for link in lab.settings.topology.links:
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

    def update_ports(self) -> None:
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
                self._on_link_change(node, name, up)
                self._track_member(node, name, up)
                if up:
                    port.last_up = self.clock.now
                    self._ifnet(node, name, up=True, reason="The interface is up")
                else:
                    port.last_down = self.clock.now
                    shut = self._shut_down(node, name)
                    reason = (
                        "The interface is shut down" if shut else "Interface physical link is down"
                    )
                    self._ifnet(node, name, up=False, reason=reason)

    def _track_member(self, node: PeNode, name: str, up: bool) -> None:
        """Defect member-stays-blocked: a CE member port back from `shutdown` stays out."""
        interface = node.interface(name)
        if (
            Defect.MEMBER_STAYS_BLOCKED not in self._defects
            or interface is None
            or interface.eth_trunk != node.ce_trunk_id
        ):
            return
        key = (node.index, name)
        if not up:
            self.stuck.discard(key)
            if interface.shutdown:
                self._was_shut.add(key)
        elif key in self._was_shut:
            self._was_shut.discard(key)
            self.stuck.add(key)

    def _enabled(self, pe: int, port: str) -> bool:
        return not self._shut_down(self.nodes[pe], port)

    @staticmethod
    def _shut_down(node: PeNode, port: str) -> bool:
        interface = node.interface(port)
        return interface is None or interface.shutdown

    def update_trunks(self, node: PeNode) -> None:
        """Follow the configured Eth-Trunks and whether any member has light."""
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

    def update_blocking(self, node: PeNode) -> bool:
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
                self._on_ce_trunk(node, trunk.protocol_up)
        return ce_changed

    def seen(self) -> int:
        """The CE links the CE sees usable: light, a member port, a forwarding trunk."""
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

    def carrying(self) -> int:
        """The CE links that carry traffic now: those seen, but a stuck member (defect)."""
        stuck = mask_of([ln.index for ln in self.ce_links if (ln.pe, ln.port) in self.stuck])
        return self.seen() & ~stuck

    def path_up(self) -> bool:
        """Whether the inter-PE path (any PE–PE cable) is up."""
        return any(
            self.nodes[0].ports[first].link_up
            for first, _ in self.pe_cables
            if first in self.nodes[0].ports
        )

    def _ifnet(self, node: PeNode, name: str, *, up: bool, reason: str) -> None:
        state = "UP" if up else "DOWN"
        interface = node.interface(name)
        admin = "DOWN" if interface is not None and interface.shutdown else "UP"
        node.log.log(
            "IFNET/2/linkDown_clear" if up else "IFNET/2/linkDown_active",
            f"The interface status changes. (ifName={name}, AdminStatus={admin}, "
            f"OperStatus={state}, Reason={reason}, mainIfname={name})",
        )
