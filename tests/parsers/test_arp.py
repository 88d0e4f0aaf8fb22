"""display arp all / interface / dynamic and display arp statistics; both ARP engines.

The regex engine (the default) must give what the TextFSM reference gives, table or error,
for any text: checked on every sample, on rendered tables, on the error cases and on random
texts made of table lines and junk.
"""

from __future__ import annotations

import gc
import logging
import string
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import textfsm
from hypothesis import given, settings
from hypothesis import strategies as st

from nornir_arpha.lab import PlatformProfile
from nornir_arpha.parsers import (
    ArpEngine,
    ArpEntry,
    ArpStatistics,
    ArpTable,
    ParseError,
    UnsupportedLayout,
    parse_arp_statistics,
    parse_arp_table,
)
from nornir_arpha.parsers import arp as arp_module
from tests.parsers.arp_render import RULE, generated_entries, render_arp_table, render_rows
from tests.parsers.samples import expected_parse, ntc_params, read, sample_params, short_name

# The default platform profile: backed-up entries carry `R-<slot>`, as the simulator prints.
PROFILE = PlatformProfile()

ARP_DIRS = ["display_arp", "display_arp_all", "display_arp_brief", "display_arp_interface"]
ALL_SAMPLES = [param for folder in ARP_DIRS for param in sample_params(folder)]

