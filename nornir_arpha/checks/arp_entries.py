"""ARP entry correctness, not only presence: each host's entry carries the host's MAC, sits on
the Eth-Trunk, appears once, and the table's footer counts agree with its rows.

The host's real MAC comes from the tester (the MACs it emulates) or, without one, from the
PE that learned the host itself: a backed-up entry must carry what the owner learned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from nornir_arpha.checks.backup_entries import unknown_type
from nornir_arpha.lab.intent import PlatformProfile
from nornir_arpha.parsers.records import ArpEntry, ArpTable

SHOWN = 5


def normal_mac(mac: str) -> str:
    """`00e0-fc12-3456`, `00:E0:FC:12:34:56` -> `00e0fc123456`."""
    return "".join(ch for ch in mac.lower() if ch in "0123456789abcdef")


def _shown(items: Sequence[str]) -> str:
    more = ", ..." if len(items) > SHOWN else ""
    return ", ".join(items[:SHOWN]) + more


def owners_macs(
    tables: Mapping[str, ArpTable], hosts: Iterable[str]
) -> tuple[dict[str, str], list[str]]:
    """Each host's MAC as the PE(s) that learned it locally show it.

    Returns:
        the MAC per host learned locally somewhere, and a problem sentence per host whose
        local entries on the two PEs disagree
    """
    wanted = set(hosts)
    seen: dict[str, dict[str, str]] = {}
    for pe, table in tables.items():
        for entry in table.entries:
            if entry.ip in wanted and entry.is_dynamic:
                seen.setdefault(entry.ip, {})[pe] = entry.mac
    macs, problems = {}, []
    for ip, by_pe in seen.items():
        if len({normal_mac(mac) for mac in by_pe.values()}) > 1:
            told = " and ".join(f"{pe} {mac}" for pe, mac in sorted(by_pe.items()))
            problems.append(
                f"'display arp all': the two PEs learned {ip} with different MACs ({told})"
            )
        macs[ip] = next(iter(by_pe.values()))
    return macs, problems


def entry_problems(
    pe: str,
    table: ArpTable,
    expected_macs: Mapping[str, str],
    trunk: str,
    platform: PlatformProfile,
    command: str = "display arp all",
) -> list[str]:
    """What is wrong with the entries of the hosts in `expected_macs` on PE `pe`.

    Args:
        pe: the PE the table is from
        table: its ARP table
        expected_macs: each host's real MAC, by IP (hosts without an entry are not judged
            here: presence has its own check)
        trunk: the PE's Eth-Trunk (an entry may sit on a sub-interface of it)
        platform: the lab's platform profile (which TYPE flags a backed-up entry)
        command: the display the table came from

    Returns:
        one sentence per kind of problem, naming the hosts and the wrong values
    """
    rows: dict[str, list[ArpEntry]] = {}
    for entry in table.entries:
        if entry.ip in expected_macs:
            rows.setdefault(entry.ip, []).append(entry)
    problems = []
    twice = [f"{ip} ({len(found)} rows)" for ip, found in rows.items() if len(found) > 1]
    if twice:
        problems.append(
            f"{pe}: '{command}' lists {len(twice)} hosts more than once: {_shown(twice)}"
        )
    wrong_mac = [
        f"{ip} has {entry.mac}, the host's MAC is {expected_macs[ip]}"
        for ip, found in rows.items()
        for entry in found
        if normal_mac(entry.mac) != normal_mac(expected_macs[ip])
    ]
    if wrong_mac:
        problems.append(
            f"{pe}: '{command}' shows the wrong MAC for {len(wrong_mac)} hosts: {_shown(wrong_mac)}"
        )
    wrong_port = [
        f"{ip} on {entry.interface or 'no interface'}"
        for ip, found in rows.items()
        for entry in found
        if entry.interface != trunk and not (entry.interface or "").startswith(f"{trunk}.")
    ]
    if wrong_port:
        problems.append(
            f"{pe}: '{command}' shows {len(wrong_port)} hosts' entries off {trunk}: "
            f"{_shown(wrong_port)}"
        )
    problems += footer_problems(pe, table, platform, command)
    return problems


def footer_problems(
    pe: str, table: ArpTable, platform: PlatformProfile, command: str = "display arp all"
) -> list[str]:
    """The footer counts that disagree with the rows (counters the layout omits are skipped;
    so is `Remote:` when the platform declares no TYPE flag for backed-up entries)."""
    kinds = Counter(
        "remote"
        if platform.backed_up(entry.type)
        else "dynamic"
        if entry.is_dynamic
        else "static"
        if entry.is_static
        else "interface"
        if entry.is_interface
        else "other"
        for entry in table.entries
    )
    counted = {
        "Total": (table.total, len(table.entries)),
        "Dynamic": (table.dynamic, kinds["dynamic"]),
        "Static": (table.static, kinds["static"]),
        "Interface": (table.interface, kinds["interface"]),
        "Remote": (table.remote if platform.arp_backup_types else None, kinds["remote"]),
    }
    wrong = [
        f"{label}:{shown} but {rows} rows"
        for label, (shown, rows) in counted.items()
        if shown is not None and shown != rows
    ]
    if not wrong:
        return []
    unknown = sorted({entry.type for entry in table.entries if unknown_type(entry, platform)})
    hint = (
        f" ({kinds['other']} rows carry TYPE {', '.join(unknown)}, which the lab's "
        f"platform.arp_backup_types ({', '.join(platform.arp_backup_types) or 'none'}) "
        "does not list)"
        if unknown
        else ""
    )
    return [f"{pe}: '{command}' footer disagrees with its rows: {', '.join(wrong)}{hint}"]
