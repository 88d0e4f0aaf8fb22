"""`PeRuntime`: one PE's live displays and ping, served from the lab fabric."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TypeVar

from nornir_arpha.sim import inferred
from nornir_arpha.sim.device_runtime import (
    CommandRefused,
    PingRequest,
    ShowArp,
    ShowArpStatistics,
    ShowEthTrunk,
    ShowETrunk,
    ShowInterface,
    ShowInterfaceBrief,
    ShowRbp,
    ShowRbs,
    ShowRequest,
)
from nornir_arpha.sim.fabric.display_views import PeViews
from nornir_arpha.sim.fabric.lab_fabric import LabFabric
from nornir_arpha.sim.fabric.node import PeNode
from nornir_arpha.sim.render.arp_display import ArpCounts, render_arp, render_arp_statistics
from nornir_arpha.sim.render.backup_display import (
    render_rbp,
    render_rbp_list,
    render_rbs,
    render_rbs_list,
)
from nornir_arpha.sim.render.etrunk_display import render_etrunk, render_etrunk_brief
from nornir_arpha.sim.render.interface_display import (
    render_eth_trunk,
    render_eth_trunk_brief,
    render_interface,
    render_interface_brief,
)
from nornir_arpha.sim.render.ping_output import render_ping

logger = logging.getLogger(__name__)

T = TypeVar("T")


class PeRuntime:
    """The `DeviceRuntime` of PE `name` (see `nornir_arpha.sim.device_runtime`).

    Args:
        fabric: the lab fabric the PE is (or will be) attached to
        name: the PE's inventory name
    """

    def __init__(self, fabric: LabFabric, name: str) -> None:
        self.fabric = fabric
        self.name = name
        self.views = PeViews(fabric, name)

    def show(self, request: ShowRequest) -> Iterable[str]:
        """Render a display command from the state at this instant.

        Raises:
            CommandRefused: the E-Trunk, RBS, RBP or interface asked for does not exist
        """
        self.fabric.clock.sync()
        match request:
            case ShowETrunk(etrunk_id=None):
                return render_etrunk_brief(self.views.etrunk_brief())
            case ShowETrunk(etrunk_id=int(etrunk_id)):
                etrunk = self.views.etrunk(etrunk_id)
                return render_etrunk(_found(etrunk, inferred.REFUSE_ETRUNK_MISSING))
            case ShowRbs(name=None):
                return render_rbs_list(list(self._node().config.rbs))
            case ShowRbs(name=str(name)):
                return render_rbs(_found(self.views.rbs(name), inferred.REFUSE_RBS_MISSING))
            case ShowRbp(name=None):
                return render_rbp_list(list(self._node().config.rbps))
            case ShowRbp(name=str(name)):
                return render_rbp(_found(self.views.rbp(name), inferred.REFUSE_RBP_MISSING))
            case ShowEthTrunk():
                return self._eth_trunk(request)
            case ShowInterface(name=None):
                return self._all_interfaces()
            case ShowInterface(name=str(name)):
                view = self.views.interface(name)
                return render_interface(_found(view, inferred.REFUSE_INTERFACE_MISSING))
            case ShowInterfaceBrief():
                return render_interface_brief(self.views.brief(), self.fabric.personality)
            case ShowArp(interface=interface):
                counts = ArpCounts()
                rows = self.views.arp_rows(interface, counts)
                timeout = None if interface is None else round(self.fabric.sim.arp_timeout_s)
                return render_arp(
                    _found(rows, inferred.REFUSE_INTERFACE_MISSING),
                    counts,
                    timeout_s=timeout,
                    personality=self.fabric.personality,
                )
            case ShowArpStatistics():
                return render_arp_statistics(self.views.arp_counts(), self.fabric.personality)
        raise CommandRefused(f"{type(request).__name__} is not a live display")

    def _node(self) -> PeNode:
        return self.fabric.node(self.name)

    def _eth_trunk(self, request: ShowEthTrunk) -> list[str]:
        node = self._node()
        ids = sorted(node.trunks) if request.trunk_id is None else [request.trunk_id]
        views = [_found(self.views.eth_trunk(i), inferred.REFUSE_ETH_TRUNK_MISSING) for i in ids]
        if request.brief:
            return render_eth_trunk_brief(views)
        lines: list[str] = []
        for view in views:
            if lines:
                lines.append("")
            lines += render_eth_trunk(
                view, verbose=request.verbose, personality=self.fabric.personality
            )
        return lines

    def _all_interfaces(self) -> list[str]:
        lines: list[str] = []
        for interface in self.views.interfaces():
            view = self.views.interface(interface.name)
            if view is not None:
                lines += [*render_interface(view), ""]
        return lines

    async def ping(self, request: PingRequest) -> list[str]:
        """Send `request.count` echoes, one after the other in lab time.

        Raises:
            CommandRefused: `-a` names an address that is not on this PE
        """
        fabric = self.fabric
        fabric.clock.sync()
        node = self._node()
        if request.source is not None and not node.owns(request.source):
            raise CommandRefused(inferred.REFUSE_PING_SOURCE)
        host = fabric.hosts.host_of(request.target)
        ttl = inferred.PING_ROUTER_TTL if host is None else inferred.PING_HOST_TTL
        replies: list[int | None] = []
        for sequence in range(request.count):
            if sequence:
                await fabric.clock.sleep(inferred.PING_INTERVAL_S)
            fabric.clock.sync()
            answered = self._echo(node, request.target, host)
            replies.append(inferred.PING_RTT_MS if answered else None)
            if not answered:
                await fabric.clock.sleep(request.timeout_ms / 1000)
        return render_ping(request.target, request.size, ttl, replies)

    def _echo(self, node: PeNode, target: str, host: int | None) -> bool:
        """Whether one echo request to `target` is answered now."""
        if host is None:
            peer = self.fabric.nodes[1 - node.index] if len(self.fabric.nodes) == 2 else None
            return node.owns(target) or (
                peer is not None and peer.owns(target) and self.fabric.links.path_up()
            )
        return self.fabric.arp.ping_host(node, host)


def _found(value: T | None, refusal: str) -> T:
    if value is None:
        raise CommandRefused(refusal)
    return value