# Footer (Total, Dynamic, Static, Interface, Remote, Redirect) and every row
# (ip, mac, expire_min, type, interface, vpn_instance, vlan). The 209-row ntc-templates
# capture is checked against its expected parse instead.
TABLES: dict[str, tuple[tuple[int | None, ...], list[tuple[object, ...]]]] = {
    "CFG_a_Dot1q_VLAN_Tag_Termination_Sub-interface_to_Access_an_L3VPN_2.txt": (
        (6, 3, 0, 3, None, None),
        [
            ("192.168.1.1", "00e0-fc12-3458", None, "I -", "GE0/1/2", None, None),
            ("192.168.1.2", "00e0-fc12-3457", 20, "D-9", "GE0/1/2", None, None),
            ("10.1.1.1", "00e0-fc12-3459", None, "I -", "GE0/1/1.1", "vpn1", None),
            ("10.1.1.2", "00e0-fc12-3456", 20, "D-9", "GE0/1/1.1", "vpn1", "10/-"),
            ("10.3.1.1", "00e0-fc12-3459", None, "I -", "GE0/1/1.2", "vpn2", None),
            ("10.3.1.2", "00e0-fc12-3456", 20, "D-9", "GE0/1/1.2", "vpn2", "20/-"),
        ],
    ),
    "CFG_a_QinQ_VLAN_Tag_Termination_Sub-interface_to_Access_an_L3VPN_2.txt": (
        (6, 3, 0, 3, None, None),
        [
            ("192.168.1.1", "00e0-fc12-3458", None, "I -", "GE0/1/2", None, None),
            ("192.168.1.2", "00e0-fc12-3457", 20, "D-9", "GE0/1/2", None, None),
            ("10.1.1.1", "00e0-fc12-3459", None, "I -", "GE0/1/1.1", "vpn1", None),
            ("10.1.1.2", "00e0-fc12-3456", 20, "D-9", "GE0/1/1.1", "vpn1", "100/10"),
            ("10.3.1.1", "00e0-fc12-3459", None, "I -", "GE0/1/1.2", "vpn2", None),
            ("10.3.1.2", "00e0-fc12-3456", 20, "D-9", "GE0/1/1.2", "vpn2", "100/20"),
        ],
    ),
    "REF_DisplayArpTable_1_ARPOM_ex1.txt": (
        (2, 1, 0, 1, 0, 0),
        [
            ("192.168.1.11", "00e0-fc41-0201", None, "I -", "GE1/0/1", "r1", None),
            ("192.168.1.1", "00e0-fc41-0200", 12, "D-6", "GE1/0/2", "r1", None),
        ],
    ),
    "REF_DisplayArpTable_2_ARPOM_ex1.txt": (
        (4, 2, 0, 2, 0, 0),
        [
            ("192.168.1.12", "00e0-fc41-0202", None, "I -", "GE1/0/1", "r2", None),
            ("192.168.1.1", "00e0-fc41-0200", 17, "D-6", "GE1/0/1", "r2", None),
            ("192.168.1.11", "00e0-fc41-0201", None, "I -", "GE1/0/0", "r1", None),
            ("192.168.1.1", "00e0-fc41-0200", 17, "D-6", "GE1/0/0", "r1", None),
        ],
    ),
    "REF_DisplayArpTable_3_ARPOM_ex1.txt": (
        (1, 1, 0, 0, 0, 0),
        [
            ("10.0.0.1", "00e0-fcb8-d6b6", 19, "D-1", "GE1/0/0", None, None),
        ],
    ),
    "napalm-ce_display_arp.txt": (
        (17, 11, 0, 6, None, None),
        [
            ("10.128.92.110", "0c45-ba7d-83e0", None, "I", "MEth0/0/0", None, None),
            ("10.128.92.1", "781d-bacc-f501", 20, "D", "MEth0/0/0", None, None),
            ("10.128.92.2", "0022-a10e-b696", 19, "D", "MEth0/0/0", None, None),
            ("10.128.92.13", "f84a-bf54-86d3", 20, "D", "MEth0/0/0", None, None),
            ("10.128.92.41", "ac4e-915c-6572", 20, "D", "MEth0/0/0", None, None),
            ("10.128.92.46", "a8ca-7b7f-8a81", 13, "D", "MEth0/0/0", None, None),
            ("10.128.92.47", "a8ca-7b7f-8a83", 13, "D", "MEth0/0/0", None, None),
            ("10.128.92.82", "f84a-bf54-8663", 20, "D", "MEth0/0/0", None, None),
            ("10.128.92.97", "1047-8005-4a53", 20, "D", "MEth0/0/0", None, None),
            ("10.128.92.100", "0022-a10b-5710", 19, "D", "MEth0/0/0", None, None),
            ("10.128.92.101", "0022-a10f-6f3e", 19, "D", "MEth0/0/0", None, None),
            ("10.128.92.218", "3400-a30e-0893", 20, "D", "MEth0/0/0", None, None),
            ("192.168.200.3", "0c45-ba7d-83ee", None, "I", "Vlanif2000", None, None),
            ("192.168.200.6", "0c45-ba7d-83ee", None, "I", "Vlanif2000", None, None),
            ("192.168.200.8", "0c45-ba7d-83ee", None, "I", "Vlanif2000", None, None),
            ("192.168.255.1", "0c45-ba7d-83e6", None, "I", "Vlanif3000", None, None),
            ("192.168.100.4", "0c45-ba7d-83e4", None, "I", "Vlanif100", None, None),
        ],
    ),
    "outsmain-db-main_NE_RUN_DATA_id10_CX300_display_arp.txt": (
        (5, 3, 0, 2, None, None),
        [
            ("14.75.53.222", "032a-12a8-bcce", None, "I -", "Vlanif689", None, None),
            ("14.75.53.91", "032a-12a5-36cc", 16, "D-0", "Eth-T1", None, "689"),
            ("14.75.53.92", "032a-12ad-3501", 17, "D-0", "Eth-T1", None, "689"),
            ("14.75.53.201", "032a-12bf-ebc2", 19, "D-0", "Eth-T1", None, "689"),
            ("14.75.100.1", "032a-12a8-bccd", None, "I -", "MEth0/0/1", None, None),
        ],
    ),
    "CFG_ARP_Security_1.txt": (
        (5, 2, 0, 3, 0, 0),
        [
            ("192.168.1.200", "00e0-fc7f-7258", None, "I -", "GE0/1/0", None, None),
            ("172.16.1.180", "00e0-fc56-7741", 9, "D-0", "GE0/2/0", None, None),
            ("10.2.1.1", "00e0-fc11-8894", None, "I -", "GE0/1/1", None, None),
            ("10.1.1.1", "00e0-fc39-f564", None, "I -", "GE0/2/1", None, None),
            ("10.1.1.2", "00e0-fc22-18d5", 9, "D-3", "GE0/2/1", None, None),
        ],
    ),
    "CFG_Static_ARP_1.txt": (
        (3, 0, 3, 0, 0, 0),
        [
            ("10.1.1.1", "00e0-fc41-0200", None, "S--", None, None, None),
            ("10.1.1.2", "00e0-fc41-0202", None, "S--", None, None, None),
            ("10.1.1.3", "00e0-fc41-0204", None, "S--", None, None, None),
        ],
    ),
    "napalm-huawei-vrp_vrp5_display_arp_all.txt": (
        (17, 8, 0, 9, None, None),
        [
            ("192.168.0.1", "68cc-6e78-ad99", None, "I -", "Eth0/0/0", "__LOCAL_OAM_VPN__", None),
            ("10.26.13.124", "68cc-6e78-ad99", None, "I -", "Vlanif813", "DV", None),
            ("10.26.13.125", "0017-6111-7995", 0, "DF0", "GE0/2/1", "DV", "813/-"),
            ("10.132.179.205", "68cc-6e78-ad99", None, "I -", "Vlanif3104", None, None),
            ("10.132.179.206", "346a-c28f-eb9a", 3, "DF0", "GE0/2/2", None, "3104/-"),
            ("172.23.122.57", "68cc-6e78-ad9f", None, "I -", "GE0/2/5.903", None, None),
            ("172.23.122.56", "6412-259b-2588", 16, "D-0", "GE0/2/5.903", None, "903/-"),
        ],
    ),
    "napalm-huawei-vrp_vrp8_display_arp_all.txt": (
        (5, 2, 0, 3, 0, 0),
        [
            ("172.23.235.159", "dc99-140d-5340", None, "I -", "GE1/0/0", None, None),
            ("172.23.235.158", "a01c-8db1-aaf0", 14, "D-1", "GE1/0/0", None, None),
            ("172.23.235.161", "dc99-140d-5341", None, "I -", "GE1/0/1", None, None),
            ("172.23.235.160", "4cf5-5b97-cbb0", 16, "D-1", "GE1/0/1", None, None),
            ("1.1.1.1", "f44c-7f1f-658a", None, "I -", "GE0/0/0", None, None),
        ],
    ),
    "ntc-templates_huawei_vrp_display_arp_all.raw": (
        (5, 2, 0, 3, None, None),
        [
            ("192.168.1.253", "b076-1b65-6a40", None, "I -", "MEth0/0/1", None, None),
            ("10.10.10.1", "b076-1b65-6a4b", None, "I -", "Vlanif10", None, None),
            ("10.10.10.2", "b8d6-f6ff-739b", 17, "D-0", "XGE0/0/1", None, "10/-"),
            ("10.10.20.1", "b076-1b65-6a46", None, "I -", "Vlanif20", None, None),
            ("10.10.20.2", "b8d6-f6ff-7396", 17, "D-0", "XGE0/0/1", None, "20/-"),
        ],
    ),
    "outsmain-db-main_NE_RUN_DATA_id14_CX600_display_arp_all.txt": (
        (5, 5, 0, 4, 0, None),
        [
            ("14.75.146.218", "032a-1260-3163", None, "I -", "GE0/1/0", None, None),
            ("14.75.146.217", "032a-12c5-4e5c", 18, "D-5", "GE0/1/0", None, None),
            ("14.75.100.2", "032a-125c-091b", None, "I -", "GE0/0/0", None, "562/28"),
            ("14.75.223.229", "032a-121d-7a1b", None, "I -", "GE4/0/0.562", "garden-2", "562/211"),
            ("14.75.223.230", "032a-120c-f225", 5, "D-4", "GE4/0/0.562", "garden-2", "562/-"),
        ],
    ),
    "ntc-templates_huawei_vrp_display_arp_brief.raw": (
        (3, 2, 0, 1, None, None),
        [
            ("192.168.120.251", "60de-4474-9640", None, "I -", "Vlanif1", None, None),
            ("192.168.120.1", "7054-f5df-9b40", 3, "D-0", "GE0/0/0", None, "1/-"),
            ("192.168.120.252", "04f9-3895-8300", 19, "D-0", "GE0/0/0", None, "1/-"),
        ],
    ),
    "ntc-templates_huawei_vrp_display_arp_brief2.raw": (
        (4, 1, 0, 3, None, None),
        [
            ("192.168.1.1", "fc73-fb9e-601c", None, "I -", "Vlanif1", None, None),
            ("192.168.1.118", "a078-17b2-7bc0", 20, "D-0", "Wlan-Bss7", None, "1/-"),
            ("192.168.120.1", "fc73-fb9e-601c", None, "I -", "Vlanif2", None, "10/-"),
            ("100.95.15.241", "fc73-fb9e-601c", None, "I -", "Vlanif100", None, None),
        ],
    ),
    "CE_CFG_IS-IS_DIS_Election_1.txt": (
        (1, 0, 0, 1, None, None),
        [
            ("10.1.1.1", "00e0-fc10-afec", None, "I -", "100GE1/0/1", None, None),
        ],
    ),
    "CE_CFG_IS-IS_DIS_Election_2.txt": (
        (1, 0, 0, 1, None, None),
        [
            ("10.1.1.2", "00e0-fccd-acdf", None, "I -", "100GE1/0/1", None, None),
        ],
    ),
    "CE_CFG_IS-IS_DIS_Election_3.txt": (
        (1, 0, 0, 1, None, None),
        [
            ("10.1.1.3", "00e0-fc50-25fe", None, "I -", "100GE1/0/1", None, None),
        ],
    ),
    "CE_CFG_IS-IS_DIS_Election_4.txt": (
        (1, 0, 0, 1, None, None),
        [
            ("10.1.1.4", "00e0-fcfd-305c", None, "I -", "100GE1/0/1", None, None),
        ],
    ),
    "CFG_IS-IS_DIS_Election_1.txt": (
        (1, 0, 0, 1, 0, 0),
        [
            ("10.1.1.1", "00e0-fc10-afec", None, "I -", "GE0/1/0", None, None),
        ],
    ),
    "CFG_IS-IS_DIS_Election_2.txt": (
        (1, 0, 0, 1, 0, 0),
        [
            ("10.1.1.2", "00e0-fccd-acdf", None, "I -", "GE0/1/0", None, None),
        ],
    ),
    "CFG_IS-IS_DIS_Election_3.txt": (
        (1, 0, 0, 1, 0, 0),
        [
            ("10.1.1.3", "00e0-fc50-25fe", None, "I -", "GE0/1/0", None, None),
        ],
    ),
    "CFG_IS-IS_DIS_Election_4.txt": (
        (1, 0, 0, 1, 0, 0),
        [
            ("10.1.1.4", "00e0-fcf0-23ed", None, "I -", "GE0/1/0", None, None),
        ],
    ),
    "CFG_a_QinQ_VLAN_Tag_Termination_Sub-interface_to_Support_the_Local_Con_2.txt": (
        (2, 1, 0, 1, 0, None),
        [
            ("10.1.1.1", "00e0-fc12-3456", None, "I", "GigabitEthernet0/1/3", None, None),
            ("10.1.1.2", "00e0-fc12-3457", 14, "D", "GigabitEthernet0/1/3", None, None),
        ],
    ),
    "REF_DisplayArpTable_ARPOM_ex1.txt": (
        (2, 1, 0, 1, 0, 0),
        [
            ("192.168.1.11", "00e0-fc41-0201", None, "I -", "GE1/0/1", "r1", None),
            ("192.168.1.1", "00e0-fc41-0200", 15, "D-6", "GE1/0/1", "r1", None),
        ],
    ),
}  # fmt: skip


