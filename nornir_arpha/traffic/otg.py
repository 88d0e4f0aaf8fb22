"""The `otg` source: an Open Traffic Generator endpoint driven by snappi.

The CE side's tester port(s) emulate the hosts (one device each: a MAC, an IPv4 address in
the CE subnet, the CE gateway as next hop); the core side's port holds one core device. Each
host has two flows at the lab's per-host rate: `down <ip>` (core -> host) and `up <ip>`
(host -> core). Frames are counted per flow, so every host's loss is known exactly.

Host changes re-push the whole configuration (`set_config`), the one way every OTG backend
supports: it restarts every flow's counts (a new `epoch`), and on a hardware tester stops the
traffic for a moment; hosts then announce themselves by ARP when protocols start.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import requests
import snappi

from nornir_arpha.lab import Lab
from nornir_arpha.lab.intent import OtgTester
from nornir_arpha.tasks.polling import Deadline, poll
from nornir_arpha.traffic.losses import losses_between
from nornir_arpha.traffic.source import (
    DOWN,
    UP,
    EmulatedHost,
    FlowCount,
    HostFlow,
    TrafficMark,
    TrafficSourceError,
    host_mac,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

CORE_DEVICE = "core"
CE_LAG = "ce lag"
# snappi's HTTP transport sets no timeout: a tester that stops answering would hang the run.
REQUEST_TIMEOUT_S = 30.0
START_POLL_S = 0.05
JSON_HEADERS = {"Content-Type": "application/json"}


class _TimedSession(requests.Session):
    """A requests session whose every request has a timeout."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs.setdefault("timeout", REQUEST_TIMEOUT_S)
        return super().request(*args, **kwargs)


