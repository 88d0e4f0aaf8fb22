"""The hot-backup checks: pure functions from a PE's parsed state to a `CheckResult`.

The pytest suite and `verify_hot_backup` share them. Each takes the PE's state (records plus
the display output they came from) and its lab intent.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from nornir_arpha.checks.backup_entries import split_backups
from nornir_arpha.checks.result import CheckResult, evidence
from nornir_arpha.lab import HotBackupIntent
from nornir_arpha.lab.intent import IpAddress, PlatformProfile
from nornir_arpha.tasks.state import PeState

MISSING_SHOWN = 5
RBP_LABELS = ("Profile-Name", "Service", "Backup-ID", "E-Trunk  ID", "Eth-trunk ID", "Interface")


def _same_ip(text: str | None, expected: IpAddress) -> bool:
    try:
        return text is not None and ipaddress.ip_address(text) == expected
    except ValueError:
        return False


def _unavailable(name: str, state: PeState, key: str, what: str) -> CheckResult:
    display = state.display(key)
    return CheckResult(
        name=name,
        passed=False,
        host=state.host,
        command=display.command,
        evidence=evidence(display.output, ["Error"]),
        message=f"no {what} could be read: {display.error or 'not collected'}",
    )


def _verdict(
    name: str,
    state: PeState,
    key: str,
    problems: Sequence[str],
    needles: Sequence[str],
    success: str,
) -> CheckResult:
    """The result of a check on the display `key`: passed when it found no problems."""
    display = state.display(key)
    return CheckResult(
        name=name,
        passed=not problems,
        host=state.host,
        command=display.command,
        evidence=evidence(display.output, needles),
        message="; ".join(problems) or success,
    )


def check_rbs_connected(state: PeState, intent: HotBackupIntent) -> CheckResult:
    """The RBS exists with the intent's peer, source and port, and its TCP-State is Connected."""
    name = "RBS connected"
    rbs = state.rbs
    if rbs is None:
        return _unavailable(name, state, "rbs", f"RBS {intent.rbs.name}")
    want = intent.rbs
    problems = []
    if not rbs.connected:
        problems.append(f"TCP-State is {rbs.tcp_state}, expected Connected")
    if not _same_ip(rbs.peer, want.peer) or not _same_ip(rbs.source, want.source):
        problems.append(
            f"peer/source are {rbs.peer}/{rbs.source}, expected {want.peer}/{want.source}"
        )
    if rbs.port != want.port:
        problems.append(f"TCP-Port is {rbs.port}, expected {want.port}")
    return _verdict(
        name,
        state,
        "rbs",
        problems,
        ["Service-Name", "TCP-State", "Peer-ip", "Source-ip", "TCP-Port"],
        f"RBS {rbs.name} Connected to {rbs.peer} from {rbs.source} port {rbs.port}",
    )


def check_e_trunk_active(
    state: PeState, intent: HotBackupIntent, platform: PlatformProfile
) -> CheckResult:
    """The E-Trunk is up (Master or Backup) with the intent's peer, and the Eth-Trunk member
    is Master in work mode force-master (as the platform profile spells it)."""
    force_master = platform.etrunk_force_master
    name = "E-Trunk member Master (force-master)"
    etrunk = state.e_trunk
    if etrunk is None:
        return _unavailable(name, state, "e_trunk", f"E-Trunk {intent.e_trunk.id}")
    trunk = intent.eth_trunk
    problems = []
    if etrunk.state not in ("Master", "Backup"):
        problems.append(f"E-Trunk state is {etrunk.state} ({etrunk.causation}), expected up")
    if not _same_ip(etrunk.peer_ip, intent.e_trunk.peer):
        problems.append(f"Peer-IP is {etrunk.peer_ip}, expected {intent.e_trunk.peer}")
    member = next(
        (m for m in etrunk.members if m.type.casefold() == "eth-trunk" and m.id == trunk.id), None
    )
    if member is None:
        problems.append(f"{trunk.name} is not an E-Trunk member")
    elif member.state != "Master" or member.work_mode != force_master:
        problems.append(
            f"{trunk.name} is {member.state} in work mode {member.work_mode} "
            f"(causation {member.causation}), expected Master in {force_master} "
            "(lab.yaml platform.etrunk_force_master)"
        )
    return _verdict(
        name,
        state,
        "e_trunk",
        problems,
        ["E-Trunk-ID", "State :", "Peer-IP", "Type ", "Eth-Trunk "],
        f"E-Trunk {etrunk.etrunk_id} {etrunk.state}, {trunk.name} Master via {force_master}",
    )


