"""display current-configuration: the hierarchical parser."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nornir_arpha.parsers import ConfigSection, parse_config
from tests.parsers.samples import read, sample_params, short_name

SCENARIO = """\
<PE1> display current-configuration
!Software Version V800R012C10SPC300
#
sysname PE1
#
e-trunk 1
 priority 10
 peer-address 10.0.0.2 source-address 10.0.0.1
#
remote-backup-service rbs1
 peer 10.0.0.2 source 10.0.0.1 port 6001
#
remote-backup-profile rbp1
 service-type arp
 backup-id 1 remote-backup-service rbs1
 peer-backup hot
 e-trunk 1 eth-trunk 10
#
interface Eth-Trunk10
 ip address 192.168.10.1 255.255.255.0
 e-trunk 1
 e-trunk mode force-master
 remote-backup-profile rbp1
#
interface GigabitEthernet0/1/0
 undo shutdown
 eth-trunk 10
#
ospf 1
 area 0.0.0.0
  network 10.0.0.0 0.0.0.255
 #
#
return
<PE1>
"""


def test_scenario_sections() -> None:
    tree = parse_config(SCENARIO)
    assert tree.top_level_lines == (
        "sysname PE1",
        "e-trunk 1",
        "remote-backup-service rbs1",
        "remote-backup-profile rbp1",
        "interface Eth-Trunk10",
        "interface GigabitEthernet0/1/0",
        "ospf 1",
    )
    assert tree.section("remote-backup-service rbs1") == (
        "peer 10.0.0.2 source 10.0.0.1 port 6001",
    )
    assert tree.section("remote-backup-profile  rbp1") == (
        "service-type arp",
        "backup-id 1 remote-backup-service rbs1",
        "peer-backup hot",
        "e-trunk 1 eth-trunk 10",
    )
    assert tree.section("sysname PE1") == ()
    assert tree.section("interface Eth-Trunk20") is None
    assert tree.section("ospf 1") == ("area 0.0.0.0", " network 10.0.0.0 0.0.0.255")
    assert [s.header for s in tree.sections_starting("interface ")] == [
        "interface Eth-Trunk10",
        "interface GigabitEthernet0/1/0",
    ]
    assert tree.sections_starting("interface Eth")[0].children[-1] == "remote-backup-profile rbp1"


def test_crlf_and_80_column_padding() -> None:
    padded = "\r\n".join(line.ljust(80) if line.strip() else line for line in SCENARIO.split("\n"))
    assert parse_config(padded) == parse_config(SCENARIO)


def test_duplicate_headers_are_merged() -> None:
    tree = parse_config("e-trunk 1\n#\ne-trunk 1\n priority 10\n#\n")
    assert tree.section("e-trunk 1") == ("priority 10",)
    assert tree.top_level_lines == ("e-trunk 1", "e-trunk 1")


# Per sample: (sections, "interface ..." sections, a section header, its children).
CONFIGS: dict[str, tuple[int, int, str, tuple[str, ...]]] = {
    "galizanet-napalm-huawei-vrp_initial.conf": (
        381, 174, "ip vpn-instance MGMT",
        ("ipv4-family", " route-distinguisher 64512:1", " vpn-target 64512:1 export-extcommunity",
         " vpn-target 64512:1 import-extcommunity"),
    ),
    "CE_CFG_an_Eth-Trunk_Interface_to_Work_in_Static_LACP_Mode_cfg1.txt": (
        6, 4, "interface Eth-Trunk1", ("mode lacp-static", "lacp max active-linknumber 2"),
    ),
    "CFG_MLD_Dual-Device_Hot_Backup_in_an_E-Trunk_Scenario_cfg1.txt": (
        15, 6, "remote-backup-profile profile1",
        ("service-type mld", "backup-id 10 remote-backup-service service1", "peer-backup hot",
         "e-trunk 1 eth-trunk 1"),
    ),
    "CFG_an_E-Trunk_for_VPLS_Dual-Homing_Access_cfg2.txt": (
        19, 5, "vsi ldp1 static",
        ("pwsignal ldp", " vsi-id 2", " mac-withdraw enable",
         " interface-status-change mac-withdraw enable", " peer 2.2.2.9", "ignore-ac-state"),
    ),
    "CFG_PBB_VPLS_with_an_E-Trunk_Determining_the_Master_and_Backup_Status__cfg5.txt": (
        21, 7, "e-trunk 1",
        ("priority 10", "peer-address 5.5.5.5 source-address 3.3.3.3",
         "e-trunk track bfd-session session-name hello"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("path", sample_params("display_current-configuration"))
def test_config_samples(path: Path) -> None:
    tree = parse_config(read(path))
    for section in tree.sections:
        assert section.header == section.header.strip()
        assert not section.header.startswith(("#", "!"))
        assert section.header != "return"
        assert all(child == child.rstrip() and child.strip() != "#" for child in section.children)
        assert all(not child[0].isspace() for child in section.children[:1])
    key = short_name(path)
    if key in CONFIGS:
        count, interfaces, header, children = CONFIGS[key]
        assert len(tree.sections) == count
        assert len(tree.sections_starting("interface ")) == interfaces
        assert tree.section(header) == children
    else:
        assert tree.sections


WORDS = st.text(string.ascii_lowercase + string.digits + "-./:", min_size=1, max_size=12)
LINES = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
SECTIONS = st.lists(
    st.builds(
        ConfigSection,
        header=LINES.filter(lambda line: line != "return"),
        children=st.lists(st.tuples(st.booleans(), LINES), max_size=5).map(
            # a nested child only after a first-level one
            lambda rows: tuple(
                (" " if nested and i else "") + line for i, (nested, line) in enumerate(rows)
            )
        ),
    ),
    max_size=8,
)


@given(sections=SECTIONS, separators=st.booleans())
def test_rendered_config_parses_back(sections: list[ConfigSection], separators: bool) -> None:
    lines = ["#"]
    for section in sections:
        lines += [section.header, *(" " + child for child in section.children)]
        if separators:
            lines.append("#")
    lines.append("return")
    assert parse_config("\n".join(lines)).sections == tuple(sections)
