"""Typed models of what a lab asks for: per-PE hot-backup intent and lab-wide settings.

Value ranges follow the NE40E/NE8000 VRP8 command reference.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    IPvAnyAddress,
    IPvAnyInterface,
    StrictBool,
    StrictFloat,
    StrictInt,
    field_validator,
    model_validator,
)

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Canonical VRP8 physical port names, as the prompt and `display` print them, on NE40E and
# NetEngine 8000: `GigabitEthernet0/1/0`, `10GE0/1/0`, a dual-rate port `50|100GE0/1/0`
# (NE8000 boards name the port by both rates) and a breakout channel `100GE0/1/0:1`.
# ASCII digits only: VRP never prints '０' or '٠', which \d accepts. Anchored with \A and
# \Z, as `$` also matches before a trailing newline.
PHYSICAL_PORT_RE = re.compile(
    r"\A(?:GigabitEthernet|XGigabitEthernet|Ethernet"
    r"|(?:(?:10|25|40|50|100|200|400)\|)?(?:10|25|40|50|100|200|400)GE)"
    r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{1,3}(?::[0-9]{1,2})?\Z",
    re.ASCII,
)
# RBS and RBP names: letters, digits, '_', '-', '.', no spaces (REFERENCE §3.1, §3.11).
OBJECT_NAME_RE = re.compile(r"\A[A-Za-z0-9_.\-]+\Z", re.ASCII)


def _port_name(value: str) -> str:
    if not PHYSICAL_PORT_RE.match(value):
        raise ValueError(
            f"'{value}' is not a physical port name; expected the full VRP8 form such as "
            "'GigabitEthernet0/1/0'"
        )
    return value


def _object_name(value: str) -> str:
    if not OBJECT_NAME_RE.match(value):
        raise ValueError(f"'{value}' may contain only letters, digits, '_', '-' and '.'")
    return value


PortName = Annotated[str, AfterValidator(_port_name)]
RbsName = Annotated[str, Field(min_length=1, max_length=32), AfterValidator(_object_name)]
RbpName = Annotated[str, Field(min_length=1, max_length=128), AfterValidator(_object_name)]


class StrictModel(BaseModel):
    """Frozen, and unknown keys are errors: a typo must not be silently ignored.

    Numbers are StrictInt/StrictFloat and switches StrictBool: YAML reads `id: yes` as
    true, which a lax int would take as 1.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class _PeerSource(StrictModel):
    peer: IPvAnyAddress
    source: IPvAnyAddress

    @model_validator(mode="after")
    def _same_family(self) -> _PeerSource:
        if self.peer.version != self.source.version:
            raise ValueError(
                f"peer {self.peer} and source {self.source} must be the same address family"
            )
        if self.peer == self.source:
            raise ValueError(f"peer and source are both {self.peer}; they must differ")
        return self

    @property
    def ipv6(self) -> bool:
        return self.peer.version == 6


class RbsIntent(_PeerSource):
    """Remote Backup Service: the TCP channel between the PEs."""

    name: RbsName
    port: StrictInt = Field(ge=1024, le=55535)


class ETrunkIntent(_PeerSource):
    id: StrictInt = Field(ge=1, le=128)
    priority: StrictInt = Field(default=100, ge=1, le=254)


class EthTrunkIntent(StrictModel):
    id: StrictInt = Field(ge=0, le=65535)
    members: list[PortName] = Field(min_length=1, max_length=64)

    @field_validator("members")
    @classmethod
    def _members_once(cls, members: list[str]) -> list[str]:
        for index, member in enumerate(members):
            if member in members[:index]:
                raise ValueError(
                    f"{member} is listed twice (items {members.index(member)} and {index}); "
                    "list each member port once"
                )
        return members

    @property
    def name(self) -> str:
        return f"Eth-Trunk{self.id}"


class RbpIntent(StrictModel):
    """Remote Backup Profile with service-type arp."""

    name: RbpName
    backup_id: StrictInt = Field(ge=1, le=4095)


class HotBackupIntent(StrictModel):
    """What one PE must carry for ARP dual-device hot backup."""

    rbs: RbsIntent
    e_trunk: ETrunkIntent
    eth_trunk: EthTrunkIntent
    rbp: RbpIntent

    @property
    def ipv6(self) -> bool:
        return self.rbs.ipv6


class CeSide(StrictModel):
    """The dual-homed CE and the hosts behind it."""

    name: str = "CE"
    subnet: ipaddress.IPv4Network | ipaddress.IPv6Network
    gateway: IPvAnyInterface | IPvAnyAddress
    hosts: StrictInt = Field(ge=1, le=65000)
    offered_pps: StrictInt = Field(
        gt=0, le=10_000_000, description="offered traffic rate per direction, packets/s"
    )

    @model_validator(mode="after")
    def _fits(self) -> CeSide:
        gateway = ipaddress.ip_address(str(self.gateway).split("/")[0])
        if gateway not in self.subnet:
            raise ValueError(f"gateway {gateway} is outside the subnet {self.subnet}")
        usable = self.subnet.num_addresses - 3  # network, broadcast, gateway
        if self.hosts > usable:
            raise ValueError(f"{self.hosts} hosts do not fit in {self.subnet} ({usable} free)")
        return self

    @property
    def gateway_ip(self) -> IpAddress:
        return ipaddress.ip_address(str(self.gateway).split("/")[0])

    def host_ips(self) -> list[IpAddress]:
        """The hosts' addresses: the subnet's first free addresses, skipping the gateway."""
        found: list[IpAddress] = []
        for address in self.subnet.hosts():
            if address == self.gateway_ip:
                continue
            found.append(address)
            if len(found) == self.hosts:
                break
        return found