def check_rbp_bound(state: PeState, intent: HotBackupIntent) -> CheckResult:
    """The RBP carries `service-type arp`, the intent's RBS and backup-id, tracks the E-Trunk
    and the Eth-Trunk, and is bound to the Eth-Trunk interface."""
    name = "RBP bound with service-type arp"
    rbp = state.rbp
    if rbp is None:
        return _unavailable(name, state, "rbp", f"RBP {intent.rbp.name}")
    trunk = intent.eth_trunk
    problems = []
    if "arp" not in (s.casefold() for s in rbp.service_types):
        problems.append(
            f"'service-type arp' is missing: service types are {list(rbp.service_types)}"
        )
    if (rbp.rbs or "").casefold() != intent.rbs.name.casefold():
        problems.append(f"Remote-backup-service is {rbp.rbs}, expected {intent.rbs.name}")
    if rbp.backup_id != intent.rbp.backup_id:
        problems.append(f"Backup-ID is {rbp.backup_id}, expected {intent.rbp.backup_id}")
    if rbp.e_trunk_id != intent.e_trunk.id or rbp.eth_trunk_id != trunk.id:
        problems.append(
            f"tracks E-Trunk {rbp.e_trunk_id} Eth-Trunk {rbp.eth_trunk_id}, "
            f"expected E-Trunk {intent.e_trunk.id} Eth-Trunk {trunk.id}"
        )
    if trunk.name.casefold() not in (i.casefold() for i in rbp.interfaces):
        problems.append(f"bound to {list(rbp.interfaces) or 'no interface'}, expected {trunk.name}")
    return _verdict(
        name,
        state,
        "rbp",
        problems,
        [*RBP_LABELS, *rbp.interfaces],
        f"RBP {rbp.name} (arp, backup-id {rbp.backup_id}) bound to {trunk.name}",
    )


def check_arp_hosts(
    state: PeState, expected: Sequence[IpAddress], platform: PlatformProfile
) -> CheckResult:
    """Every expected CE host has an ARP entry on this PE (learned locally or backed up)."""
    name = "ARP entry for every CE host"
    table = state.arp
    if table is None:
        return _unavailable(name, state, "arp", "ARP table")
    display = state.display("arp")
    entries = {}
    for entry in table.entries:
        try:
            entries[ipaddress.ip_address(entry.ip)] = entry
        except ValueError:
            continue
    missing = [ip for ip in expected if ip not in entries]
    present = [entries[ip] for ip in expected if ip in entries]
    split = split_backups(table, platform)
    remote = sum(1 for entry in present if entry.ip in split.backed_up)
    summary = f"{len(present)} of {len(expected)} CE hosts present " + (
        f"({len(present) - remote} learned locally, {remote} backed up from the peer)"
        if split.told_apart
        else "(local and backed-up entries not told apart: the platform declares no TYPE flag)"
    )
    footer = evidence(display.output, ["Total:", "Redirect:"], limit=2)
    if not missing:
        return CheckResult(name, True, state.host, display.command, footer, summary)
    shown = ", ".join(str(ip) for ip in missing[:MISSING_SHOWN])
    more = f" (first {MISSING_SHOWN} shown)" if len(missing) > MISSING_SHOWN else ""
    return CheckResult(
        name=name,
        passed=False,
        host=state.host,
        command=display.command,
        evidence=footer,
        message=f"{len(missing)} of {len(expected)} CE hosts have no ARP entry: {shown}{more}; "
        f"{summary}",
    )


def check_hot_backup(
    state: PeState,
    intent: HotBackupIntent,
    expected_hosts: Sequence[IpAddress],
    platform: PlatformProfile,
) -> list[CheckResult]:
    """Every check of `verify_hot_backup` for one PE, in dependency order."""
    return [
        check_rbs_connected(state, intent),
        check_e_trunk_active(state, intent, platform),
        check_rbp_bound(state, intent),
        check_arp_hosts(state, expected_hosts, platform),
    ]
