"""Typed records returned by the parsers.

Fields that a layout may omit, or prints as ``-``/``--``, are ``None``. Text is kept as the
device prints it (``'Connected'``, ``'Master'``, ``'D-1'``); numbers become ``int``/``float``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class RbsSummary:
    """A row of ``display remote-backup-service`` (all services)."""

    index: int
    name: str


@dataclass(frozen=True)
class RbsInfo:
    """``display remote-backup-service NAME``."""

    index: int
    name: str
    tcp_state: str
    peer: str | None
    source: str | None
    port: int | None
    track_bfd: str | None
    ssl_policy_name: str | None
    ssl_state: str | None
    last_up_time: str | None
    last_down_time: str | None
    last_down_reason: str | None

    @property
    def connected(self) -> bool:
        """True when the RBS TCP channel is up (``TCP-State`` reads Connected, any case)."""
        return self.tcp_state.casefold() == "connected"


@dataclass(frozen=True)
class RbpSummary:
    """A row of ``display remote-backup-profile`` (all profiles)."""

    index: int
    name: str


@dataclass(frozen=True)
class RbpInfo:
    """``display remote-backup-profile NAME``; ``index`` is the hex Profile-Index as int."""

    index: int
    name: str
    service_types: tuple[str, ...]
    rbs: str | None
    backup_id: int | None
    track_protocol: str | None
    e_trunk_id: int | None
    eth_trunk_id: int | None
    interfaces: tuple[str, ...]
    backup_mode: str | None
    vrrp_id: int | None
    vrrp_interface: str | None
    state: str | None
    peer_state: str | None
    forwarding: str | None


@dataclass(frozen=True)
class ETrunkMember:
    """A row of the member table of ``display e-trunk ID``."""

    type: str
    id: int
    local_phy_state: str
    work_mode: str
    state: str
    causation: str
    remote_id: int | None


@dataclass(frozen=True)
class ETrunkInfo:
    """``display e-trunk ID``; periods and fail times are in units of 100 ms."""

    etrunk_id: int
    priority: int | None
    system_id: str | None
    peer_ip: str | None
    source_ip: str | None
    vpn_instance: str | None
    state: str
    causation: str | None
    send_period: int | None
    fail_time: int | None
    receive: int | None
    send: int | None
    rec_drop: int | None
    snd_drop: int | None
    peer_priority: int | None
    peer_system_id: str | None
    peer_fail_time: int | None
    bfd_session: str | None
    revert_delay: int | None
    description: str | None
    members: tuple[ETrunkMember, ...]


@dataclass(frozen=True)
class ETrunkBrief:
    """A row of ``display e-trunk brief``."""

    etrunk_id: int
    state: str
    vpn_instance: str | None
    peer_ip: str
    source_ip: str


@dataclass(frozen=True)
class TrunkPort:
    """A member port of an Eth-Trunk, from ``display eth-trunk`` or ``display interface``.

    ``status`` is as printed: ``Up``/``Down``/``Offline`` (manual mode),
    ``Selected``/``Unselect``/``Indep`` (LACP), ``M``/``S`` (1:1 backup), ``UP``/``DOWN``
    (``display interface``). ``weight`` is None in 1:1 backup mode.
    """

    name: str
    status: str
    weight: int | None


@dataclass(frozen=True)
class EthTrunkInfo:
    """One trunk of ``display eth-trunk [ID]``.

    ``working_mode`` is as printed (``NORMAL``, ``STATIC``, ``LACP``, ``BACKUP``, ...);
    ``up_port_count`` is ``Number Of Up Ports In Trunk``.
    """

    trunk_id: int
    name: str
    working_mode: str
    operate_status: str | None
    up_port_count: int | None
    members: tuple[TrunkPort, ...]
    lag_id: int | None
    hash_arithmetic: str | None
    system_id: str | None
    working_state: str | None


@dataclass(frozen=True)
class EthTrunkBrief:
    """A row of ``display eth-trunk brief``; ``role`` is the E-Trunk role (M/S), else None."""

    name: str
    trunk_id: int
    mode: str
    status: str
    role: str | None
    active: int
    inactive: int
    configured: int
    bandwidth_mbps: int


@dataclass(frozen=True)
class InterfaceInfo:
    """One interface of ``display interface [NAME]``.

    ``state`` is the physical state as printed (``UP``, ``DOWN``, ``Administratively DOWN``);
    ``line_protocol`` is ``UP``/``DOWN`` and ``line_protocol_reason`` the text in brackets
    after it (``BFD status down``, ``spoofing``). Counters and rates are None when the
    interface prints none; ``members`` and the port counts are for Eth-Trunks.
    """

    name: str
    state: str
    line_protocol: str | None
    line_protocol_reason: str | None
    description: str | None
    ip_address: str | None
    mac: str | None
    in_packets: int | None
    in_bytes: int | None
    out_packets: int | None
    out_bytes: int | None
    in_rate_bps: int | None
    in_rate_pps: int | None
    out_rate_bps: int | None
    out_rate_pps: int | None
    members: tuple[TrunkPort, ...]
    ports_in_trunk: int | None
    up_ports_in_trunk: int | None


@dataclass(frozen=True)
class InterfaceBrief:
    """A row of ``display interface brief``.

    ``interface`` is the name without the bracketed suffix (``(10G)``, ``(v)``), which is in
    ``suffix``. ``phy``/``protocol`` are as printed (``up``, ``*down``, ``up(s)``).
    Utilisation is in percent, None for ``--``. ``member_of`` is the Eth-Trunk a row is
    indented under.
    """

    interface: str
    suffix: str | None
    phy: str
    protocol: str
    in_uti: float | None
    out_uti: float | None
    in_errors: int
    out_errors: int
    member_of: str | None

    @property
    def admin_down(self) -> bool:
        """True when the port is shut down (``*down`` in the PHY column)."""
        return self.phy.startswith("*down")


class ArpEntry(NamedTuple):
    """A row of an ARP table; ``type`` is the TYPE column as printed (``D-1``, ``I -``, ``S--``).

    A NamedTuple rather than a frozen dataclass like the other records: a 64k-row table
    needs 64k of these, and a frozen dataclass's ``__init__`` alone takes about as long as the
    whole parse may (see parsers/arp.py). It is just as immutable and typed.
    """

    ip: str
    mac: str
    expire_min: int | None
    type: str
    interface: str | None
    vpn_instance: str | None
    vlan: str | None

    @property
    def is_dynamic(self) -> bool:
        """Dynamic (``D-<slot>``): learned locally, or a backup the firmware flags alike.

        Which TYPE flags a backed-up entry is the lab's platform profile
        (``platform.arp_backup_types``; ``nornir_arpha.checks.backup_entries``).
        """
        return self.type.startswith("D")

    @property
    def is_static(self) -> bool:
        """Configured statically (``S--``)."""
        return self.type.startswith("S")

    @property
    def is_interface(self) -> bool:
        """The device's own interface address (``I -``)."""
        return self.type.startswith("I")


