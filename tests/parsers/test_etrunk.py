"""display e-trunk ID / display e-trunk brief."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nornir_arpha.parsers import (
    ETrunkBrief,
    ETrunkMember,
    ParseError,
    UnsupportedLayout,
    parse_etrunk,
    parse_etrunk_brief,
    parse_etrunks,
)
from tests.parsers.samples import read, sample_params, sample_text, short_name

Member = tuple[str, int, str, str, str, str, int | None]
# (etrunk_id, priority, system_id, peer_ip, source_ip, state, causation, send_period,
#  fail_time, receive, send, peer_priority, revert_delay, description, members)
ETRUNKS: dict[str, tuple[Any, ...]] = {
    "CFG_3PE_PW_Redundancy_When_CEs_Are_Asymmetrically_Connected_to_PEs_on__1.txt": (
        10, 10, "00e0-fc00-1234", "3.3.3.3", "2.2.2.2", "Master", "PRI", 10, 30, 88, 122, 20, 120,
        None, [("Eth-Trunk", 10, "Up", "auto", "Master", "PEER_MEMBER_UP", None)],
    ),
    "CFG_PBB_VPLS_with_an_E-Trunk_Determining_the_Master_and_Backup_Status__1.txt": (
        1, 50, "00e0-fc00-1122", "5.5.5.5", "4.4.4.4", "Master", "PRI", 10, 200, 5689, 5695, 20,
        120, None, [("Eth-Trunk", 10, "Up", "auto", "Master", "PEER_MEMBER_DOWN", 10)],
    ),
    "CFG_an_E-Trunk_for_VPLS_Dual-Homing_Access_3.txt": (
        1, 10, "00e0-fc12-3457", "2.2.2.9", "1.1.1.9", "Master", "PRI", 9, 270, 1149, 1182, 20,
        120, "PE1_to_PE2", [("Eth-Trunk", 10, "Up", "auto", "Master", "PEER_MEMBER_DOWN", 10)],
    ),
    "CFG_an_E-Trunk_for_VPLS_Dual-Homing_Access_4.txt": (
        1, 20, "00e0-fc12-3456", "1.1.1.9", "2.2.2.9", "Backup", "PRI", 9, 270, 1435, 1438, 10,
        120, "PE2_to_PE1", [("Eth-Trunk", 10, "Down", "auto", "Backup", "PEER_MEMBER_UP", 10)],
    ),
    "REF_display-etrunk_ETRUNKOM_ex1.txt": (
        1, 100, "00e0-fc12-3457", "2.2.2.2", "1.1.1.1", "Master", "PRI", 10, 30, 440, 450, 100,
        120, "PE1_to_PE2", [("Eth-Trunk", 1, "Up", "auto", "Master", "ETRUNK_MASTER", 1)],
    ),
}  # fmt: skip
BRIEFS = {
    "REF_display-etrunk-brief_ETRUNKOM_ex1.txt": [
        ETrunkBrief(1, "Master", "vpn1", "1.1.1.1", "2.2.2.2")
    ],
}


@pytest.mark.parametrize("path", sample_params("display_e-trunk"))
def test_etrunk_samples(path: Path) -> None:
    key = short_name(path)
    if key in BRIEFS:
        assert parse_etrunk_brief(read(path)) == BRIEFS[key]
        return
    et = parse_etrunk(read(path))
    *head, members = ETRUNKS[key]
    assert [
        et.etrunk_id,
        et.priority,
        et.system_id,
        et.peer_ip,
        et.source_ip,
        et.state,
        et.causation,
        et.send_period,
        et.fail_time,
        et.receive,
        et.send,
        et.peer_priority,
        et.revert_delay,
        et.description,
    ] == head
    assert list(et.members) == [ETrunkMember(*row) for row in members]


def test_command_reference_extra_fields() -> None:
    name = "hwdoc-ne40e-v800r012c10-cmdref_display-etrunk_ETRUNKOM_ex1.txt"
    et = parse_etrunk(sample_text("display_e-trunk", name))
    assert et.vpn_instance == "vpn1"
    assert (et.rec_drop, et.snd_drop, et.peer_fail_time) == (0, 0, 30)
    assert (et.peer_system_id, et.bfd_session) == ("00e0-fc12-3456", "hello")


def render(
    *,
    label: str,
    pad: int,
    state: str,
    work_mode: str,
    causation: str,
    etrunk_id: int = 1,
    remote_id: str = "10",
) -> str:
    """`display e-trunk` as the simulator prints it, with a chosen ID label and column width."""

    def row(left: str, right: str) -> str:
        return f"{left:<{pad}}{right}"

    return "\n".join(
        [
            "                          The E-Trunk information",
            row(f"{label} : {etrunk_id}", "Revert-Delay-Time (s) : 120"),
            row("Priority : 100", "System-ID : 00e0-fc12-3457"),
            row("Peer-IP : 10.0.0.2", "Source-IP : 10.0.0.1"),
            row(f"State : {state}", "Causation : PRI"),
            row("Send-Period (100ms) : 10", "Fail-Time (100ms) : 30"),
            row("Receive : 12", "Send : 13"),
            row("RecDrop : 0", "SndDrop : 0"),
            row("Peer-Priority : 100", "Peer-System-ID : 00e0-fc12-3456"),
            row("Peer-Fail-Time (100ms) : 30", "BFD-Session : hello"),
            "Description : PE1_to_PE2",
            "-" * 80,
            "                            The Member information",
            "Type      ID   LocalPhyState   Work-Mode      State    Causation      Remote-ID",
            f"Eth-Trunk 10   Up              {work_mode:<15}{state:<9}{causation:<17}{remote_id}",
        ]
    )


@given(
    label=st.sampled_from(["E-Trunk-ID", "E-TRUNK-ID"]),
    pad=st.integers(min_value=28, max_value=44),
    state=st.sampled_from(["Master", "Backup"]),
    work_mode=st.sampled_from(["auto", "force-master", "force-backup"]),
    causation=st.sampled_from(["FORCE_MASTER", "ETRUNK_MASTER", "PEER_MEMBER_DOWN"]),
)
def test_label_spellings_and_column_spacing(
    label: str, pad: int, state: str, work_mode: str, causation: str
) -> None:
    et = parse_etrunk(
        render(label=label, pad=pad, state=state, work_mode=work_mode, causation=causation)
    )
    assert (et.etrunk_id, et.revert_delay, et.state, et.peer_ip) == (1, 120, state, "10.0.0.2")
    assert et.members == (ETrunkMember("Eth-Trunk", 10, "Up", work_mode, state, causation, 10),)


def test_several_etrunks_in_one_output() -> None:
    blocks = [
        render(
            label="E-Trunk-ID", pad=40, state="Master", work_mode=mode, causation=cause, etrunk_id=i
        )
        for i, mode, cause in [(1, "auto", "ETRUNK_MASTER"), (2, "force-master", "FORCE_MASTER")]
    ]
    text = "\n".join(["<PE1> display e-trunk", *blocks])
    assert [et.etrunk_id for et in parse_etrunks(text)] == [1, 2]
    with pytest.raises(ParseError, match="expected one record, found 2"):
        parse_etrunk(text)


def test_remote_id_not_yet_known() -> None:
    text = render(
        label="E-Trunk-ID", pad=40, state="Master", work_mode="force-master",
        causation="FORCE_MASTER", remote_id="-",
    )  # fmt: skip
    [member] = parse_etrunk(text).members
    assert (member.causation, member.remote_id) == ("FORCE_MASTER", None)


def test_unknown_member_row_is_rejected() -> None:
    text = render(label="E-Trunk-ID", pad=40, state="Master", work_mode="auto", causation="X")
    with pytest.raises(UnsupportedLayout, match="display e-trunk: unrecognised line 'Eth-Trunk"):
        parse_etrunk(text.replace("Eth-Trunk 10   Up", "Eth-Trunk ten  Up"))


def test_output_without_etrunk_block_is_rejected() -> None:
    with pytest.raises(UnsupportedLayout, match="display e-trunk: unrecognised line 'foo'"):
        parse_etrunk("foo\n")
    with pytest.raises(UnsupportedLayout, match="no record found"):
        parse_etrunk("\n")


def test_device_error_is_reported() -> None:
    with pytest.raises(ParseError, match=r"device replied 'Error: The E-Trunk does not exist\.'"):
        parse_etrunk("<PE1> display e-trunk 9\nError: The E-Trunk does not exist.\n")


def test_brief_without_vpn_instance() -> None:
    text = (
        "E-TRUNK-ID  State    VPN-Instance                   Peer-IP          Source-IP\n"
        + "-" * 100
        + "\n1           Backup                                  10.0.0.2         10.0.0.1\n"
        + "-" * 100
        + "\nTotal:1       Master:0     Backup:1         Init:0\n"
    )
    assert parse_etrunk_brief(text) == [ETrunkBrief(1, "Backup", None, "10.0.0.2", "10.0.0.1")]
