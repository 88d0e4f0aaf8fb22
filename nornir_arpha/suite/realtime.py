"""Real-time backup: once the pair is synced, a host that joins, or moves to a new MAC, must
reach the peer PE as a backed-up entry with its values within the ARP sync budget (the batch
backup at channel-up does not cover it), and its traffic must flow.

Hosts come and go through the lab's traffic generator (`TrafficSource.add_host`, ...): a lab
without one cannot run this case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nornir_arpha.checks.arp_entries import normal_mac
from nornir_arpha.checks.backup_entries import split_backups
from nornir_arpha.lab import Lab
from nornir_arpha.parsers.records import ArpTable
from nornir_arpha.suite.long_outage import aging_s
from nornir_arpha.suite.probes import PeProbe
from nornir_arpha.tasks.polling import Deadline, poll
from nornir_arpha.traffic import TrafficSource

COMMAND = "display arp all"


@dataclass(frozen=True)
class HostEntries:
    """A host's rows on each PE: (MAC, backed up) per row; `told_apart` False when the
    platform gives no way to tell learned from backed-up rows (then only the MACs count)."""

    rows: dict[str, tuple[tuple[str, bool], ...]]
    told_apart: bool = True

    def synced(self, mac: str) -> bool:
        """One PE learned `mac` itself, the other holds it backed up, and nothing else."""
        kinds = sorted(remote for rows in self.rows.values() for m, remote in rows if m == mac)
        every = [row for rows in self.rows.values() for row in rows]
        expected = [False, True] if self.told_apart else [False, False]
        return kinds == expected and len(every) == 2

    def gone(self) -> bool:
        return not any(self.rows.values())

    def describe(self) -> str:
        def row(mac: str, remote: bool) -> str:
            return f"{mac} ({'backed up' if remote else 'learned'})"

        return "; ".join(
            f"{pe}: {', '.join(row(*r) for r in rows) or 'no entry'}"
            for pe, rows in self.rows.items()
        )


def host_entries(lab: Lab, probe: Callable[[str], PeProbe], ip: str) -> HostEntries:
    """`ip`'s rows in both PEs' `display arp all` (backed up: by every signal, see
    `checks.backup_entries`)."""
    platform = lab.settings.platform
    tables = {pe: probe(pe).arp()[0] for pe in lab.pair}

    def rows(pe: str, table: ArpTable) -> tuple[tuple[str, bool], ...]:
        backed_up = split_backups(table, platform, tables[lab.peer_of(pe)]).backed_up
        return tuple((normal_mac(e.mac), e.ip in backed_up) for e in table.entries if e.ip == ip)

    rows_by_pe = {pe: rows(pe, table) for pe, table in tables.items()}
    return HostEntries(rows_by_pe, told_apart=bool(platform.arp_backup_types))


def await_sync(
    lab: Lab, probe: Callable[[str], PeProbe], ip: str, mac: str, event: str
) -> list[str]:
    """Both PEs hold `ip` with `mac` (learned on one, backed up on the other) within the ARP
    sync budget after `event`.

    Returns:
        the problem, naming both PEs' rows, or nothing
    """
    budget = lab.settings.budgets.arp_sync_s
    outcome = poll(
        lambda: host_entries(lab, probe, ip),
        lambda entries: entries.synced(normal_mac(mac)),
        Deadline.from_lab(lab, budget),
    )
    if outcome.met:
        return []
    return [
        f"'{COMMAND}' {budget:g} lab-s after {event}: expected {ip} with MAC {mac} learned on "
        f"one PE and backed up on the other, got {outcome.value.describe()}"
    ]


def join_and_move(
    lab: Lab, probe: Callable[[str], PeProbe], traffic: TrafficSource, ip: str, moved_mac: str
) -> list[str]:
    """`ip` joins (with its default MAC), then moves to `moved_mac`; the pair follows each
    within the sync budget. The host is removed again on the way out.

    Returns:
        one sentence per problem
    """
    joined = traffic.add_host(ip)
    try:
        problems = await_sync(lab, probe, ip, joined.mac, f"host {ip} joined")
        traffic.change_mac(ip, moved_mac)
        problems += await_sync(lab, probe, ip, moved_mac, f"host {ip} moved to MAC {moved_mac}")
    finally:
        traffic.remove_host(ip)
    return problems


def join_then_leave(
    lab: Lab, probe: Callable[[str], PeProbe], traffic: TrafficSource, ip: str
) -> list[str]:
    """`ip` joins and is synced; then it leaves, and its entry must go from both PEs within
    the ARP aging (the device's, see `aging_s`) plus the hosts' refresh interval: nothing
    refreshes it.

    Returns:
        one sentence per problem
    """
    joined = traffic.add_host(ip)
    try:
        problems = await_sync(lab, probe, ip, joined.mac, f"host {ip} joined")
    finally:
        traffic.remove_host(ip)
    aging = max(aging_s(lab, probe(pe)) for pe in lab.pair)
    wait = aging + lab.settings.budgets.host_arp_refresh_s
    outcome = poll(
        lambda: host_entries(lab, probe, ip), HostEntries.gone, Deadline.from_lab(lab, wait)
    )
    if not outcome.met:
        problems.append(
            f"'{COMMAND}' {wait:g} lab-s after host {ip} left (the ARP aging {aging:g} s + "
            f"budgets.host_arp_refresh_s): its entry is still there: {outcome.value.describe()}"
        )
    return problems