@pytest.mark.parametrize("path", ALL_SAMPLES)
def test_arp_samples(path: Path) -> None:
    table = parse_arp_table(read(path), engine="textfsm")
    counts = ("total", "dynamic", "static", "interface", "remote", "redirect")
    footer = tuple(getattr(table, name) for name in counts)
    key = short_name(path)
    if key in TABLES:
        assert (footer, [tuple(e) for e in table.entries]) == TABLES[key]
    else:
        assert footer == (209, 110, 0, 44, 0, 0)
        assert len(table.entries) == 209


@pytest.mark.parametrize("path", ALL_SAMPLES)
def test_both_engines_agree_on_samples(path: Path, caplog: pytest.LogCaptureFixture) -> None:
    text = read(path)
    with caplog.at_level(logging.DEBUG, logger=arp_module.__name__):
        fast = parse_arp_table(text)
    assert fast == parse_arp_table(text, engine="textfsm")
    # Every real sample has its body between two rules and only rows in it: the findall path.
    assert "every line through the rules" not in caplog.text


@pytest.mark.parametrize(
    "path", [p for folder in ("display_arp_all", "display_arp_brief") for p in ntc_params(folder)]
)
@pytest.mark.parametrize("engine", ["textfsm", "regex"])
def test_matches_ntc_templates_expected_parse(path: Path, engine: ArpEngine) -> None:
    keys = ("ip_address", "mac_address", "expire", "type", "interface", "vpn_instance")
    expected = [tuple(r.get(k, "") for k in keys) for r in expected_parse(path)]
    table = parse_arp_table(read(path), engine=engine)
    ours = [
        tuple("" if v is None else str(v) for v in (*e[:4], e.interface, e.vpn_instance))
        for e in table.entries
    ]
    assert ours == expected


