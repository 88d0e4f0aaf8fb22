"""Check an OTG `Config` against the lab and turn it into the tester's plan.

A device whose IPv4 address lies in the lab's CE subnet is a CE host; any other device
is on the core side. A flow joins one CE host and one core device: core → host is that
host's downstream, host → core its upstream.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass
from typing import Any

from nornir_arpha.lab.intent import CeSide
from nornir_arpha.sim.otg.otg_errors import OtgError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DevicePlan:
    """One emulated device: one Ethernet with one IPv4 address.

    Attributes:
        name: the device's name
        ethernet: its Ethernet's name
        ipv4: its IPv4 address object's name (what flows name)
        ip: its address
        gateway: its gateway
        mac: its MAC in Huawei's dotted form (`00e0-fc12-3456`)
        ce_host: whether it is a CE host (else a core-side device)
        ports: the tester ports it connects through (a LAG's member ports)
    """

    name: str
    ethernet: str
    ipv4: str
    ip: str
    gateway: str
    mac: str
    ce_host: bool
    ports: tuple[str, ...]


@dataclass(frozen=True)
class FlowPlan:
    """One flow between a CE host and a core device.

    Attributes:
        name: the flow's name
        tx: the sending device
        rx: the receiving device
        upstream: True for host → core, False for core → host
        pps: frames per lab second
        frame_bytes: the fixed frame size
        metrics: whether the flow reports metrics (`metrics.enable`)
        loss: whether its metrics carry `loss` (`metrics.loss`)
    """

    name: str
    tx: DevicePlan
    rx: DevicePlan
    upstream: bool
    pps: float
    frame_bytes: int
    metrics: bool
    loss: bool

    @property
    def host(self) -> DevicePlan:
        """The CE host of the flow."""
        return self.tx if self.upstream else self.rx


@dataclass(frozen=True)
class TesterPlan:
    """A checked configuration.

    Attributes:
        ports: port name → location
        devices: by device name, in configuration order
        flows: by flow name, in configuration order
        loss_duration: `options.flow_options.packet_loss_duration`
        auto_start: `options.protocol_options.auto_start_all`
    """

    ports: dict[str, str]
    devices: dict[str, DevicePlan]
    flows: dict[str, FlowPlan]
    loss_duration: bool
    auto_start: bool


def huawei_mac(mac: str) -> str:
    """`00:e0:fc:12:34:56` → `00e0-fc12-3456`."""
    digits = mac.replace(":", "").replace("-", "").lower()
    return f"{digits[0:4]}-{digits[4:8]}-{digits[8:12]}"


def plan_config(config: Any, ce: CeSide) -> TesterPlan:
    """Check a snappi `Config` against the lab's CE side.

    Raises:
        OtgError: every problem found, each naming its field or object
    """
    errors: list[str] = []
    ports = {port.name: port.location or "" for port in config.ports}
    if len(ports) != len(config.ports):
        errors.append("ports: port names must be unique")
    lags: dict[str, tuple[str, ...]] = {}
    for index, lag in enumerate(config.lags):
        members = tuple(member.port_name for member in lag.ports)
        for name in members:
            if name not in ports:
                errors.append(f"lags[{index}] ({lag.name}): port '{name}' is not configured")
        lags[lag.name] = members
    devices: dict[str, DevicePlan] = {}
    for index, device in enumerate(config.devices):
        plan = _device(index, device, ports, lags, ce, errors)
        if plan is not None:
            _unique(f"devices[{index}]", plan, devices, errors)
            devices[plan.name] = plan
    by_ipv4 = {device.ipv4: device for device in devices.values()}
    flows: dict[str, FlowPlan] = {}
    for index, flow in enumerate(config.flows):
        flow_plan = _flow(index, flow, by_ipv4, errors)
        if flow_plan is not None:
            if flow_plan.name in flows:
                errors.append(f"flows[{index}]: flow name '{flow_plan.name}' is used twice")
            flows[flow_plan.name] = flow_plan
    if errors:
        raise OtgError(*errors)
    options = config.options
    return TesterPlan(
        ports,
        devices,
        flows,
        bool(options.flow_options.packet_loss_duration),
        bool(options.protocol_options.auto_start_all),
    )


def _unique(
    where: str, plan: DevicePlan, devices: dict[str, DevicePlan], errors: list[str]
) -> None:
    for other in devices.values():
        if other.name == plan.name:
            errors.append(f"{where}: device name '{plan.name}' is used twice")
        if other.ipv4 == plan.ipv4 or other.ethernet == plan.ethernet:
            errors.append(f"{where} ({plan.name}): its ethernet or ipv4 name is used twice")
        if other.ip == plan.ip:
            errors.append(f"{where} ({plan.name}): address {plan.ip} is also {other.name}'s")


def _device(
    index: int,
    device: Any,
    ports: dict[str, str],
    lags: dict[str, tuple[str, ...]],
    ce: CeSide,
    errors: list[str],
) -> DevicePlan | None:
    where = f"devices[{index}] ({device.name})"
    if len(device.ethernets) != 1:
        errors.append(f"{where}: needs exactly one ethernet, has {len(device.ethernets)}")
        return None
    ethernet = device.ethernets[0]
    connection = ethernet.connection
    if connection.choice == "port_name" and connection.port_name in ports:
        members: tuple[str, ...] = (connection.port_name,)
    elif connection.choice == "lag_name" and connection.lag_name in lags:
        members = lags[connection.lag_name]
    else:
        errors.append(f"{where}.ethernets[0].connection: not a configured port_name or lag_name")
        return None
    if len(ethernet.ipv4_addresses) != 1 or len(ethernet.ipv6_addresses):
        errors.append(f"{where}.ethernets[0]: needs exactly one ipv4_addresses entry (no ipv6)")
        return None
    ipv4 = ethernet.ipv4_addresses[0]
    field = f"{where}.ethernets[0].ipv4_addresses[0]"
    address = ipaddress.IPv4Address(ipv4.address)
    ce_host = address in ce.subnet
    if ce_host and not _ce_host_ok(field, address, ipv4, ce, errors):
        return None
    if not ce_host and not _unicast(address):
        errors.append(f"{field}.address: {address} is not a unicast address of the core side")
        return None
    return DevicePlan(
        device.name,
        ethernet.name,
        ipv4.name,
        str(address),
        str(ipv4.gateway),
        huawei_mac(ethernet.mac),
        ce_host,
        members,
    )


def _unicast(address: ipaddress.IPv4Address) -> bool:
    return not (
        address.is_multicast
        or address.is_loopback
        or address.is_unspecified
        or address.is_link_local
        or address.is_reserved
    )


def _ce_host_ok(
    field: str, address: ipaddress.IPv4Address, ipv4: Any, ce: CeSide, errors: list[str]
) -> bool:
    subnet = ce.subnet
    if address in (subnet.network_address, subnet.broadcast_address, ce.gateway_ip):
        errors.append(f"{field}.address: {address} is not a host address of {subnet}")
        return False
    if ipaddress.ip_address(ipv4.gateway) != ce.gateway_ip:
        errors.append(f"{field}.gateway: the CE hosts' gateway is {ce.gateway_ip}")
        return False
    if ipv4.prefix != subnet.prefixlen:
        errors.append(f"{field}.prefix: the CE subnet is {subnet}")
        return False
    return True


def _flow(
    index: int, flow: Any, by_ipv4: dict[str, DevicePlan], errors: list[str]
) -> FlowPlan | None:
    where = f"flows[{index}] ({flow.name})"
    found = len(errors)
    if flow.tx_rx.choice != "device":
        errors.append(f"{where}.tx_rx: only device endpoints are supported")
        return None
    router = flow.tx_rx.device
    if router.bidirectional:
        errors.append(f"{where}.tx_rx.device.bidirectional: use one flow per direction")
    ends: list[DevicePlan] = []
    for side in ("tx_names", "rx_names"):
        names = list(getattr(router, side) or [])
        if len(names) != 1 or names[0] not in by_ipv4:
            errors.append(f"{where}.tx_rx.device.{side}: {names} must name one device's ipv4")
        else:
            ends.append(by_ipv4[names[0]])
    if flow.rate.choice != "pps" or flow.rate.pps <= 0:
        errors.append(f"{where}.rate: only a positive rate.pps is supported")
    if flow.duration.choice != "continuous":
        errors.append(f"{where}.duration: only duration.continuous is supported")
    if flow.size.choice != "fixed":
        errors.append(f"{where}.size: only size.fixed is supported")
    if len(ends) == 2 and ends[0].ce_host == ends[1].ce_host:
        errors.append(f"{where}: a flow joins one CE host and one core device")
    if len(errors) > found:
        return None
    tx, rx = ends
    return FlowPlan(
        flow.name,
        tx,
        rx,
        tx.ce_host,
        float(flow.rate.pps),
        int(flow.size.fixed),
        bool(flow.metrics.enable),
        bool(flow.metrics.loss),
    )
