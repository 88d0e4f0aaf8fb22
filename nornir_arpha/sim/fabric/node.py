"""One PE inside the fabric: its committed config and the live state of its interfaces."""

from __future__ import annotations

import hashlib
import ipaddress
import re
from dataclasses import dataclass, field

from nornir_arpha.sim import inferred
from nornir_arpha.sim.device_config import DeviceConfig, Interface
from nornir_arpha.sim.fabric.arp_table import ArpTable
from nornir_arpha.sim.fabric.clock import LabClock
from nornir_arpha.sim.fabric.counters import RateCounter
from nornir_arpha.sim.fabric.etrunk_agent import ETrunkAgent
from nornir_arpha.sim.fabric.logbuf import DeviceLog
from nornir_arpha.sim.fabric.rbs_channel import RbsEndpoint

PORT_SLOT_RE = re.compile(r"(\d+)/\d+/\d+(?::\d+)?$")
FIRST_IFINDEX = 3  # 1 and 2 are taken by the management port and NULL0 on real boxes


@dataclass
class PortState:
    """A physical port: whether its cable carries light, when it changed, its counters."""

    name: str
    link_up: bool
    last_up: float | None
    last_down: float | None
    rx: RateCounter
    tx: RateCounter


@dataclass
class TrunkState:
    """An Eth-Trunk: its links (ignoring the E-Trunk) and whether the E-Trunk blocks it."""

    trunk_id: int
    phys_up: bool = False
    blocked: bool = False
    protocol_up: bool = False  # forwards: up, and not held down by its E-Trunk
    last_up: float | None = None


def slot_of(port: str) -> int:
    """The slot number of a physical port name (`GigabitEthernet1/0/2` → 1)."""
    match = PORT_SLOT_RE.search(port)
    return int(match.group(1)) if match else 0


def device_mac(seed: int, name: str) -> bytes:
    """A device's MAC (and E-Trunk system ID), stable for a seed and a device name."""
    digest = hashlib.blake2b(f"{seed}:{name}".encode(), digest_size=3).digest()
    return inferred.DEVICE_OUI + digest


@dataclass
class PeNode:
    """A PE as the fabric models it.

    Attributes:
        name: the PE's inventory name
        index: 0 or 1, its position in the lab's pair
        mac: its MAC address and E-Trunk system ID
        ce_trunk_id: the Eth-Trunk facing the CE (from the lab intent)
        config: the committed running config
        arp: its ARP entries for the CE hosts (on the CE Eth-Trunk)
        log: its log buffer
    """

    name: str
    index: int
    mac: bytes
    ce_trunk_id: int
    config: DeviceConfig
    arp: ArpTable
    log: DeviceLog
    booted_at: float
    ports: dict[str, PortState] = field(default_factory=dict)
    trunks: dict[int, TrunkState] = field(default_factory=dict)
    etrunks: dict[int, ETrunkAgent] = field(default_factory=dict)
    rbs: dict[str, RbsEndpoint] = field(default_factory=dict)
    ifindexes: dict[str, int] = field(default_factory=dict)
    addresses: frozenset[ipaddress.IPv4Address | ipaddress.IPv6Address] = frozenset()

    def ifindex(self, name: str) -> int:
        """A stable interface index, given out in order of first use."""
        return self.ifindexes.setdefault(name, FIRST_IFINDEX + len(self.ifindexes))

    def owns(self, address: str) -> bool:
        """Whether `address` is configured on one of the PE's interfaces."""
        try:
            return ipaddress.ip_address(address) in self.addresses
        except ValueError:
            return False

    def ce_trunk(self) -> TrunkState | None:
        """The live state of the CE-facing Eth-Trunk, if it is configured."""
        return self.trunks.get(self.ce_trunk_id)

    def ce_forwarding(self) -> bool:
        """Whether the CE-facing Eth-Trunk forwards traffic."""
        trunk = self.ce_trunk()
        return trunk is not None and trunk.protocol_up

    def interface(self, name: str) -> Interface | None:
        """The configured interface called `name`."""
        return self.config.interfaces.get(name)

    def follow(self, config: DeviceConfig, clock: LabClock) -> None:
        """Take a newly committed config: its addresses, and any port that appeared in it."""
        self.config = config
        self.log.sysname = config.sysname
        self.addresses = frozenset(
            ipaddress.ip_interface(text).ip
            for interface in config.interfaces.values()
            for text in (*interface.ipv4, *interface.ipv6)
        )
        for name, interface in config.interfaces.items():
            if interface.kind == "physical" and name not in self.ports:
                self.ports[name] = PortState(
                    name, False, None, None, RateCounter(clock.now), RateCounter(clock.now)
                )
                self.ifindex(name)
