"""The emulated traffic generator: its configuration, protocols and flows over the fabric.

Every method runs on the lab's event-loop thread (the fabric is not thread-safe), takes
snappi request objects and returns snappi answer objects (metrics: the plain JSON data such an
object serializes to). All figures are in lab time.
"""

from __future__ import annotations

import logging
import math
from importlib.metadata import version
from typing import Any

import snappi

from nornir_arpha.sim import inferred
from nornir_arpha.sim.fabric import LabFabric
from nornir_arpha.sim.otg.flow_counts import PAUSED, STARTED, STOPPED, FlowCount
from nornir_arpha.sim.otg.otg_errors import OtgError
from nornir_arpha.sim.otg.tester_config import TesterPlan, plan_config

logger = logging.getLogger(__name__)

# Lab times are floats: R x t may land a hair below a whole frame it really reached.
FRAME_SLACK = 1e-6


def whole_frames(value: float) -> int:
    """Frames counted so far (a count is a whole number of frames)."""
    return max(0, math.floor(value + FRAME_SLACK))


class Tester:
    """An OTG traffic generator whose devices are the lab's CE hosts and core side.

    Until its first configuration the fabric runs as it booted; from then on the CE hosts
    are exactly the configuration's CE-host devices.

    Args:
        fabric: the booted lab fabric
    """

    def __init__(self, fabric: LabFabric) -> None:
        self.fabric = fabric
        self.config: Any = snappi.Config()
        self.plan: TesterPlan | None = None
        self.hosts: dict[str, int] = {}  # CE-host device name → fabric host
        self.flows: dict[str, FlowCount] = {}
        self.protocols_running = False

    def _now(self) -> float:
        self.fabric.clock.sync()
        return self.fabric.clock.now

    def _plan(self) -> TesterPlan:
        if self.plan is None:
            raise OtgError("no configuration: POST /config first")
        return self.plan

    # -- configuration ---------------------------------------------------------------------

    def set_config(self, config: Any) -> Any:
        """Check and apply a configuration: hosts join, leave or change MAC; flows reset.

        Raises:
            OtgError: the configuration does not fit the lab
        """
        plan = plan_config(config, self.fabric.lab.settings.ce)
        self._now()
        ledger = self.fabric.track_delivery()
        hosts = self.fabric.hosts
        self.hosts = {}
        for device in plan.devices.values():
            if not device.ce_host:
                continue
            host = hosts.host_of(device.ip)
            if host is None:
                host = self.fabric.add_host(device.ip, device.mac)
            elif hosts.macs[host] != device.mac:
                self.fabric.set_host_mac(host, device.mac)
            self.hosts[device.name] = host
        self.fabric.keep_hosts(self.hosts.values())
        self.flows = {
            name: FlowCount(flow, self.hosts[flow.host.name], ledger)
            for name, flow in plan.flows.items()
        }
        self.config, self.plan, self.protocols_running = config, plan, False
        logger.info(
            "tester: %d devices (%d CE hosts), %d flows",
            len(plan.devices),
            len(self.hosts),
            len(plan.flows),
        )
        if plan.auto_start:
            self._start_protocols()
        return snappi.Warning()

    # -- control ---------------------------------------------------------------------------

    def set_state(self, request: Any) -> Any:
        """`control/state`: traffic flow_transmit, or protocol all start/stop.

        Raises:
            OtgError: no configuration, an unknown flow, or a state this tester lacks
        """
        self._plan()
        if request.choice == "traffic":
            transmit = request.traffic.flow_transmit
            now = self._now()
            for flow in self._flows(list(transmit.flow_names or []), "flow_names"):
                if transmit.state in ("start", "resume"):
                    flow.start(now)
                else:
                    flow.halt(now, STOPPED if transmit.state == "stop" else PAUSED)
        elif request.choice == "protocol" and request.protocol.choice == "all":
            if request.protocol.all.state == "start":
                self._start_protocols()
            else:
                self.protocols_running = False
        else:
            raise OtgError(f"control/state: choice '{request.choice}' is not supported")
        return snappi.Warning()

    def _start_protocols(self) -> None:
        self._now()
        self.protocols_running = True
        for host in self.hosts.values():
            self.fabric.announce_host(host)

    def action(self, request: Any) -> Any:
        """`control/action`: protocol ipv4 ping from CE hosts (each resolves its gateway).

        Raises:
            OtgError: no configuration, another action, or a source that is not a CE host
        """
        plan = self._plan()
        if request.choice != "protocol" or request.protocol.choice != "ipv4":
            raise OtgError("control/action: only protocol.ipv4.ping is supported")
        by_ipv4 = {device.ipv4: device for device in plan.devices.values()}
        answer = snappi.ControlActionResponse()
        responses = answer.response.protocol.ipv4.ping.responses
        self._now()
        for index, ping in enumerate(request.protocol.ipv4.ping.requests):
            device = by_ipv4.get(ping.src_name)
            if device is None or not device.ce_host:
                raise OtgError(
                    f"protocol.ipv4.ping.requests[{index}].src_name: "
                    f"'{ping.src_name}' is not the ipv4 of a CE-host device"
                )
            sent = self.fabric.announce_host(self.hosts[device.name])
            result = "succeeded" if sent else "failed"
            responses.add(src_name=ping.src_name, dst_ip=ping.dst_ip, result=result)
        return answer

    # -- monitoring ------------------------------------------------------------------------

    def metrics(self, request: Any) -> dict[str, Any]:
        """`monitor/metrics`: flow metrics, or port metrics, as the JSON snappi's
        `MetricsResponse` serializes to (built as plain data: snappi's objects take ~85 ms
        for 200 flows, all of it on the lab's event loop; tests check the shape with snappi).

        Raises:
            OtgError: no configuration, an unknown name, or another kind of metrics
        """
        plan = self._plan()
        now = self._now()
        if request.choice == "flow":
            names = list(request.flow.flow_names or [])
            flows = self._flows(names, "flow.flow_names", metrics_only=not names)
            return {
                "choice": "flow_metrics",
                "flow_metrics": [self._flow_metric(flow, now, plan) for flow in flows],
            }
        if request.choice == "port":
            names = list(request.port.port_names or []) or list(plan.ports)
            for name in names:
                if name not in plan.ports:
                    raise OtgError(f"port.port_names: '{name}' is not a configured port")
            return {
                "choice": "port_metrics",
                "port_metrics": [self._port_metric(name, now) for name in names],
            }
        raise OtgError(f"monitor/metrics: choice '{request.choice}' is not supported")

    def _flows(self, names: list[str], field: str, metrics_only: bool = False) -> list[FlowCount]:
        if not names:
            return [f for f in self.flows.values() if f.plan.metrics or not metrics_only]
        unknown = [name for name in names if name not in self.flows]
        if unknown:
            raise OtgError(f"{field}: {unknown} are not configured flows")
        return [self.flows[name] for name in names]

    @staticmethod
    def _flow_metric(flow: FlowCount, now: float, tester: TesterPlan) -> dict[str, Any]:
        plan = flow.plan
        sent, delivered = flow.times(now)
        frames_tx = whole_frames(plan.pps * sent)
        frames_rx = min(frames_tx, whole_frames(plan.pps * delivered))
        metric: dict[str, Any] = {
            "name": plan.name,
            "transmit": flow.state,
            # int64 fields are JSON strings in OTG, as snappi writes them.
            "frames_tx": str(frames_tx),
            "frames_rx": str(frames_rx),
            "bytes_tx": str(frames_tx * plan.frame_bytes),
            "bytes_rx": str(frames_rx * plan.frame_bytes),
            "frames_tx_rate": float(plan.pps) if flow.state == STARTED else 0.0,
            "frames_rx_rate": float(plan.pps) if flow.delivering() else 0.0,
        }
        if plan.loss:
            metric["loss"] = 100.0 * (frames_tx - frames_rx) / frames_tx if frames_tx else 0.0
        if tester.loss_duration:
            metric["packet_loss_duration"] = {"value": 1000.0 * (sent - delivered)}
        return metric

    def _port_metric(self, name: str, now: float) -> dict[str, Any]:
        frames_tx = frames_rx = bytes_tx = bytes_rx = 0
        tx_rate = rx_rate = 0.0
        transmitting = False
        for flow in self.flows.values():
            plan = flow.plan
            sent, delivered = flow.times(now)
            if plan.tx.ports[0] == name:
                frames = whole_frames(plan.pps * sent)
                frames_tx, bytes_tx = frames_tx + frames, bytes_tx + frames * plan.frame_bytes
                tx_rate += plan.pps if flow.state == STARTED else 0.0
                transmitting = transmitting or flow.state == STARTED
            if plan.rx.ports[0] == name:
                frames = whole_frames(plan.pps * delivered)
                frames_rx, bytes_rx = frames_rx + frames, bytes_rx + frames * plan.frame_bytes
                rx_rate += plan.pps if flow.delivering() else 0.0
        return {
            "name": name,
            "location": self._plan().ports[name],
            "link": inferred.OTG_PORT_LINK,
            "transmit": STARTED if transmitting else STOPPED,
            "frames_tx": str(frames_tx),
            "frames_rx": str(frames_rx),
            "bytes_tx": str(bytes_tx),
            "bytes_rx": str(bytes_rx),
            "frames_tx_rate": tx_rate,
            "frames_rx_rate": rx_rate,
        }

    def states(self, request: Any) -> Any:
        """`monitor/states`: ipv4_neighbors of the CE-host devices.

        Raises:
            OtgError: no configuration, an unknown Ethernet, or another kind of state
        """
        plan = self._plan()
        if request.choice != "ipv4_neighbors":
            raise OtgError(f"monitor/states: choice '{request.choice}' is not supported")
        self._now()
        by_ethernet = {d.ethernet: d for d in plan.devices.values() if d.ce_host}
        names = list(request.ipv4_neighbors.ethernet_names or []) or list(by_ethernet)
        answer = snappi.StatesResponse()
        traffic = self.fabric.forwarding.traffic
        for name in names:
            device = by_ethernet.get(name)
            if device is None:
                raise OtgError(f"ipv4_neighbors.ethernet_names: '{name}' is not a CE host's")
            link = None if traffic is None else traffic.upstream_link(self.hosts[device.name])
            state = answer.ipv4_neighbors.add(ethernet_name=name, ipv4_address=device.gateway)
            if self.protocols_running and link is not None:
                pe = self.fabric.nodes[self.fabric.links.ce_links[link].pe]
                state.link_layer_address = ":".join(f"{byte:02x}" for byte in pe.mac)
        return answer


def tester_version() -> Any:
    """`capabilities/version`: the installed snappi's API and SDK version, and ours."""
    snappi_version = version("snappi")
    return snappi.Version(
        api_spec_version=snappi_version,
        sdk_version=snappi_version,
        app_version=inferred.OTG_APP_VERSION,
    )