class Budgets(StrictModel):
    """Time limits the tests enforce, in lab seconds.

    On a real lab a lab second is a wall second. On the simulator, lab time runs
    `simulation.time_scale` times faster than the wall clock, and the suite converts what it
    measures (wall time x time_scale), so budgets keep their real-firmware meaning.
    `command_timeout_s` alone is wall time: it bounds one SSH command. `poll_interval_s` is
    how often the suite reads a PE while it waits, and the window of its counter rates: set
    it no shorter than the PEs' counters need to show a rate (on real hardware, their
    statistics refresh); it is never shorter than 50 ms of wall time.
    """

    convergence_s: StrictFloat = Field(gt=0, le=3600)
    arp_sync_s: StrictFloat = Field(gt=0, le=3600)
    poll_interval_s: StrictFloat = Field(default=0.2, gt=0, le=60)
    command_timeout_s: StrictFloat = Field(default=30.0, gt=0, le=3600)
    restore_outage_s: StrictFloat | None = Field(
        default=None,
        gt=0,
        le=3600,
        description="traffic outage allowed while a fault is restored (default: convergence_s)",
    )

    rate_tolerance: StrictFloat = Field(
        default=0.02,
        gt=0,
        le=0.5,
        description="after convergence the carriers' rate is the offered rate within this share",
    )
    steady_window_s: StrictFloat = Field(
        default=1.0, gt=0, le=600, description="lab seconds the converged rate is read over"
    )
    arp_aging_s: StrictFloat = Field(
        default=1200.0,
        gt=0,
        le=86400,
        description="the PEs' ARP aging on the Eth-Trunk: an entry lives this long without "
        "a refresh (VRP default 1200 s)",
    )
    host_arp_refresh_s: StrictFloat = Field(
        default=300.0,
        gt=0,
        le=86400,
        description="how often each CE host sends its own ARP (the hosts' behaviour)",
    )
    rbs_detection_s: StrictFloat = Field(
        default=5.0,
        gt=0,
        le=3600,
        description="lab seconds for both PEs to show the RBS down once the inter-PE path "
        "fails (no display shows the RBS's detection time)",
    )
    share_tolerance: StrictFloat = Field(
        default=0.1,
        gt=0,
        le=1,
        description="after a restore each PE carries its pre-fault share within this share of "
        "the offered rate",
    )

    @property
    def restore_budget_s(self) -> float:
        """The outage allowed while traffic moves back after a restore (lab seconds)."""
        return self.convergence_s if self.restore_outage_s is None else self.restore_outage_s


class Simulation(StrictModel):
    """Settings for the built-in simulator; ignored for real labs."""

    enabled: StrictBool = False
    time_scale: StrictFloat = Field(
        default=1.0, gt=0, le=1000, description="lab seconds that pass per wall second"
    )
    seed: StrictInt = 0
    route_convergence_s: StrictFloat = Field(default=1.0, ge=0, le=600)
    link_detection_s: StrictFloat = Field(default=0.3, ge=0, le=600)
    arp_timeout_s: StrictFloat = Field(
        default=1200.0, gt=0, le=86400, description="ARP aging time (VRP default 1200 s)"
    )
    host_arp_interval_s: StrictFloat = Field(
        default=300.0,
        ge=1,
        le=86400,
        description="how often each CE host sends its own ARP (lab seconds)",
    )
    arp_miss_rate: StrictFloat = Field(
        default=1.0,
        gt=0,
        le=100000,
        description="ARP-miss resolutions a PE completes per lab second (rate-limited)",
    )
    defects: list[str] = Field(default_factory=list)
    personality: str = Field(
        default="ne40e-v8r12",
        min_length=1,
        description="the simulated firmware's behaviour (arpha sim --list-personalities)",
    )


# A TYPE flag as `display arp` prints it (the parser's TYPE column, arp.textfsm).
ARP_TYPE_FLAG_RE = re.compile(r"\A[A-Z][-\w/]*\Z", re.ASCII)
# Flags of entries the PE learned or owns itself: a backed-up flag must not start like them.
LOCAL_ARP_TYPE_LETTERS = ("D", "S", "I")


