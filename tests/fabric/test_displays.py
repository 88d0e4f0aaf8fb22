"""Display layouts, character for character against the reference samples, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from nornir_arpha.parsers import parse_rbs
from nornir_arpha.sim import inferred
from nornir_arpha.sim.device_runtime import (
    CommandRefused,
    PingRequest,
    ShowArp,
    ShowEthTrunk,
    ShowETrunk,
    ShowInterface,
    ShowRbp,
    ShowRbs,
)
from nornir_arpha.sim.render.arp_display import ArpCounts, render_arp, row_prefix, row_suffix
from nornir_arpha.sim.render.backup_display import (
    RbpView,
    RbsView,
    render_rbp,
    render_rbp_list,
    render_rbs,
    render_rbs_list,
)
from nornir_arpha.sim.render.etrunk_display import (
    ETrunkBriefRow,
    ETrunkMemberView,
    ETrunkView,
    render_etrunk,
    render_etrunk_brief,
)
from nornir_arpha.sim.render.interface_display import (
    Counters,
    EthTrunkView,
    MemberView,
    render_eth_trunk,
    render_interface_brief,
)
from nornir_arpha.sim.render.ping_output import render_ping
from tests.fabric.conftest import ManualLab

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "vrp" / "samples"


def sample(folder: str, name: str, *, prompt_line: bool = True) -> list[str]:
    """A sample's output lines without trailing blanks (and without the prompt line)."""
    lines = [line.rstrip() for line in (SAMPLES / folder / name).read_text().splitlines()]
    return lines[1:] if prompt_line else lines


ZERO = Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, "-", 0, "-", 1_000_000_000)


def test_etrunk_detail_matches_the_command_reference() -> None:
    expected = sample(
        "display_e-trunk", "hwdoc-ne40e-v800r012c10-cmdref_display-etrunk_ETRUNKOM_ex1.txt"
    )
    expected.remove("VPN-Instance : vpn1")  # the simulator has no VPN instances
    view = ETrunkView(
        1, 120, 100, "00e0-fc12-3457", "2.2.2.2", "1.1.1.1", "Master", "PRI", 10, 30,
        440, 450, 0, 0, 100, "00e0-fc12-3456", 30, "PE1_to_PE2",
        (ETrunkMemberView(1, True, "auto", "Master", "ETRUNK_MASTER", 1),),
    )  # fmt: skip
    assert render_etrunk(view) == expected


def test_etrunk_member_columns_keep_a_blank_after_long_values() -> None:
    view = ETrunkView(
        1, 120, 20, "x", "1.1.1.1", "2.2.2.2", "Master", "TIMEOUT", 10, 30, 0, 0, 0, 0, 0,
        "0000-0000-0000", 0, None,
        (ETrunkMemberView(10, False, "force-master", "Master", "PEER_MEMBER_DOWN", None),),
    )  # fmt: skip
    assert render_etrunk(view)[-1].split() == [
        "Eth-Trunk", "10", "Down", "force-master", "Master", "PEER_MEMBER_DOWN",
        inferred.ETRUNK_UNKNOWN_REMOTE_ID,
    ]  # fmt: skip


def test_etrunk_brief_matches_the_command_reference() -> None:
    expected = sample(
        "display_e-trunk", "hwdoc-ne40e-v800r012c10-cmdref_display-etrunk-brief_ETRUNKOM_ex1.txt"
    )
    expected = [line.replace("vpn1", f"{inferred.ETRUNK_NO_VPN:<4}") for line in expected]
    assert render_etrunk_brief([ETrunkBriefRow(1, "Master", "1.1.1.1", "2.2.2.2")]) == expected


def test_rbs_displays_match_the_examples() -> None:
    listing = sample(
        "display_remote-backup-service", "hwdoc-ne40e-v800r012c10-cmdref_display-rbs_RBSOM_ex2.txt"
    )
    assert render_rbs_list(["rbs", "myservice"]) == listing
    detail = sample(
        "display_remote-backup-service",
        "hwdoc-ne40e-v800r012c10-cfgguide_Example_for_Configuring_MLD_Dual-Device_Hot_Backup_in_an_E-Trunk_Scenario_3.txt",
    )
    view = RbsView(
        1, "service1", "connected", "2001:DB8:33::33", "2001:DB8:11::11", "1025",
        "2021-05-29 03:21:36", None, None,
    )  # fmt: skip
    assert render_rbs(view) == detail
    down = RbsView(1, "s1", "Connecting", "1.1.1.1", "2.2.2.2", "2046", "a", "b", "c")
    assert render_rbs(down)[-4:-1] == [
        " Last up time     : a",
        " Last down time   : b",
        " Last down reason : c",
    ]


def test_rbp_displays_match_the_examples() -> None:
    listing = sample(
        "display_remote-backup-profile", "hwdoc-ne40e-v800r012c10-cmdref_display-rbp_RBSOM_ex1.txt"
    )
    assert render_rbp_list(["rpf"]) == listing
    detail = sample(
        "display_remote-backup-profile",
        "hwdoc-ne40e-v800r012c10-cfgguide_Example_for_Configuring_Dual-Device_IGMP_Hot_Backup_1.txt",
    )
    view = RbpView(0, "profile1", "igmp", "service1", "10", 1, 1, ("Eth-Trunk1",), "hot")
    assert render_rbp(view) == detail


