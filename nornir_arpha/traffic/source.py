"""The traffic source protocol, its records, and the factory that picks one for a lab.

A source counts frames per emulated host and direction (`mark`), so that losses between two
marks give each host's outage; or it cannot (`mark` returns None: the PEs' counters, where
the suite's convergence figures stand in). Hosts can come and go through the same interface.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

DOWN, UP = "down", "up"  # core -> host, host -> core
DIRECTIONS = (DOWN, UP)


class TrafficSourceError(Exception):
    """The traffic source refused or failed a request; the message says what to do."""


@dataclass(frozen=True)
class EmulatedHost:
    """One host behind the CE, as the tester emulates it."""

    ip: str
    mac: str

    @property
    def device(self) -> str:
        return f"host {self.ip}"


def host_mac(ip: str) -> str:
    """A host's default MAC: locally administered, unicast, from its IPv4 address (02:00 +
    the four address bytes), so a lab's hosts keep their MACs from one run to the next."""
    raw = ipaddress.IPv4Address(ip).packed
    return "02:00:" + ":".join(f"{byte:02x}" for byte in raw)


@dataclass(frozen=True)
class HostFlow:
    """One host's flow in one direction, at `rate_pps` frames per lab second."""

    host: str
    direction: str
    rate_pps: float


@dataclass(frozen=True)
class FlowCount:
    """A flow's counts at one moment; `loss_ms` is the backend's packet-loss duration (lab
    milliseconds since the flow started), where it reports one."""

    frames_tx: int
    frames_rx: int
    loss_ms: float | None = None


@dataclass(frozen=True)
class TrafficMark:
    """Every flow's counts, read between `sent` and `answered` (monotonic wall seconds).

    `epoch` is the tester configuration's generation: a host change re-pushes the config,
    which restarts every count, so marks of different epochs do not compare.
    """

    sent: float
    answered: float
    epoch: int
    counts: Mapping[str, FlowCount]


class TrafficSource(Protocol):
    """What the suite needs of a traffic source."""

    kind: str  # "otg" or "counters": named in the report

    def describe(self) -> str:
        """Where the figures come from, for the report."""
        ...

    def start(self) -> float:
        """Start the traffic and wait until every flow delivers; the seconds it took."""
        ...

    def stop(self) -> None: ...

    def mark(self) -> TrafficMark | None:
        """Every flow's counts now, or None when this source cannot count frames."""
        ...

    def flows(self) -> Mapping[str, HostFlow]:
        """The flows `mark` counts, by name."""
        ...

    def hosts(self) -> list[EmulatedHost]: ...

    def add_host(self, ip: str, mac: str | None = None) -> EmulatedHost:
        """A new host behind the CE, with its flows; its MAC defaults to `host_mac(ip)`."""
        ...

    def remove_host(self, ip: str) -> None: ...

    def change_mac(self, ip: str, mac: str) -> None:
        """The host moves to a new MAC (a NIC swap), announced by gratuitous ARP."""
        ...


def host_macs(traffic: TrafficSource) -> dict[str, str] | None:
    """Each emulated host's MAC by IP: what the PEs' entries must carry; None without a
    tester (the PE that learned a host then tells its MAC)."""
    return {host.ip: host.mac for host in traffic.hosts()} or None
