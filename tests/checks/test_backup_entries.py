"""Backed-up ARP entries identified from every signal: the profile's TYPE flag, the footer's
Remote count and the pair's comparison; where nothing tells them apart, a note."""

from __future__ import annotations

import pytest

from nornir_arpha.checks.arp_entries import footer_problems
from nornir_arpha.checks.backup_entries import split_backups
from nornir_arpha.lab import PlatformProfile
from nornir_arpha.parsers.records import ArpEntry, ArpTable
from nornir_arpha.pytest_plugin.artifacts import CaseRecord
from nornir_arpha.suite.failover import SurvivorVerdict, arp_coverage
from nornir_arpha.suite.measure import Convergence

NE40E = PlatformProfile()
NE8000 = PlatformProfile(arp_backup_types=("RMT-",))
UNFLAGGED = PlatformProfile(arp_backup_types=())
HOSTS = ["10.0.0.2", "10.0.0.3"]


def table(*rows: tuple[str, str], remote: int | None) -> ArpTable:
    entries = tuple(
        ArpEntry(ip, "0200-0a00-0002", 20, kind, "Eth-Trunk10", None, None) for ip, kind in rows
    )
    dynamic = sum(e.is_dynamic for e in entries)
    return ArpTable(entries, len(entries), dynamic, 0, 0, remote, 0 if remote is not None else None)


# PE1 learned .2 itself and holds .3 from PE2, and the other way round; NE8000 flags RMT-.
PE1 = table(("10.0.0.2", "D-0"), ("10.0.0.3", "RMT-0"), remote=1)
PE2 = table(("10.0.0.2", "RMT-0"), ("10.0.0.3", "D-0"), remote=1)


@pytest.mark.parametrize(
    ("platform", "peer", "backed_up", "footer_fine"),
    [
        (NE8000, None, {"10.0.0.3"}, True),
        (NE40E, PE2, {"10.0.0.3"}, False),
        (NE40E, None, set(), False),
    ],
    ids=["the-profile-flag", "wrong-profile-pair-comparison", "wrong-profile-no-peer"],
)
def test_backed_up_entries_from_the_flag_or_the_pair(
    platform: PlatformProfile, peer: ArpTable | None, backed_up: set[str], footer_fine: bool
) -> None:
    split = split_backups(PE1, platform, peer)
    assert split.told_apart
    assert split.backed_up == backed_up
    footer = footer_problems("PE1", PE1, platform)
    assert (footer == []) is footer_fine
    if not footer_fine:  # the footer's Remote count shows the profile misses the flag
        assert footer == [
            "PE1: 'display arp all' footer disagrees with its rows: Remote:1 but 0 rows (1 rows "
            "carry TYPE RMT-0, which the lab's platform.arp_backup_types (R-) does not list)"
        ]


def test_the_pair_comparison_is_noted_with_what_to_declare() -> None:
    coverage = arp_coverage("PE1", PE1, HOSTS, NE40E, PE2)
    assert (coverage.local, coverage.remote) == (("10.0.0.2",), ("10.0.0.3",))
    assert coverage.notes == (
        "PE1: 'display arp all' shows TYPE RMT-0, which platform.arp_backup_types (R-) does "
        "not list; 1 such entries are hosts the peer learned itself (backed up, by the pair's "
        "comparison): declare the flag in lab.yaml",
    )


def test_with_the_right_flag_nothing_is_noted() -> None:
    coverage = arp_coverage("PE1", PE1, HOSTS, NE8000, PE2)
    assert (coverage.remote, coverage.notes, coverage.synced) == (("10.0.0.3",), (), True)


# Firmware that prints backups like learned entries and no Remote count (unflagged-backup).
LOOKALIKE = table(("10.0.0.2", "D-0"), ("10.0.0.3", "D-0"), remote=None)


@pytest.mark.parametrize(
    ("platform", "told_apart", "synced"),
    [(UNFLAGGED, False, True), (NE40E, True, False)],
    ids=["profile-declares-no-flag-coverage-only", "profile-expects-a-flag-no-backups-seen"],
)
def test_when_nothing_tells_them_apart_coverage_alone_is_judged(
    platform: PlatformProfile, told_apart: bool, synced: bool
) -> None:
    coverage = arp_coverage("PE1", LOOKALIKE, HOSTS, platform, LOOKALIKE)
    assert (coverage.told_apart, coverage.synced) == (told_apart, synced)
    if not told_apart:
        assert coverage.notes == (
            "PE1: 'display arp all' cannot tell local from backed-up entries: the lab's "
            "platform.arp_backup_types declares no TYPE flag and the footer has no Remote "
            "count; coverage judged only",
        )
        assert coverage.summary() == "2 of 2 (local and backed-up not told apart)"


def test_coverage_only_still_fails_a_missing_host() -> None:
    coverage = arp_coverage("PE1", table(("10.0.0.2", "D-0"), remote=None), HOSTS, UNFLAGGED)
    assert not coverage.synced and coverage.missing == ("10.0.0.3",)


def test_a_profile_without_flags_skips_the_remote_footer_count() -> None:
    counted = table(("10.0.0.2", "D-0"), ("10.0.0.3", "D-0"), remote=1)
    assert footer_problems("PE1", counted, UNFLAGGED) == []
    assert footer_problems("PE1", counted, NE40E)[0].endswith("Remote:1 but 0 rows")


@pytest.mark.parametrize(
    ("platform", "counts"),
    [(NE8000, (1, 1)), (UNFLAGGED, (None, None))],
    ids=["split-known", "split-unknown-left-out"],
)
def test_the_case_record_keeps_the_split_only_when_it_is_known(
    platform: PlatformProfile, counts: tuple[int | None, int | None]
) -> None:
    coverage = arp_coverage("PE1", PE1, HOSTS, platform, PE2)
    verdict = SurvivorVerdict("PE1", Convergence(True, 0.1, 900.0), coverage, {}, 1.0)
    record = CaseRecord("case")
    record.note_survivor(verdict)
    assert (record.arp_local, record.arp_backed_up) == counts
    assert record.arp_kept == f"PE1: {coverage.summary()}"