def test_eth_trunk_verbose_matches_the_command_reference() -> None:
    expected = sample(
        "display_eth-trunk",
        "hwdoc-ne40e-v800r012c10-cmdref_DisplayEthTrunkCfgInfo_IFMTRUNKOM_ex5.txt",
    )
    members = (MemberView("GigabitEthernet1/0/1", True), MemberView("GigabitEthernet1/0/2", False))
    view = EthTrunkView(20, "NORMAL", True, "-", 1000, members, (ZERO, ZERO), ZERO)
    assert render_eth_trunk(view, verbose=True) == expected


def test_interface_brief_legend_matches_the_real_capture() -> None:
    capture = sample(
        "display_interface_brief",
        "napalm-huawei-vrp_display_interface_brief.txt",
        prompt_line=False,
    )
    rendered = render_interface_brief([])
    assert rendered == capture[: len(rendered)]


def test_arp_table_matches_the_real_ne40e_capture() -> None:
    capture = sample(
        "display_arp_all", "napalm-huawei-vrp_vrp8_display_arp_all.txt", prompt_line=False
    )
    rows = [
        row_prefix("172.23.235.159", "dc99-140d-5340") + row_suffix(None, "I -", "GE1/0/0"),
        row_prefix("172.23.235.158", "a01c-8db1-aaf0") + row_suffix(14, "D-1", "GE1/0/0"),
        row_prefix("172.23.235.161", "dc99-140d-5341") + row_suffix(None, "I -", "GE1/0/1"),
        row_prefix("172.23.235.160", "4cf5-5b97-cbb0") + row_suffix(16, "D-1", "GE1/0/1"),
        row_prefix("1.1.1.1", "f44c-7f1f-658a") + row_suffix(None, "I -", "GE0/0/0"),
    ]
    assert list(render_arp(rows, ArpCounts(dynamic=2, interface=3))) == capture


def test_ping_matches_the_reference_layout() -> None:
    expected = [
        "  PING 10.1.1.2: 56 data bytes, press CTRL_C to break",
        *(
            f"    Reply from 10.1.1.2: bytes=56 Sequence={n} ttl=255 time=32 ms"
            for n in range(1, 3)
        ),
        "",
        "  --- 10.1.1.2 ping statistics ---",
        "    2 packet(s) transmitted",
        "    2 packet(s) received",
        "    0.00% packet loss",
        "    round-trip min/avg/max = 32/32/32 ms",
    ]
    assert render_ping("10.1.1.2", 56, 255, [32, 32]) == expected
    lost = render_ping("10.1.1.3", 56, 255, [None])
    assert lost[1] == "    Request time out" and lost[-1] == "    100.00% packet loss"


@pytest.mark.parametrize(
    ("request_", "refusal"),
    [
        (ShowETrunk(7), inferred.REFUSE_ETRUNK_MISSING),
        (ShowRbs("nope"), inferred.REFUSE_RBS_MISSING),
        (ShowRbp("nope"), inferred.REFUSE_RBP_MISSING),
        (ShowEthTrunk(99), inferred.REFUSE_ETH_TRUNK_MISSING),
        (ShowInterface("GigabitEthernet9/9/9"), inferred.REFUSE_INTERFACE_MISSING),
        (ShowArp("GigabitEthernet9/9/9"), inferred.REFUSE_INTERFACE_MISSING),
    ],
)
def test_missing_objects_are_refused(
    manual: ManualLab, request_: ShowETrunk | ShowRbs, refusal: str
) -> None:
    with pytest.raises(CommandRefused, match=refusal):
        manual.pe1.show(request_)


def test_ping_from_a_foreign_source_is_refused(manual: ManualLab) -> None:
    import asyncio

    with pytest.raises(CommandRefused, match=inferred.REFUSE_PING_SOURCE):
        asyncio.run(manual.pe1.runtime.ping(PingRequest("192.168.10.2", source="9.9.9.9")))


def test_live_displays_show_the_lab_state(configured: ManualLab) -> None:
    pe2 = configured.pe2
    etrunk = pe2.show(ShowETrunk(1))
    assert "State : Backup                          Causation : PRI" in etrunk
    assert etrunk[-1].split()[:6] == [
        "Eth-Trunk",
        "10",
        "Up",
        "force-master",
        "Master",
        "FORCE_MASTER",
    ]
    assert " TCP-State        : Connected" in pe2.show(ShowRbs("rbs1"))
    arp = pe2.show_arp()
    local, remote = pe2.arp().counts()
    # Interface entries: the Eth-Trunk's gateway address and the inter-PE link's address.
    assert arp[-2].split()[1:] == [
        f"Dynamic:{local}",
        "Static:0",
        "Interface:2",
        f"Remote:{remote}",
    ]
    assert sum(" R-0 " in row for row in arp) == remote and remote > 0
    configured.pe1.shut(configured.pe1.members())
    brief = configured.pe1.show(ShowEthTrunk(10, brief=True))
    assert brief[-1].split() == ["Eth-Trunk10", "NORMAL", "Down", "M", "0/2/2", "0"]
    interface = configured.pe1.show(ShowInterface("GigabitEthernet0/1/0"))
    assert interface[0] == "GigabitEthernet0/1/0 current state : Administratively DOWN (ifindex: 3)"


def test_an_rbs_without_peer_shows_dashes_that_the_client_parses(manual: ManualLab) -> None:
    manual.pe1.cli("remote-backup-service rbs9", "commit")
    output = manual.pe1.show(ShowRbs("rbs9"))
    assert f" TCP-State        : {inferred.RBS_STATE_UNCONFIGURED}" in output
    rbs = parse_rbs("\n".join(output))
    assert (rbs.name, rbs.tcp_state, rbs.connected) == ("rbs9", "--", False)