def test_the_type_column_drives_the_entry_properties() -> None:
    remote = ArpEntry("10.0.0.5", "00e0-fc00-0005", None, "R-1", "Eth-Trunk10", None, None)
    dynamic = remote._replace(type="D-1", expire_min=20)
    own = remote._replace(type="I -")
    static = remote._replace(type="S--", interface=None)
    assert [
        (PROFILE.backed_up(e.type), e.is_dynamic, e.is_interface, e.is_static)
        for e in (remote, dynamic, own, static)
    ] == [
        (True, False, False, False),
        (False, True, False, False),
        (False, False, True, False),
        (False, False, False, True),
    ]


def test_backed_up_entries_and_remote_footer() -> None:
    entries = generated_entries(16)
    table = parse_arp_table(render_arp_table(entries, crlf=True))
    assert table.entries == tuple(entries)
    assert [e.ip for e in table.entries if PROFILE.backed_up(e.type)] == [
        f"10.0.0.{n}" for n in range(1, 16, 2)
    ]
    assert (table.total, table.dynamic, table.remote, table.redirect) == (16, 8, 8, 0)


IPS = st.ip_addresses(v=4).map(str)
MACS = st.integers(0, 2**48 - 1).map(lambda n: "-".join(f"{n:012x}"[i : i + 4] for i in (0, 4, 8)))
INTERFACES = st.sampled_from(["Eth-Trunk10", "Eth-Trunk10.100", "GE0/1/0", "GE0/2/1.3001"])
VPNS = st.none() | st.builds(
    str.__add__,
    st.sampled_from(string.ascii_letters + "_"),
    st.text(string.ascii_letters + string.digits + "_.-", max_size=15),
)
VLANS = st.none() | st.builds(
    lambda outer, inner: f"{outer}/{inner}", st.integers(1, 4094), st.sampled_from(["-", "10"])
)
SLOTS = st.integers(0, 16)