class OtgTraffic:
    """A traffic generator reached over the OTG API.

    Args:
        lab: the lab (CE subnet, gateway, hosts, offered rate, time scale)
        otg: the tester's settings from lab.yaml

    Raises:
        TrafficSourceError: the per-host rate rounds to zero frames per second
    """

    kind = "otg"

    def __init__(self, lab: Lab, otg: OtgTester) -> None:
        self.lab = lab
        self.otg = otg
        ce = lab.settings.ce
        self.rate_pps = ce.offered_pps // ce.hosts
        if self.rate_pps < 1:
            raise TrafficSourceError(
                f"{lab.folder / 'lab.yaml'}: ce.offered_pps {ce.offered_pps} over {ce.hosts} "
                "hosts is under one frame per second per host; raise ce.offered_pps"
            )
        self._hosts = {str(ip): EmulatedHost(str(ip), host_mac(str(ip))) for ip in ce.host_ips()}
        self.epoch = 0
        self._configured = False
        self.api = snappi.api(
            location=otg.location,
            verify=otg.verify_tls,
            logger=logging.getLogger(f"{__name__}.snappi"),
            loglevel=logging.ERROR,
        )
        # snappi's public API has neither of these: a timeout per request (REQUEST_TIMEOUT_S)
        # and metrics read as plain JSON (see `mark`); both use its transport's session.
        self._transport: Any = self.api._transport
        self._transport._session = _TimedSession()

    # -- the TrafficSource protocol ---------------------------------------------------------

    def describe(self) -> str:
        return f"the OTG traffic generator at {self.otg.location}"

    def start(self) -> float:
        """Push the configuration, start protocols and traffic, and wait until every flow
        delivers and none loses frames over `settle_s`.

        Returns:
            wall seconds it took

        Raises:
            TrafficSourceError: the tester refused a request, or some flow never delivered
                within `start_timeout_s` (naming the hosts)
        """
        started = time.monotonic()
        config = self._config()
        self._call("set_config", lambda: self.api.set_config(config))
        self._configured = True
        self._control("protocol", "start")
        self._control("traffic", "start")
        self._wait_delivering()
        took = time.monotonic() - started
        logger.info(
            "%s: %d flows delivering after %.2f s", self.describe(), len(self.flows()), took
        )
        return took

    def stop(self) -> None:
        self._control("traffic", "stop")
        self._control("protocol", "stop")

    def close(self) -> None:
        """Stop the traffic if the tester still answers; never raises."""
        try:
            if self._configured:
                self.stop()
        except TrafficSourceError as exc:
            logger.warning("%s: could not stop the traffic: %s", self.describe(), exc)
        self._transport._session.close()

    def mark(self) -> TrafficMark:
        """Every flow's counts.

        The request is snappi's; the answer is read as JSON by this client. snappi's
        transport parses answers as YAML, and its response objects are slow to build: 100 ms
        and 160 ms for 200 flows (measured), which would date each reading that much worse.
        """
        request = self.api.metrics_request()
        request.flow.flow_names = list(self.flows())
        body = request.serialize()
        url = f"{self._transport.location}/monitor/metrics"
        sent = time.monotonic()
        response: requests.Response = self._call(
            "get_metrics",
            lambda: self._transport._session.post(
                url, data=body, headers=JSON_HEADERS, verify=self.otg.verify_tls
            ),
        )
        answered = time.monotonic()
        if not response.ok:
            raise TrafficSourceError(
                f"{self.describe()}: get_metrics refused (HTTP {response.status_code}): "
                f"{response.text[:500]}"
            )
        counts = {}
        for metric in response.json().get("flow_metrics") or []:
            # Absent unless the backend computes it (options.flow_options.packet_loss_duration).
            duration = (metric.get("packet_loss_duration") or {}).get("value")
            counts[str(metric["name"])] = FlowCount(
                int(metric.get("frames_tx") or 0),
                int(metric.get("frames_rx") or 0),
                None if duration is None else float(duration),
            )
        return TrafficMark(sent, answered, self.epoch, counts)

    def flows(self) -> Mapping[str, HostFlow]:
        flows = {}
        for host in self._hosts.values():
            for direction in (DOWN, UP):
                flows[f"{direction} {host.ip}"] = HostFlow(host.ip, direction, self.rate_pps)
        return flows

    def hosts(self) -> list[EmulatedHost]:
        return list(self._hosts.values())

    def add_host(self, ip: str, mac: str | None = None) -> EmulatedHost:
        subnet = self.lab.settings.ce.subnet
        if ip in self._hosts:
            raise TrafficSourceError(f"host {ip} is already emulated; change_mac moves it")
        if ipaddress.ip_address(ip) not in subnet:
            raise TrafficSourceError(f"host {ip} is outside the CE subnet {subnet}")
        host = EmulatedHost(ip, mac or host_mac(ip))
        self._hosts[ip] = host
        self._repush(f"added host {ip}")
        return host

    def remove_host(self, ip: str) -> None:
        self._known(ip)
        del self._hosts[ip]
        self._repush(f"removed host {ip}")

    def change_mac(self, ip: str, mac: str) -> None:
        self._known(ip)
        self._hosts[ip] = EmulatedHost(ip, mac)
        self._repush(f"host {ip} moved to MAC {mac}")

    # -- configuration ----------------------------------------------------------------------

    def _config(self) -> Any:
        otg, ce = self.otg, self.lab.settings.ce
        config = self.api.config()
        for port in [*otg.ce_ports, otg.core_port]:
            config.ports.port(name=port.name, location=port.location)
        if len(otg.ce_ports) > 1:
            lag = config.lags.lag(name=CE_LAG)[-1]
            lag.protocol.lacp.actor_system_id = "02:fe:00:00:00:00"
            for number, port in enumerate(otg.ce_ports, start=1):
                member = lag.ports.port(port_name=port.name)[-1]
                member.ethernet.set(mac=f"02:fe:00:00:00:{number:02x}", name=f"{port.name} lag")
                member.lacp.actor_port_number = number
        for host in self._hosts.values():
            self._device(
                config, host.device, host.mac, host.ip, str(ce.gateway_ip), ce.subnet.prefixlen
            )
        core = otg.core_address
        self._device(
            config,
            CORE_DEVICE,
            "02:fe:ff:00:00:01",
            str(core.ip),
            str(otg.core_gateway),
            core.network.prefixlen,
        )
        for name, flow in self.flows().items():
            host_ipv4, core_ipv4 = f"host {flow.host} ipv4", f"{CORE_DEVICE} ipv4"
            source, sink = (
                (core_ipv4, host_ipv4) if flow.direction == DOWN else (host_ipv4, core_ipv4)
            )
            item = config.flows.flow(name=name)[-1]
            item.tx_rx.device.set(tx_names=[source], rx_names=[sink])
            item.rate.pps = flow.rate_pps
            item.size.fixed = otg.frame_size
            item.duration.continuous.gap = 12
            item.metrics.enable = True
            item.metrics.loss = True
            item.packet.ethernet().ipv4()
        config.options.flow_options.packet_loss_duration = otg.loss_duration
        # Protocols start when `start` says so, once: each start announces every host by ARP.
        config.options.protocol_options.auto_start_all = False
        return config

    def _device(self, config: Any, name: str, mac: str, ip: str, gateway: str, prefix: int) -> None:
        device = config.devices.device(name=name)[-1]
        ethernet = device.ethernets.add(name=f"{name} eth", mac=mac)
        if name != CORE_DEVICE and len(self.otg.ce_ports) > 1:
            ethernet.connection.lag_name = CE_LAG
        else:
            port = self.otg.core_port if name == CORE_DEVICE else self.otg.ce_ports[0]
            ethernet.connection.port_name = port.name
        ethernet.ipv4_addresses.add(name=f"{name} ipv4", address=ip, gateway=gateway, prefix=prefix)

    # -- requests ---------------------------------------------------------------------------

    def _control(self, what: str, state: str) -> None:
        control = self.api.control_state()
        if what == "traffic":
            control.traffic.flow_transmit.state = state
        else:
            control.protocol.all.state = state
        self._call(f"control/state {what} {state}", lambda: self.api.set_control_state(control))

    def _call(self, what: str, request: Callable[[], T]) -> T:
        try:
            return request()
        except requests.RequestException as exc:
            raise TrafficSourceError(
                f"{self.describe()}: {what} got no answer ({type(exc).__name__}: {exc}); check "
                f"traffic.otg.location in {self.lab.folder / 'lab.yaml'} and that the tester runs"
            ) from None
        except Exception as exc:  # snappi raises a bare Exception carrying the OTG error
            raise TrafficSourceError(f"{self.describe()}: {what} refused: {exc}") from None

    def _known(self, ip: str) -> None:
        if ip not in self._hosts:
            raise TrafficSourceError(f"host {ip} is not one the tester emulates")

    def _repush(self, why: str) -> None:
        logger.info("%s: %s; configuration pushed again", self.describe(), why)
        self._control("traffic", "stop")
        self.epoch += 1
        self.start()

    def _wait_delivering(self) -> None:
        """Every flow has delivered, and none lost frames over the last `settle_s`."""
        settle_wall = self.otg.settle_s / self.lab.time_scale
        deadline = Deadline(self.otg.start_timeout_s, max(START_POLL_S, settle_wall))
        flows = self.flows()
        marks: list[TrafficMark] = [self.mark()]

        def settled() -> list[str]:
            marks.append(self.mark())
            first, last = marks[-2], marks[-1]
            silent = [n for n, count in last.counts.items() if count.frames_rx == 0]
            losing = losses_between(first, last, flows, self.lab.time_scale).losing(
                self.otg.in_flight_frames
            )
            return silent + [loss.describe() for loss in losing]

        outcome = poll(settled, lambda problems: not problems, deadline)
        if not outcome.met:
            shown = ", ".join(outcome.value[:5])
            raise TrafficSourceError(
                f"{self.describe()}: {len(outcome.value)} flows still not delivering "
                f"{self.otg.start_timeout_s:g} s after the start (first: {shown}); check the "
                "tester's ports and the CE and core wiring"
            )
