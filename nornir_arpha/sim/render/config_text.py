"""Configuration text from a `DeviceConfig`, in VRP8 order and indentation (REFERENCE §2).

Used by `display current-configuration`, `display this` and
`display configuration candidate`. Choices the reference leaves open are listed in
`nornir_arpha.sim.inferred`.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from nornir_arpha.sim import inferred
from nornir_arpha.sim.device_config import (
    DeviceConfig,
    ETrunk,
    Interface,
    RemoteBackupProfile,
    RemoteBackupService,
)

SEPARATOR = "#"


@dataclass(frozen=True)
class Section:
    """One `#`-delimited block: a header line and its one-space-indented body lines."""

    header: str
    body: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        return [self.header, *(f" {line}" for line in self.body)]


def _v4(address: str) -> str:
    network = ipaddress.IPv4Interface(address)
    return f"{network.ip} {network.netmask}"


def _v6(address: str) -> str:
    return str(ipaddress.IPv6Interface(address)).upper()


def _v6_host(address: str) -> str:
    return str(ipaddress.IPv6Address(address)).upper()


def _e_trunk(e_trunk: ETrunk) -> Section:
    defaults = ETrunk(id=e_trunk.id)
    body: list[str] = []
    if e_trunk.priority != defaults.priority:
        body.append(f"priority {e_trunk.priority}")
    if e_trunk.peer and e_trunk.source:
        if e_trunk.ipv6:
            peer, source = _v6_host(e_trunk.peer), _v6_host(e_trunk.source)
            body.append(f"peer-ipv6 {peer} source-ipv6 {source}")
        else:
            body.append(f"peer-address {e_trunk.peer} source-address {e_trunk.source}")
    if e_trunk.hello_100ms != defaults.hello_100ms:
        body.append(f"timer hello {e_trunk.hello_100ms}")
    if e_trunk.fail_multiplier != defaults.fail_multiplier:
        body.append(f"timer hold-on-failure multiplier {e_trunk.fail_multiplier}")
    if e_trunk.revert_delay_s != defaults.revert_delay_s:
        body.append(f"timer revert delay {e_trunk.revert_delay_s}")
    if e_trunk.description:
        body.append(f"description {e_trunk.description}")
    return Section(f"e-trunk {e_trunk.id}", tuple(body))


def _rbs(rbs: RemoteBackupService) -> Section:
    body: list[str] = []
    if rbs.peer and rbs.source and rbs.port is not None:
        if rbs.ipv6:
            peer, source = _v6_host(rbs.peer), _v6_host(rbs.source)
            body.append(f"peer-ipv6 {peer} source-ipv6 {source} port {rbs.port}")
        else:
            body.append(f"peer {rbs.peer} source {rbs.source} port {rbs.port}")
    if rbs.shutdown:
        body.append("shutdown")
    return Section(f"remote-backup-service {rbs.name}", tuple(body))


def _rbp(rbp: RemoteBackupProfile) -> Section:
    body = [f"service-type {service}" for service in rbp.service_types]
    if rbp.backup_id is not None:
        body.append(f"backup-id {rbp.backup_id} remote-backup-service {rbp.rbs}")
    body.append(f"peer-backup {rbp.peer_backup}")  # shown even at its default (§2)
    if rbp.e_trunk is not None:
        body.append(f"e-trunk {rbp.e_trunk} eth-trunk {rbp.eth_trunk}")
    return Section(f"remote-backup-profile {rbp.name}", tuple(body))


def _interface(interface: Interface) -> Section:
    body: list[str] = []
    if interface.description:
        body.append(f"description {interface.description}")
    if interface.shutdown:
        body.append("shutdown")
    elif interface.kind == "physical":
        body.append("undo shutdown")
    for index, address in enumerate(interface.ipv4):
        body.append(f"ip address {_v4(address)}{' sub' if index else ''}")
    if interface.ipv6:
        body.append("ipv6 enable")
        body.extend(f"ipv6 address {_v6(address)}" for address in interface.ipv6)
    if interface.kind == "eth-trunk" and interface.trunk_mode != "manual load-balance":
        body.append(f"mode {interface.trunk_mode}")
    if interface.eth_trunk is not None:
        body.append(f"eth-trunk {interface.eth_trunk}")
    if interface.e_trunk is not None:
        body.append(f"e-trunk {interface.e_trunk}")
        if interface.e_trunk_mode != "auto":
            body.append(f"e-trunk mode {interface.e_trunk_mode}")
    if interface.rbp is not None:
        body.append(f"remote-backup-profile {interface.rbp}")
    return Section(f"interface {interface.name}", tuple(body))


_KIND_ORDER = {"eth-trunk": 0, "physical": 1, "loopback": 2}
_NUMBERS = re.compile(r"\d+")


def _interface_order(interface: Interface) -> tuple[int, str, tuple[int, ...]]:
    kind_name = interface.name.rstrip("0123456789/")
    numbers = tuple(int(n) for n in _NUMBERS.findall(interface.name[len(kind_name) :]))
    return _KIND_ORDER[interface.kind], kind_name, numbers


def sections(config: DeviceConfig) -> list[Section]:
    """Every section of `config`, in `display current-configuration` order."""
    result = [Section(f"sysname {config.sysname}")]
    result += [_e_trunk(config.e_trunks[key]) for key in sorted(config.e_trunks)]
    result += [_rbs(rbs) for rbs in config.rbs.values()]
    result += [_rbp(rbp) for rbp in config.rbps.values()]
    interfaces = sorted(config.interfaces.values(), key=_interface_order)
    result += [_interface(interface) for interface in interfaces]
    result.append(Section("interface NULL0"))
    return result


def frame(blocks: list[Section]) -> list[str]:
    """Sections as configuration text: each preceded by `#`, then `#` and `return`."""
    lines: list[str] = []
    for block in blocks:
        lines.append(SEPARATOR)
        lines += block.lines()
    return [*lines, SEPARATOR, "return"]


def current_configuration(config: DeviceConfig) -> list[str]:
    """`display current-configuration`."""
    return frame(sections(config))


def section_of(config: DeviceConfig, header: str) -> Section | None:
    """The section whose header is `header`, if the configuration has it."""
    return next((s for s in sections(config) if s.header == header), None)


def candidate_changes(base: DeviceConfig, candidate: DeviceConfig) -> list[str]:
    """`display configuration candidate`: the uncommitted sections, as configuration.

    Args:
        base: the running configuration the candidate started from
        candidate: the session's candidate

    Returns:
        per changed section its header and new lines; removals as `undo …` lines
    """
    old = {s.header: s for s in sections(base)}
    new = {s.header: s for s in sections(candidate)}
    undo = inferred.CANDIDATE_UNDO_PREFIX
    lines: list[str] = []
    for header, section in new.items():
        before = old.get(header)
        if before == section:
            continue
        if header.startswith("sysname "):
            lines.append(header)
            continue
        kept = set(before.body) if before else set()
        lines.append(header)
        lines += [f" {line}" for line in section.body if line not in kept]
        removed = before.body if before else ()
        lines += [f" {undo}{line}" for line in removed if line not in section.body]
    lines += [f"{undo}{h}" for h in old if h not in new and not h.startswith("sysname ")]
    return lines
