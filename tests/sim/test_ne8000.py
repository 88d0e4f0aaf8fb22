"""Personality ne8000-v8r23: its wording, port names and TYPE flag, read by the client's
parsers; and the personalities the failover suite is run on, with their labs."""

from __future__ import annotations

import pytest

from nornir_arpha.checks.backup_entries import split_backups
from nornir_arpha.lab import PlatformProfile, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.parsers import parse_arp_table, parse_eth_trunk, parse_interface_brief
from nornir_arpha.sim.personality import DEFAULT_PERSONALITY, PERSONALITIES, Personality
from nornir_arpha.sim.render.arp_display import ArpCounts, render_arp, row_prefix, row_suffix
from nornir_arpha.sim.render.interface_display import (
    BriefRow,
    Counters,
    EthTrunkView,
    MemberView,
    render_eth_trunk,
    render_interface_brief,
)

NE8000 = PERSONALITIES["ne8000-v8r23"]
NE40E = PERSONALITIES[DEFAULT_PERSONALITY]
ZERO = Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, "-", 0, "-", 100_000_000_000)
MEMBERS = (MemberView("50|100GE0/1/0", True), MemberView("100GE0/1/1:1", False))


@pytest.mark.parametrize("personality", [NE40E, NE8000], ids=lambda p: p.name)
def test_the_eth_trunk_parser_reads_either_wording(personality: Personality) -> None:
    view = EthTrunkView(10, "NORMAL", True, "-", 100_000, MEMBERS, (ZERO, ZERO), ZERO)
    text = "\n".join(render_eth_trunk(view, personality=personality))
    assert f"{personality.eth_trunk_up_ports_label}: 1" in text
    trunk = parse_eth_trunk(text)
    assert (trunk.operate_status, trunk.up_port_count) == ("up", 1)
    assert [(m.name, m.status) for m in trunk.members] == [
        ("50|100GE0/1/0", "Up"),
        ("100GE0/1/1:1", "Offline"),
    ]


def test_ne8000_wording_differs_from_ne40e() -> None:
    assert (NE8000.eth_trunk_status_label, NE8000.eth_trunk_up_ports_label) == (
        "Operating Status",
        "Number Of Up Port In Trunk",
    )
    assert (NE40E.eth_trunk_status_label, NE40E.eth_trunk_up_ports_label) == (
        "Operate status",
        "Number Of Up Ports In Trunk",
    )


def test_interface_brief_rate_suffix_is_split_from_ne8000_port_names() -> None:
    rows = [
        BriefRow("Eth-Trunk10", "up", "up", 0.0, 0.0),
        BriefRow("50|100GE0/1/0", "up", "up", 0.0, 0.0, member=True, rate="100G"),
        BriefRow("100GE0/1/1:1", "down", "down", 0.0, 0.0, member=True, rate="25G"),
    ]
    text = "\n".join(render_interface_brief(rows, NE8000))
    assert "  50|100GE0/1/0(100G)" in text and "  100GE0/1/1:1(25G)" in text
    parsed = {row.interface: row for row in parse_interface_brief(text)}
    assert parsed["50|100GE0/1/0"].suffix == "100G"
    assert parsed["100GE0/1/1:1"].member_of == "Eth-Trunk10"
    assert "(100G)" not in "\n".join(render_interface_brief(rows, NE40E))


def ne8000_table() -> str:
    backed_up = NE8000.arp_backup_type.format(slot=0)
    rows = [
        row_prefix("10.0.0.2", "0200-0a00-0002") + row_suffix(20, "D-0", "Eth-Trunk10"),
        row_prefix("10.0.0.3", "0200-0a00-0003") + row_suffix(20, backed_up, "Eth-Trunk10"),
    ]
    return "\n".join(render_arp(rows, ArpCounts(dynamic=1, remote=1), personality=NE8000))


@pytest.mark.parametrize(
    ("profile", "backed_up"),
    [(PlatformProfile(arp_backup_types=("RMT-",)), {"10.0.0.3"}), (PlatformProfile(), set())],
    ids=["profile-with-the-ne8000-flag", "default-profile"],
)
def test_the_ne8000_backup_flag_is_known_only_through_the_profile(
    profile: PlatformProfile, backed_up: set[str]
) -> None:
    table = parse_arp_table(ne8000_table())
    assert table.remote == 1
    assert split_backups(table, profile).backed_up == backed_up


def test_the_shipped_ne8000_lab_declares_the_personality_and_its_profile() -> None:
    lab = load_lab(SHIPPED_LABS / "sim-ne8000")
    assert lab.settings.simulation.personality == NE8000.name
    flag = NE8000.arp_backup_type.format(slot=0)
    assert lab.settings.platform.backed_up(flag)
    members = lab.intent("PE1").eth_trunk.members
    assert any("|" in m for m in members) and any(":" in m for m in members)