@st.composite
def arp_entries(draw: st.DrawFn) -> ArpEntry:
    kind = draw(st.sampled_from("IDSR"))
    ip, mac = draw(IPS), draw(MACS)
    if kind == "S":  # static entries may have no interface
        interface = draw(st.none() | INTERFACES)
        vpn = draw(VPNS) if interface else None
        return ArpEntry(ip, mac, None, "S--", interface, vpn, draw(VLANS) if interface else None)
    expire = draw(st.integers(0, 20)) if kind == "D" else None
    type_ = {"I": "I -", "D": f"D-{draw(SLOTS)}", "R": f"R-{draw(SLOTS)}"}[kind]
    return ArpEntry(ip, mac, expire, type_, draw(INTERFACES), draw(VPNS), draw(VLANS))


@settings(max_examples=200)
@given(entries=st.lists(arp_entries(), max_size=40), crlf=st.booleans(), echo=st.booleans())
def test_rendered_ne40e_table_parses_back(entries: list[ArpEntry], crlf: bool, echo: bool) -> None:
    text = render_arp_table(entries, crlf=crlf, echo="[~PE1] display arp all" if echo else None)
    engines: tuple[ArpEngine, ...] = ("textfsm", "regex")
    for engine in engines:
        table = parse_arp_table(text, engine=engine)
        assert table.entries == tuple(entries)
        assert table.total == len(entries)
        assert table.remote == sum(PROFILE.backed_up(e.type) for e in entries)


@pytest.mark.slow  # 64,000-row tables: outside the default run, .ci/run runs it
def test_64k_row_table_both_engines_identical() -> None:
    entries = generated_entries(65536)
    text = render_arp_table(entries)
    fast = parse_arp_table(text, engine="regex")
    assert fast.entries == tuple(entries)
    assert (fast.total, fast.dynamic, fast.remote) == (65536, 32768, 32768)
    assert parse_arp_table(text, engine="textfsm") == fast