@dataclass(frozen=True)
class ArpTable:
    """``display arp all|dynamic|interface IF``: the rows and the footer counters."""

    entries: tuple[ArpEntry, ...]
    total: int | None
    dynamic: int | None
    static: int | None
    interface: int | None
    remote: int | None
    redirect: int | None


@dataclass(frozen=True)
class ArpStatistics:
    """``display arp statistics all``."""

    dynamic: int
    static: int
    remote: int | None
    redirect: int | None


@dataclass(frozen=True)
class VersionInfo:
    """The header of ``display version``."""

    vrp_version: str
    product_version: str
    model: str
    uptime: str
    patch_version: str | None


@dataclass(frozen=True)
class PingResult:
    """The statistics block of ``ping``; round-trip times in ms, None when nothing came back."""

    target: str
    transmitted: int
    received: int
    loss_percent: float
    rtt_min: float | None
    rtt_avg: float | None
    rtt_max: float | None


@dataclass(frozen=True)
class ConfigSection:
    """A top-level configuration line and its indented children.

    Children keep their indentation relative to the section (``vsi-id 2`` under
    ``pwsignal ldp`` keeps one leading space); trailing blanks and nested ``#`` lines are dropped.
    """

    header: str
    children: tuple[str, ...]


def _words(line: str) -> str:
    return " ".join(line.split())


@dataclass(frozen=True)
class ConfigTree:
    """``display current-configuration`` as top-level sections, in order."""

    sections: tuple[ConfigSection, ...]

    @property
    def top_level_lines(self) -> tuple[str, ...]:
        """Every top-level line, in order."""
        return tuple(section.header for section in self.sections)

    def section(self, header: str) -> tuple[str, ...] | None:
        """Children of the section whose header is ``header`` (runs of blanks are equal).

        A header printed twice (seen in documentation samples) yields the children of both.

        Args:
            header: e.g. ``"remote-backup-service rbs1"`` or ``"interface Eth-Trunk10"``.

        Returns:
            The child lines, ``()`` for a section without children, None if absent.
        """
        wanted = _words(header)
        found = [s.children for s in self.sections if _words(s.header) == wanted]
        return tuple(line for children in found for line in children) if found else None

    def sections_starting(self, prefix: str) -> tuple[ConfigSection, ...]:
        """Sections whose header starts with ``prefix``, e.g. ``"interface "``."""
        return tuple(s for s in self.sections if s.header.startswith(prefix))
