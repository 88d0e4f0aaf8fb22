"""What changed on a PE between its before and after snapshots, in sentences:
"PE2 lost 43 ARP entries: 192.168.10.3, ...", "PE1 Eth-Trunk10 GigabitEthernet0/1/1 Up →
Down". Counters, ages and the raw displays are left out: they change on every reading."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

logger = logging.getLogger(__name__)

SHOWN = 5
# In an ARP entry as stored: [ip, mac, expire, type, interface, vpn, vlan]; type "R..." is
# backed up from the peer.
ARP_IP, ARP_MAC, ARP_TYPE = 0, 1, 3


def _listed(ips: Iterable[str]) -> str:
    items = sorted(ips, key=_ip_key)
    more = ", ..." if len(items) > SHOWN else ""
    return ", ".join(items[:SHOWN]) + more


def _ip_key(ip: str) -> tuple[int, ...] | tuple[str]:
    parts = ip.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else (ip,)


def _arp(state: Mapping[str, Any]) -> dict[str, tuple[str, bool]]:
    """ip -> (mac, backed up)."""
    entries = (state.get("arp") or {}).get("entries") or []
    return {e[ARP_IP]: (e[ARP_MAC], str(e[ARP_TYPE]).startswith("R")) for e in entries}


def _arp_changes(host: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    old, new = _arp(before), _arp(after)
    lines = []
    lost = old.keys() - new.keys()
    gained = new.keys() - old.keys()
    if lost:
        lines.append(f"{host} lost {len(lost)} ARP entries: {_listed(lost)}")
    if gained:
        lines.append(f"{host} gained {len(gained)} ARP entries: {_listed(gained)}")
    kept = old.keys() & new.keys()
    for backed, word in ((True, "backed-up"), (False, "locally learned")):
        turned = [ip for ip in kept if old[ip][1] != backed and new[ip][1] == backed]
        if turned:
            lines.append(f"{host}: {len(turned)} ARP entries became {word}: {_listed(turned)}")
    moved = [ip for ip in kept if old[ip][0] != new[ip][0]]
    if moved:
        lines.append(f"{host}: {len(moved)} ARP entries changed MAC: {_listed(moved)}")
    return lines


def _changed(label: str, old: Any, new: Any) -> list[str]:
    return [] if old == new else [f"{label} {old} → {new}"]


def _by_name(items: Iterable[Mapping[str, Any]] | None, key: str = "name") -> dict[str, Any]:
    return {str(item.get(key)): item for item in items or ()}


def _link_changes(host: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    lines = []
    old_ifs, new_ifs = _by_name(before.get("interfaces")), _by_name(after.get("interfaces"))
    for name in sorted(old_ifs.keys() & new_ifs.keys()):
        old, new = old_ifs[name], new_ifs[name]
        lines += _changed(f"{host} {name} state", old.get("state"), new.get("state"))
        lines += _changed(
            f"{host} {name} line protocol", old.get("line_protocol"), new.get("line_protocol")
        )
    old_trunk, new_trunk = before.get("eth_trunk") or {}, after.get("eth_trunk") or {}
    trunk = new_trunk.get("name") or old_trunk.get("name") or "Eth-Trunk"
    old_ports, new_ports = _by_name(old_trunk.get("members")), _by_name(new_trunk.get("members"))
    for port in sorted(old_ports.keys() & new_ports.keys()):
        lines += _changed(
            f"{host} {trunk} {port}", old_ports[port].get("status"), new_ports[port].get("status")
        )
    return lines


def _backup_changes(host: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    rbs_old, rbs_new = before.get("rbs") or {}, after.get("rbs") or {}
    lines = _changed(f"{host} RBS TCP-State", rbs_old.get("tcp_state"), rbs_new.get("tcp_state"))
    et_old, et_new = before.get("e_trunk") or {}, after.get("e_trunk") or {}
    lines += _changed(f"{host} E-Trunk state", et_old.get("state"), et_new.get("state"))
    members_old = _by_name(et_old.get("members"), "id")
    members_new = _by_name(et_new.get("members"), "id")
    for member in sorted(members_old.keys() & members_new.keys()):
        lines += _changed(
            f"{host} E-Trunk member Eth-Trunk{member}",
            members_old[member].get("state"),
            members_new[member].get("state"),
        )
    rbp_old, rbp_new = before.get("rbp") or {}, after.get("rbp") or {}
    lines += _changed(f"{host} RBP state", rbp_old.get("state"), rbp_new.get("state"))
    lines += _changed(
        f"{host} RBP peer state", rbp_old.get("peer_state"), rbp_new.get("peer_state")
    )
    return lines


def describe_changes(host: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """Args: host: the PE; before, after: its `PeState` as stored in the snapshots.

    Returns:
        one sentence per change of ARP entries, links, RBS, E-Trunk and RBP state
    """
    return (
        _arp_changes(host, before, after)
        + _link_changes(host, before, after)
        + _backup_changes(host, before, after)
    )