@pytest.mark.parametrize("rows", [0, 1, 4, 100, 400])
def test_default_engine_never_runs_textfsm(rows: int, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_textfsm(*args: object) -> None:
        raise AssertionError("TextFSM ran")

    monkeypatch.setattr(textfsm.TextFSM, "ParseTextToDicts", no_textfsm)
    monkeypatch.setattr(textfsm.TextFSM, "ParseText", no_textfsm)
    text = render_arp_table(generated_entries(rows))
    blank_in_body = text.replace("\n10.0.0.0 ", "\n\n10.0.0.0 ")
    assert parse_arp_table(text).entries == tuple(generated_entries(rows))
    assert parse_arp_table(blank_in_body).entries == tuple(generated_entries(rows))
    with pytest.raises(UnsupportedLayout, match="unrecognised line 'junk'"):
        parse_arp_table(text + "junk\n")


BAD_LINES = [
    "10.0.0.300x   00e0-fc00-0001  20        D-1         Eth-Trunk10",
    "10.0.0.1      00e0-fc00-01    20        D-1         Eth-Trunk10",
    "10.0.0.1      00e0-fc00-0001  20        D-1         Eth-Trunk10  vpn1  10/-  7  extra",
    "some text the device never prints",
    "  Info: no entry.  ",  # quoted whole: with its final dot, without the blanks around
    "                                          100/- 7 extra",
]


@pytest.mark.parametrize("engine", ["textfsm", "regex"])
@pytest.mark.parametrize("bad_line", BAD_LINES)
@pytest.mark.parametrize(
    "where", [1, 3, 6, -3, -1], ids=["header", "first-row", "body", "footer", "end"]
)
def test_unrecognised_line_is_rejected_by_both_engines(
    engine: ArpEngine, bad_line: str, where: int
) -> None:
    lines = render_arp_table(generated_entries(6)).split("\n")
    lines.insert(where, bad_line)
    with pytest.raises(UnsupportedLayout) as raised:
        parse_arp_table("\n".join(lines), engine=engine)
    assert str(raised.value) == f"display arp: unrecognised line {bad_line.strip()!r}"
    assert raised.value.command == "display arp"


@pytest.mark.parametrize("engine", ["textfsm", "regex"])
def test_the_first_unrecognised_line_is_named(engine: ArpEngine) -> None:
    lines = render_arp_table(generated_entries(6)).split("\n")
    lines[5:5] = ["first junk"]
    lines[-2:-2] = ["second junk"]
    with pytest.raises(UnsupportedLayout, match=r"^display arp: unrecognised line 'first junk'$"):
        parse_arp_table("\n".join(lines), engine=engine)


@pytest.mark.parametrize("engine", ["textfsm", "regex"])
def test_device_error_reply_is_a_parse_error(engine: ArpEngine) -> None:
    text = (
        "<PE1> display arp interface Eth-Trunk99\nError: Wrong parameter found at '^' position.\n"
    )
    with pytest.raises(ParseError) as raised:
        parse_arp_table(text, engine=engine)
    assert not isinstance(raised.value, UnsupportedLayout)
    assert str(raised.value) == (
        "display arp: device replied \"Error: Wrong parameter found at '^' position.\""
    )


@pytest.mark.parametrize("engine", ["textfsm", "regex"])
def test_output_without_rules(engine: ArpEngine) -> None:
    rows = render_rows(generated_entries(3))
    table = parse_arp_table("\n".join(rows) + "\n", engine=engine)
    assert table.entries == tuple(generated_entries(3))
    assert table.total is None
    assert parse_arp_table("", engine=engine) == ArpTable((), None, None, None, None, None, None)


def _outcome(text: str, engine: ArpEngine) -> ArpTable | tuple[str, str]:
    try:
        return parse_arp_table(text, engine=engine)
    except ParseError as exc:
        return type(exc).__name__, str(exc)


HEADER = render_arp_table([], echo=None).split("\n")[:2]
FOOTER = render_arp_table(generated_entries(3), echo=None).split("\n")[-3:-1]
OTHER_LINES = st.sampled_from(
    [
        *HEADER,
        *FOOTER,
        RULE,
        "",
        "   ",
        "Total:3         Dynamic:1       Static:0     Interface:2",
        "ARP timeout:1200s",
        "ARP Entry Types: D - Dynamic, S - Static, I - Interface",
        "EXP: Expire-time",
        "                                          100/-",
        "   7/10 PVC",
        "10.0.0.1 junk",
        "Info: no entry.",
        "Error: Unrecognized command found at '^' position.",
        "<PE1>",
        "[~PE1] display arp all",
    ]
)
JUNK = st.text(st.sampled_from(" \t-0123456789./:aDIRSVLAN\x0b\x0c\x1c\x85\u2028"), max_size=40)


ROW_LINES = st.lists(arp_entries(), min_size=1, max_size=3).map(render_rows)
BODY_LINE = st.one_of(ROW_LINES, ROW_LINES, ROW_LINES, st.lists(OTHER_LINES | JUNK, max_size=1))
EDGE_LINE = st.one_of(ROW_LINES, st.lists(OTHER_LINES | JUNK, min_size=1, max_size=1))


@settings(max_examples=400, deadline=None)
@given(
    head=st.lists(EDGE_LINE, max_size=4),
    body=st.lists(BODY_LINE, max_size=6),
    foot=st.lists(EDGE_LINE, max_size=4),
    rules=st.sampled_from([(RULE, RULE), (RULE, None), (None, None), (RULE + " \t", "-" * 10)]),
    end=st.sampled_from(["\n", "", "\r\n"]),
)
def test_engines_agree_on_any_text(
    head: list[list[str]],
    body: list[list[str]],
    foot: list[list[str]],
    rules: tuple[str | None, str | None],
    end: str,
) -> None:
    lines = [line for group in head for line in group]
    lines += [rules[0]] if rules[0] else []
    lines += [line for group in body for line in group]
    lines += [rules[1]] if rules[1] else []
    lines += [line for group in foot for line in group]
    text = end.join(lines) + end
    assert _outcome(text, "regex") == _outcome(text, "textfsm")


@pytest.mark.slow  # 64,000-row tables: outside the default run, .ci/run runs it
def test_concurrent_parses_leave_the_garbage_collector_enabled() -> None:
    # Each parse pauses the collector; interleaved pauses must not leave it off for good.
    text = render_arp_table(generated_entries(20))
    switch = sys.getswitchinterval()
    assert gc.isenabled()
    try:
        sys.setswitchinterval(1e-6)  # switch threads as often as possible
        for _ in range(3):  # a plain save/disable/restore failed ~70% of these rounds
            with ThreadPoolExecutor(max_workers=8) as pool:
                tables = list(pool.map(lambda _: parse_arp_table(text), range(2000)))
            assert gc.isenabled()
            assert all(t.entries == tables[0].entries for t in tables)
    finally:
        sys.setswitchinterval(switch)


def test_blank_lines_inside_the_table_are_tolerated_by_both_engines() -> None:
    text = render_arp_table(generated_entries(6)).replace("\n10.0.0.3 ", "\n\n   \n10.0.0.3 ")
    assert parse_arp_table(text, engine="regex") == parse_arp_table(text, engine="textfsm")
    assert len(parse_arp_table(text, engine="regex").entries) == 6


def test_unknown_header_is_rejected() -> None:
    text = render_arp_table(generated_entries(2)).replace(
        "IP ADDRESS      MAC ADDRESS", "IP      MAC"
    )
    engines: tuple[ArpEngine, ...] = ("textfsm", "regex")
    for engine in engines:
        with pytest.raises(UnsupportedLayout, match=r"^display arp: unrecognised line 'IP +MAC"):
            parse_arp_table(text, engine=engine)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<HUAWEI> display arp statistics all\n"
         "Dynamic:106       Static:0       Remote: 0       Redirect:800\n",
         ArpStatistics(dynamic=106, static=0, remote=0, redirect=800)),
        ("Dynamic:0       Static:0       Remote: 3\nRedirect:0\n", ArpStatistics(0, 0, 3, 0)),
        ("Dynamic:12       Static:1\n", ArpStatistics(12, 1, None, None)),
    ],
)  # fmt: skip
def test_arp_statistics(text: str, expected: ArpStatistics) -> None:
    assert parse_arp_statistics(text) == expected


def test_arp_statistics_other_layout_is_rejected() -> None:
    with pytest.raises(UnsupportedLayout, match="display arp statistics: unrecognised line"):
        parse_arp_statistics("Slot 1: 5 entries\n")


@pytest.mark.parametrize("enabled", [True, False])
def test_fast_path_leaves_the_garbage_collector_as_it_was(enabled: bool) -> None:
    good = render_arp_table(generated_entries(300))
    bad = good.replace("\n10.0.0.7 ", "\nnot a row\n10.0.0.7 ")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        parse_arp_table(good, engine="regex")
        assert gc.isenabled() is enabled
        with pytest.raises(UnsupportedLayout, match="unrecognised line 'not a row'"):
            parse_arp_table(bad, engine="regex")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
