"""Cases 1 and 2: the hot backup is configured and verified, and ARP entries are in sync."""

from __future__ import annotations

from collections.abc import Callable

from nornir_arpha.lab import Lab
from nornir_arpha.pytest_plugin.artifacts import CaseRecord
from nornir_arpha.suite import PeProbe
from nornir_arpha.suite.failover import read_pair_coverage
from nornir_arpha.suite.pair_health import assess_pair
from nornir_arpha.tasks.pair import PairOutcome
from nornir_arpha.tasks.polling import Deadline, poll
from nornir_arpha.traffic import TrafficSource, host_macs


def test_hot_backup_configured_and_verified(hot_backup: PairOutcome) -> None:
    """Case 1: both PEs pass every check of verify_hot_backup (RBS Connected, E-Trunk with
    force-master members, RBP bound with service-type arp, every host's ARP entry)."""
    failed = [
        f"{host.host}: {host.message}" for host in hot_backup.hosts if host.status != "passed"
    ]
    assert not failed, "\n".join(failed)


def test_every_host_is_on_both_pes_split_local_and_backed_up(
    hot_backup: PairOutcome,
    live_lab: Lab,
    probe: Callable[[str], PeProbe],
    arpha_record: CaseRecord,
    traffic: TrafficSource,
) -> None:
    """Case 2: each PE lists every CE host; it learned some itself and got the rest from its
    peer over the RBS (backed-up entries: by the TYPE flag of the lab's platform profile, the
    footer's `Remote:` count and the pair's comparison; where nothing tells them apart, a note
    says so and coverage alone is judged); every entry carries the host's MAC (the tester's,
    or the learning PE's) on the Eth-Trunk, once, with the footer agreeing; the E-Trunk roles
    follow the priorities and both PEs carry traffic."""
    expected = [str(ip) for ip in live_lab.settings.ce.host_ips()]
    deadline = Deadline.from_lab(live_lab, live_lab.settings.budgets.arp_sync_s)
    probes = [probe(host) for host in live_lab.pair]
    platform = live_lab.settings.platform
    coverages = poll(
        lambda: read_pair_coverage(probes, expected, platform),
        lambda found: all(coverage.synced for coverage in found.values()),
        deadline,
    ).value
    arpha_record.arp_kept = "; ".join(f"{h}: {c.summary()}" for h, c in coverages.items())
    notes = [note for c in coverages.values() for note in c.notes]
    arpha_record.message = "; ".join(notes)
    problems = [c.missing_sentence() for c in coverages.values() if not c.complete]
    split = {host: c for host, c in coverages.items() if c.told_apart}
    problems += [
        f"{host}: 'display arp all' shows no backed-up entries from its peer "
        f"({c.summary()}): the RBS does not carry ARP backups, or the firmware flags them "
        "otherwise than lab.yaml platform.arp_backup_types says"
        for host, c in split.items()
        if not c.remote
    ]
    problems += [
        f"{host}: 'display arp all' shows no locally learned host entries ({c.summary()})"
        for host, c in split.items()
        if not c.local
    ]
    macs = host_macs(traffic)
    problems += assess_pair(live_lab, probe, "after setup", macs).problems
    assert not problems, "\n".join(problems + notes)