def _backup_flag(value: str) -> str:
    if not ARP_TYPE_FLAG_RE.match(value):
        raise ValueError(
            f"'{value}' is not an ARP TYPE flag as 'display arp' prints it; expected a capital "
            "letter, then letters, digits, '-' or '/' (e.g. 'R-')"
        )
    if value.startswith(LOCAL_ARP_TYPE_LETTERS):
        raise ValueError(
            f"'{value}' starts like the flag of a dynamic, static or interface entry "
            f"({'/'.join(LOCAL_ARP_TYPE_LETTERS)}); give the prefix only backed-up entries carry"
        )
    return value


BackupFlag = Annotated[str, AfterValidator(_backup_flag)]


class PlatformProfile(StrictModel):
    """What the client assumes about the PEs' firmware, where the reference leaves it open.

    One data record, like scrapli_community's platform dicts. The defaults are what the
    simulator's NE40E personality prints; a lab on other firmware declares its own.
    """

    arp_backup_types: tuple[BackupFlag, ...] = Field(
        default=("R-",),
        max_length=8,
        description="TYPE prefixes of ARP entries backed up from the peer PE in 'display arp' "
        "(empty: the firmware flags them like learned entries)",
    )
    etrunk_force_master: str = Field(
        default="force-master",
        min_length=1,
        max_length=32,
        pattern=r"^\S+$",
        description="the Work-Mode 'display e-trunk' prints for a member in "
        "'e-trunk mode force-master'",
    )

    def backed_up(self, arp_type: str) -> bool:
        """Whether an ARP entry of TYPE `arp_type` is flagged as backed up from the peer."""
        return bool(self.arp_backup_types) and arp_type.startswith(self.arp_backup_types)


class OtgPort(StrictModel):
    """A tester port: its name in the OTG config and its location on the tester."""

    name: str = Field(min_length=1)
    location: str = Field(min_length=1)


class OtgTester(StrictModel):
    """An Open Traffic Generator endpoint (ixia-c, KENG, IxNetwork, ...) reached by snappi.

    The CE side's ports (one, or several bundled into a LAG toward the CE's links) carry the
    emulated hosts; the core side's port carries one core device that sends each host's
    downstream and receives its upstream. Figures are in lab time: on the simulator, the
    endpoint counts frames at its clock's rate.
    """

    location: str = Field(
        min_length=1,
        description="the endpoint's URL; port 0 on a simulated lab: the simulator's endpoint",
    )
    verify_tls: StrictBool = False
    ce_ports: list[OtgPort] = Field(
        default_factory=lambda: [OtgPort(name="ce", location="ce")], min_length=1
    )
    core_port: OtgPort = OtgPort(name="core", location="core")
    core_address: IPvAnyInterface = Field(
        default=ipaddress.ip_interface("10.255.0.2/30"),
        description="the core device's address and prefix",
    )
    core_gateway: IPvAnyAddress = Field(
        default=ipaddress.ip_address("10.255.0.1"), description="the core device's next hop"
    )
    frame_size: StrictInt = Field(default=128, ge=64, le=9000)
    settle_s: StrictFloat = Field(
        default=1.0,
        gt=0,
        le=600,
        description="lab seconds over which a host counts as still losing frames",
    )
    in_flight_frames: StrictInt = Field(
        default=1,
        ge=0,
        le=1000,
        description="frames per flow that may be on the wire when the tester is read",
    )
    disagreement_s: StrictFloat = Field(
        default=0.5,
        ge=0,
        le=3600,
        description="tester and counter figures further apart than this (lab s) are reported",
    )
    loss_duration: StrictBool = Field(
        default=True,
        description="ask the backend for its packet-loss duration per flow (where it has one; "
        "else the outage is lost frames / rate)",
    )
    start_timeout_s: StrictFloat = Field(
        default=60.0, gt=0, le=3600, description="wall seconds for every flow to deliver"
    )


class Traffic(StrictModel):
    """Where the suite's loss figures come from: the PEs' counters or a traffic generator."""

    source: Literal["counters", "otg"] = "counters"
    otg: OtgTester | None = None

    @model_validator(mode="after")
    def _tester_given(self) -> Traffic:
        if self.source == "otg" and self.otg is None:
            raise ValueError("source 'otg' needs an 'otg' section with the endpoint's location")
        return self


class Regression(StrictModel):
    """When `arpha compare` calls a grown time (convergence, outage, restore outage) a
    regression: it grew by more than `outage_growth_pct` % and by more than
    `outage_growth_polls` poll intervals."""

    outage_growth_pct: StrictFloat = Field(default=20.0, ge=0, le=10000)
    outage_growth_polls: StrictFloat = Field(default=2.0, ge=0, le=1000)


class Link(StrictModel):
    """One cable: two endpoints written 'HOST:Port'."""

    a: str
    b: str


class Topology(StrictModel):
    links: list[Link] = Field(default_factory=list)


class LabSettings(StrictModel):
    """The contents of lab.yaml."""

    name: str = Field(min_length=1)
    description: str = ""
    pair: tuple[str, str]
    ce: CeSide
    budgets: Budgets
    topology: Topology
    simulation: Simulation = Simulation()
    traffic: Traffic = Traffic()
    regression: Regression = Regression()
    platform: PlatformProfile = PlatformProfile()
