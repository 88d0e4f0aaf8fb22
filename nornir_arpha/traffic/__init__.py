"""Where the suite's traffic figures come from: a traffic generator (`otg`, over snappi) or
the PEs' own Eth-Trunk counters (`counters`), chosen by the lab's `traffic.source`."""

from __future__ import annotations

from nornir_arpha.traffic.factory import open_traffic
from nornir_arpha.traffic.losses import HostLoss, Losses, losses_between
from nornir_arpha.traffic.source import (
    DIRECTIONS,
    DOWN,
    UP,
    EmulatedHost,
    FlowCount,
    HostFlow,
    TrafficMark,
    TrafficSource,
    TrafficSourceError,
    host_macs,
)

__all__ = [
    "DIRECTIONS",
    "DOWN",
    "UP",
    "EmulatedHost",
    "FlowCount",
    "HostFlow",
    "HostLoss",
    "Losses",
    "TrafficMark",
    "TrafficSource",
    "TrafficSourceError",
    "host_macs",
    "losses_between",
    "open_traffic",
]
