"""ARP entry correctness: MACs, interface, duplicates and footer counts, named per host."""

from __future__ import annotations

import pytest

from nornir_arpha.checks.arp_entries import (
    entry_problems,
    footer_problems,
    normal_mac,
    owners_macs,
)
from nornir_arpha.lab import PlatformProfile
from nornir_arpha.parsers.records import ArpEntry, ArpTable

TRUNK = "Eth-Trunk10"
PROFILE = PlatformProfile()


def entry(ip: str, mac: str, kind: str = "D-1", port: str = TRUNK) -> ArpEntry:
    return ArpEntry(ip, mac, 20, kind, port, None, None)


def table(*entries: ArpEntry, **footer: int | None) -> ArpTable:
    counts: dict[str, int | None] = {
        "total": len(entries),
        "dynamic": sum(e.is_dynamic for e in entries),
        "static": 0,
        "interface": 0,
        "remote": sum(PROFILE.backed_up(e.type) for e in entries),
        "redirect": 0,
    }
    counts.update(footer)
    return ArpTable(tuple(entries), **counts)  # type: ignore[arg-type]


EXPECTED = {"10.0.0.2": "02:00:0a:00:00:02", "10.0.0.3": "02:00:0a:00:00:03"}
HEALTHY = table(entry("10.0.0.2", "0200-0a00-0002"), entry("10.0.0.3", "0200-0a00-0003", "R-1"))


def test_a_healthy_table_has_no_problems() -> None:
    assert entry_problems("PE2", HEALTHY, EXPECTED, TRUNK, PROFILE) == []


@pytest.mark.parametrize(
    ("broken", "said"),
    [
        (
            table(entry("10.0.0.2", "0200-0a00-0002"), entry("10.0.0.3", "0200-0a00-0099", "R-1")),
            "PE2: 'display arp all' shows the wrong MAC for 1 hosts: 10.0.0.3 has "
            "0200-0a00-0099, the host's MAC is 02:00:0a:00:00:03",
        ),
        (
            table(
                entry("10.0.0.2", "0200-0a00-0002"),
                entry("10.0.0.3", "0200-0a00-0003", "R-1", "GE0/1/0"),
            ),
            "PE2: 'display arp all' shows 1 hosts' entries off Eth-Trunk10: 10.0.0.3 on GE0/1/0",
        ),
        (
            table(
                entry("10.0.0.2", "0200-0a00-0002"),
                entry("10.0.0.2", "0200-0a00-0002", "R-1"),
            ),
            "PE2: 'display arp all' lists 1 hosts more than once: 10.0.0.2 (2 rows)",
        ),
        (
            table(entry("10.0.0.2", "0200-0a00-0002"), remote=3, total=4),
            "PE2: 'display arp all' footer disagrees with its rows: Total:4 but 1 rows, "
            "Remote:3 but 0 rows",
        ),
    ],
    ids=["wrong-mac", "wrong-interface", "listed-twice", "footer"],
)
def test_each_wrong_value_is_named(broken: ArpTable, said: str) -> None:
    assert said in entry_problems("PE2", broken, EXPECTED, TRUNK, PROFILE)


def test_an_entry_on_a_trunk_sub_interface_is_on_the_trunk() -> None:
    sub = table(entry("10.0.0.2", "0200-0a00-0002", port="Eth-Trunk10.100"))
    assert entry_problems("PE1", sub, EXPECTED, TRUNK, PROFILE) == []


def test_a_layout_without_some_counters_is_judged_on_those_it_has() -> None:
    assert (
        footer_problems("PE1", table(entry("10.0.0.2", "x"), remote=None, total=None), PROFILE)
        == []
    )


def test_the_owners_local_entries_give_the_hosts_macs_and_disagreements() -> None:
    pe1 = table(entry("10.0.0.2", "0200-0a00-0002"), entry("10.0.0.3", "aaaa-bbbb-cccc", "R-1"))
    pe2 = table(entry("10.0.0.2", "0200-0a00-0099"), entry("10.0.0.3", "0200-0a00-0003"))
    macs, problems = owners_macs({"PE1": pe1, "PE2": pe2}, EXPECTED)
    assert normal_mac(macs["10.0.0.3"]) == "02000a000003"  # PE2 learned it; PE1's is a backup
    assert problems == [
        "'display arp all': the two PEs learned 10.0.0.2 with different MACs "
        "(PE1 0200-0a00-0002 and PE2 0200-0a00-0099)"
    ]
