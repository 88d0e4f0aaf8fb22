"""A simulated PE's configuration: the running config and each session's candidate.

These plain dataclasses are the contract between the CLI (which edits a candidate copy and
commits it) and the lab fabric (which reads the committed running config to decide what the
device learns, backs up and forwards). Only the CLI writes them; the fabric only reads.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Literal

ETrunkMode = Literal["auto", "force-master", "force-backup"]
TrunkWorkMode = Literal["manual load-balance", "lacp-static"]


@dataclass
class Interface:
    """Any interface: physical port, Eth-Trunk or LoopBack.

    `name` is canonical (`GigabitEthernet0/1/0`, `Eth-Trunk10`, `LoopBack0`). Eth-Trunk-only
    fields stay at their defaults on other kinds.
    """

    name: str
    description: str | None = None
    shutdown: bool = False
    ipv4: list[str] = field(default_factory=list)  # "10.1.1.1/24"; the first is primary
    ipv6: list[str] = field(default_factory=list)  # "2001:db8::1/64"
    eth_trunk: int | None = None  # physical port: the Eth-Trunk it is a member of
    trunk_mode: TrunkWorkMode = "manual load-balance"  # Eth-Trunk only
    e_trunk: int | None = None  # Eth-Trunk only: joined E-Trunk
    e_trunk_mode: ETrunkMode = "auto"  # Eth-Trunk only
    rbp: str | None = None  # bound remote-backup-profile

    @property
    def kind(self) -> Literal["physical", "eth-trunk", "loopback"]:
        if self.name.startswith("Eth-Trunk"):
            return "eth-trunk"
        if self.name.startswith("LoopBack"):
            return "loopback"
        return "physical"

    @property
    def trunk_id(self) -> int | None:
        return int(self.name[len("Eth-Trunk") :]) if self.kind == "eth-trunk" else None


@dataclass
class RemoteBackupService:
    name: str
    peer: str | None = None  # IPv4 or IPv6 address text as typed, normalised
    source: str | None = None
    port: int | None = None
    ipv6: bool = False
    shutdown: bool = False


@dataclass
class ETrunk:
    id: int
    priority: int = 100
    peer: str | None = None
    source: str | None = None
    ipv6: bool = False
    hello_100ms: int = 10
    fail_multiplier: int = 3
    revert_delay_s: int = 120
    description: str | None = None


@dataclass
class RemoteBackupProfile:
    name: str
    service_types: list[str] = field(default_factory=list)  # in the order configured
    backup_id: int | None = None
    rbs: str | None = None
    peer_backup: Literal["hot", "warm", "virtual"] = "hot"
    e_trunk: int | None = None  # `e-trunk E eth-trunk T` binding
    eth_trunk: int | None = None


@dataclass
class DeviceConfig:
    """One device's whole configuration. Dict keys are canonical names / ids."""

    sysname: str
    interfaces: dict[str, Interface] = field(default_factory=dict)
    e_trunks: dict[int, ETrunk] = field(default_factory=dict)
    rbs: dict[str, RemoteBackupService] = field(default_factory=dict)
    rbps: dict[str, RemoteBackupProfile] = field(default_factory=dict)

    def clone(self) -> DeviceConfig:
        return copy.deepcopy(self)

    def eth_trunk(self, trunk_id: int) -> Interface | None:
        return self.interfaces.get(f"Eth-Trunk{trunk_id}")

    def trunk_members(self, trunk_id: int) -> list[Interface]:
        return [i for i in self.interfaces.values() if i.eth_trunk == trunk_id]
