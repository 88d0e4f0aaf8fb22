"""E-Trunk roles follow the priorities; the RBS stays up through events that do not touch it."""

from __future__ import annotations

import dataclasses

import pytest

from nornir_arpha.checks.roles import e_trunk_role_problems, rbs_continuity_problems
from nornir_arpha.parsers.records import ETrunkInfo, RbsInfo


def etrunk(state: str, priority: int, causation: str = "PRI") -> ETrunkInfo:
    return ETrunkInfo(
        1, priority, "00e0-fc00-0001", None, None, None, state, causation,
        *([None] * 12), (),
    )  # fmt: skip


HEALTHY = {"PE1": etrunk("Master", 10), "PE2": etrunk("Backup", 20)}


def test_the_lower_priority_value_is_master() -> None:
    assert e_trunk_role_problems(HEALTHY) == []


@pytest.mark.parametrize(
    ("infos", "said"),
    [
        (
            {"PE1": etrunk("Master", 10), "PE2": etrunk("Master", 20)},
            "'display e-trunk 1' shows dual Master: PE1 Master (priority 10, causation PRI), "
            "PE2 Master (priority 20, causation PRI)",
        ),
        (
            {"PE1": etrunk("Backup", 10), "PE2": etrunk("Master", 20)},
            "shows the roles against the priorities: PE1 Backup (priority 10, causation PRI), "
            "PE2 Master (priority 20, causation PRI); expected PE1 Master",
        ),
        (
            {"PE1": etrunk("Master", 10, "TIMEOUT"), "PE2": etrunk("Backup", 20)},
            "PE1: 'display e-trunk 1' shows Master (TIMEOUT) while the peer is reachable",
        ),
    ],
    ids=["dual-master", "inverted", "peer-lost"],
)
def test_wrong_roles_are_named(infos: dict[str, ETrunkInfo], said: str) -> None:
    assert any(said in problem for problem in e_trunk_role_problems(infos))


def test_without_the_peer_each_pe_is_master_by_timeout() -> None:
    lost = {"PE1": etrunk("Master", 10, "TIMEOUT"), "PE2": etrunk("Master", 20, "TIMEOUT")}
    assert e_trunk_role_problems(lost, peer_heard=False) == []
    assert e_trunk_role_problems(HEALTHY, peer_heard=False) == [
        "PE1: 'display e-trunk 1' shows Master (PRI) with the peer unreachable, expected "
        "Master (TIMEOUT)",
        "PE2: 'display e-trunk 1' shows Backup (PRI) with the peer unreachable, expected "
        "Master (TIMEOUT)",
    ]


RBS = RbsInfo(
    1, "rbs1", "Connected", None, None, 2046, None, None, None, "2026-12-03 10:00:00", None, None
)


def test_the_rbs_staying_up_through_an_event_passes() -> None:
    assert rbs_continuity_problems("PE1", RBS, RBS, "the member shutdown") == []


def test_an_rbs_that_flapped_is_named_with_its_up_times() -> None:
    after = dataclasses.replace(RBS, last_up_time="2026-12-03 10:00:07")
    assert rbs_continuity_problems("PE1", RBS, after, "the member shutdown") == [
        "PE1: 'display remote-backup-service rbs1' shows the channel re-established during "
        "the member shutdown (Last up time 2026-12-03 10:00:00 -> 2026-12-03 10:00:07), "
        "though the channel was not faulted: it must stay up"
    ]
    down = dataclasses.replace(RBS, tcp_state="Connecting")
    assert "shows TCP-State Connecting after" in rbs_continuity_problems("PE1", RBS, down, "x")[0]
