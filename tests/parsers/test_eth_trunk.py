"""display eth-trunk [ID] / display eth-trunk brief."""

from __future__ import annotations

from pathlib import Path

import pytest

from nornir_arpha.parsers import (
    EthTrunkBrief,
    ParseError,
    UnsupportedLayout,
    parse_eth_trunk,
    parse_eth_trunk_brief,
    parse_eth_trunks,
)
from tests.parsers.samples import (
    expected_parse,
    ntc_params,
    read,
    sample_params,
    sample_text,
    short_name,
)

# Per trunk: (trunk_id, working_mode, operate_status, up_port_count, [(port, status, weight)]).
TRUNKS: dict[str, list[tuple[object, ...]]] = {
    "CE_CFG_Link_Aggregation_in_Manual_Load_Balancing_Mode_1.txt": [
        (
            1, "Normal", "up", 3,
            [("100GE1/0/1", "Up", 1), ("100GE1/0/2", "Up", 1), ("100GE1/0/3", "Up", 1)],
        ),
    ],
    "CE_CFG_an_Eth-Trunk_Interface_to_Work_in_Dynamic_LACP_Mode_1.txt": [
        (
            1, "Dynamic", "up", 0,
            [("100GE1/0/1", "Indep", 1), ("100GE1/0/2", "Indep", 1), ("100GE1/0/3", "Indep", 1)],
        ),
    ],
    "CE_CFG_an_Eth-Trunk_Interface_to_Work_in_Dynamic_LACP_Mode_2.txt": [
        (
            1, "Dynamic", "up", 2,
            [
                ("100GE1/0/1", "Selected", 1), ("100GE1/0/2", "Selected", 1),
                ("100GE1/0/3", "Unselect", 1),
            ],
        ),
    ],
    "CE_CFG_an_Eth-Trunk_Interface_to_Work_in_Manual_Mode_1.txt": [
        (
            1, "Normal", "up", 3,
            [("100GE1/0/1", "Up", 1), ("100GE1/0/2", "Up", 1), ("100GE1/0/3", "Up", 1)],
        ),
    ],
    "CE_CFG_an_Eth-Trunk_Interface_to_Work_in_Static_LACP_Mode_1.txt": [
        (
            1, "Static", "up", 2,
            [
                ("100GE1/0/1", "Selected", 1), ("100GE1/0/2", "Selected", 1),
                ("100GE1/0/3", "Unselect", 1),
            ],
        ),
    ],
    "CE_CFG_an_Eth-Trunk_Interface_to_Work_in_Static_LACP_Mode_2.txt": [
        (
            1, "Static", "up", 2,
            [
                ("100GE1/0/1", "Selected", 1), ("100GE1/0/2", "Selected", 1),
                ("100GE1/0/3", "Unselect", 1),
            ],
        ),
    ],
    "CE_CFG_an_Inter-Device_Eth-Trunk_in_LACP_Mode_1.txt": [
        (
            1, "Static", "up", 4,
            [
                ("100GE1/0/1", "Selected", 1), ("100GE1/0/2", "Selected", 1),
                ("100GE1/0/3", "Selected", 1), ("100GE1/0/4", "Selected", 1),
            ],
        ),
    ],
    "CE_CFG_an_Inter-Device_Eth-Trunk_in_LACP_Mode_2.txt": [
        (1, "Static", "up", 2, [("100GE1/0/1", "Selected", 1), ("100GE1/0/2", "Selected", 1)]),
    ],
    "CE_CFG_an_Inter-Device_Eth-Trunk_in_LACP_Mode_3.txt": [
        (1, "Static", "up", 2, [("100GE1/0/1", "Selected", 1), ("100GE1/0/2", "Selected", 1)]),
    ],
    "CFG_Dual-Device_IGMP_Hot_Backup_5.txt": [
        (1, "STATIC", "up", 1, [("GigabitEthernet0/1/2", "Selected", 1)]),
    ],
    "CFG_Dual-Device_IGMP_Hot_Backup_6.txt": [
        (1, "STATIC", "down", 0, [("GigabitEthernet0/1/3", "Unselect", 1)]),
    ],
    "CFG_Dual-Homing_Active-Active_EVPN_VPWS_over_MPLS__Eth-Trunk_Sub-inter_1.txt": [
        (10, "STATIC", "up", 1, [("GigabitEthernet0/1/0", "Selected", 1)]),
    ],
    "CFG_EVPN_VPLS_over_IS-IS_SRv6_BE__CE_Dual-Homing_1.txt": [
        (10, "NORMAL", "up", 1, [("GigabitEthernet0/3/0", "Up", 1)]),
    ],
    "CFG_EVPN_VPLS_over_IS-IS_SRv6_BE__CE_Dual-Homing_2.txt": [
        (20, "STATIC", "up", 1, [("GigabitEthernet0/1/1", "Selected", 1)]),
    ],
    "CFG_EVPN_VPLS_over_IS-IS_SRv6_BE__CE_Dual-Homing_3.txt": [
        (10, "NORMAL", "up", 1, [("GigabitEthernet0/1/1", "Up", 1)]),
    ],
    "CFG_EVPN_VPLS_over_IS-IS_SRv6_BE__CE_Dual-Homing_4.txt": [
        (20, "STATIC", "down", 0, [("GigabitEthernet0/3/0", "Unselect", 1)]),
    ],
    "CFG_EVPN_VPWS_over_IS-IS_SRv6_BE__CE_Dual-Homing_in_Active-Active_Mode_1.txt": [
        (10, "STATIC", "up", 1, [("GigabitEthernet0/3/0", "Selected", 1)]),
    ],
    "CFG_EVPN_VPWS_over_IS-IS_SRv6_BE__CE_Dual-Homing_in_Single-Active_Mode_2.txt": [
        (10, "NORMAL", "down", 0, [("GigabitEthernet0/3/0", "Down", 1)]),
    ],
    "CFG_Eth-Trunk_Interfaces_in_Manual_1_1_Master_and_Backup_Mode_1.txt": [
        (
            1, "BACKUP", None, None,
            [("GigabitEthernet0/1/1", "M", None), ("GigabitEthernet0/2/1", "S", None)],
        ),
    ],
    "CFG_MLD_Dual-Device_Hot_Backup_in_an_E-Trunk_Scenario_5.txt": [
        (1, "STATIC", "up", 1, [("GigabitEthernet0/1/2", "Selected", 1)]),
    ],
    "CFG_MLD_Dual-Device_Hot_Backup_in_an_E-Trunk_Scenario_6.txt": [
        (1, "STATIC", "down", 0, [("GigabitEthernet0/1/3", "Unselect", 1)]),
    ],
    "CFG_an_E-Trunk_for_VPLS_Dual-Homing_Access_2.txt": [
        (
            10, "STATIC", "up", 1,
            [("GigabitEthernet0/1/1", "Selected", 1), ("GigabitEthernet0/2/1", "Unselect", 1)],
        ),
    ],
    "CFG_an_Eth-Trunk_Interface_in_Static_LACP_Mode_1.txt": [
        (
            1, "STATIC", "up", 2,
            [
                ("GigabitEthernet0/1/1", "Selected", 1), ("GigabitEthernet0/2/1", "Selected", 1),
                ("GigabitEthernet0/3/0", "Unselect", 1),
            ],
        ),
    ],
    "CFG_an_Eth-Trunk_Interface_in_Static_LACP_Mode_2.txt": [
        (
            1, "STATIC", "up", 2,
            [
                ("GigabitEthernet0/1/1", "Selected", 1), ("GigabitEthernet0/2/1", "Selected", 1),
                ("GigabitEthernet0/3/0", "Unselect", 1),
            ],
        ),
    ],
    "CFG_mLACP-based_Dual-Homing_Access_Protection_1.txt": [
        (
            10, "STATIC", "up", 1,
            [("GigabitEthernet0/1/1", "Selected", 1), ("GigabitEthernet0/2/1", "Unselect", 1)],
        ),
    ],
    "REF_DisplayEthTrunkCfgInfo_IFMTRUNKOM_ex2.txt": [
        (
            10, "STATIC", "up", 2,
            [
                ("GigabitEthernet1/0/2", "Selected", 1), ("GigabitEthernet1/0/3", "Selected", 1),
                ("GigabitEthernet1/0/4", "Unselect", 1),
            ],
        ),
        (
            20, "NORMAL", "up", 1,
            [("GigabitEthernet1/0/1", "Up", 1), ("GigabitEthernet1/0/2", "Offline", 1)],
        ),
    ],
    "REF_DisplayEthTrunkCfgInfo_IFMTRUNKOM_ex3.txt": [
        (
            20, "NORMAL", "up", 1,
            [("GigabitEthernet1/0/1", "Up", 1), ("GigabitEthernet1/0/2", "Offline", 1)],
        ),
    ],
    "REF_DisplayEthTrunkCfgInfo_IFMTRUNKOM_ex4.txt": [
        (
            10, "STATIC", "up", 2,
            [
                ("GigabitEthernet1/0/2", "Selected", 1), ("GigabitEthernet1/0/3", "Selected", 1),
                ("GigabitEthernet1/0/4", "Unselect", 1),
            ],
        ),
    ],
    "REF_DisplayEthTrunkCfgInfo_IFMTRUNKOM_ex5.txt": [
        (
            20, "NORMAL", "up", 1,
            [("GigabitEthernet1/0/1", "Up", 1), ("GigabitEthernet1/0/2", "Offline", 1)],
        ),
    ],
    "REF_DisplayEthTrunkCfgInfo_IFMTRUNKOM_ex6.txt": [
        (
            10, "STATIC", "up", 2,
            [
                ("GigabitEthernet1/0/2", "Selected", 1), ("GigabitEthernet1/0/3", "Selected", 1),
                ("GigabitEthernet1/0/4", "Unselect", 1),
            ],
        ),
    ],
    "REF_DisplayEthTrunkCfgInfo_IFMTRUNKOM_ex7.txt": [
        (
            10, "STATIC", "up", 2,
            [("GigabitEthernet1/0/1", "Unselect", 2), ("GigabitEthernet1/0/3", "Selected", 1)],
        ),
    ],
    "REF_DisplayEthTrunkCfgInfo_IFMTRUNKOM_ex8.txt": [
        (
            1, "BACKUP", None, None,
            [("GigabitEthernet1/0/1", "M", None), ("GigabitEthernet1/0/2", "S", None)],
        ),
    ],
    "netdoc_169.254.1.1-display_eth-trunk.raw": [
        (0, "NORMAL", "down", 0, [("40GE0/0/1", "Down", 1)]),
    ],
    "ntc-templates_huawei_vrp_display_eth-trunk.raw": [
        (
            0, "NORMAL", "up", 2,
            [("GigabitEthernet0/0/27", "Up", 1), ("GigabitEthernet0/0/28", "Up", 1)],
        ),
        (
            1, "LACP", "up", 2,
            [("GigabitEthernet0/0/11", "Selected", 1), ("GigabitEthernet0/0/12", "Selected", 1)],
        ),
    ],
    "ntc-templates_huawei_vrp_display_eth-trunk2.raw": [
    ],
}  # fmt: skip
BRIEFS = {
    "REF_DisplayEthTrunkCfgInfo_IFMTRUNKOM_ex1.txt": [
        EthTrunkBrief("Eth-Trunk1", 1, "NORMAL", "Up", "M", 2, 0, 2, 200),
        EthTrunkBrief("Eth-Trunk2", 2, "NORMAL", "Up", "S", 1, 0, 1, 100),
        EthTrunkBrief("Eth-Trunk3", 3, "NORMAL", "Down", None, 0, 0, 0, 0),
    ],
}
# A 2014 CX300 (VRP5) capture prints a second trunk as a bare "Local:" block, without the
# "Eth-Trunk2's state information is:" line: not a layout these parsers accept.
UNSUPPORTED = {
    "outsmain-db-main_NE_RUN_DATA_id12_CX300_display_eth-trunk.txt": "trunk block without its",
}


@pytest.mark.parametrize("path", sample_params("display_eth-trunk"))
def test_eth_trunk_samples(path: Path) -> None:
    key = short_name(path)
    if key in BRIEFS:
        assert parse_eth_trunk_brief(read(path)) == BRIEFS[key]
    elif key in UNSUPPORTED:
        with pytest.raises(UnsupportedLayout, match=f"^display eth-trunk: {UNSUPPORTED[key]}"):
            parse_eth_trunks(read(path))
    else:
        summary = [
            (
                t.trunk_id,
                t.working_mode,
                t.operate_status,
                t.up_port_count,
                [(p.name, p.status, p.weight) for p in t.members],
            )
            for t in parse_eth_trunks(read(path))
        ]
        assert summary == TRUNKS[key]


@pytest.mark.parametrize("path", ntc_params("display_eth-trunk"))
def test_matches_ntc_templates_expected_parse(path: Path) -> None:
    # ntc-templates gives one row per actor port (and one per partner port, status empty).
    trunk_keys = ("eth_trunk", "working_mode", "operate_status", "number_of_up_port_in_trunk")
    expected = [
        tuple(r[k] for k in (*trunk_keys, "interface", "status", "weight"))
        for r in expected_parse(path)
        if r["status"]
    ]
    ours = [
        (
            t.name,
            t.working_mode,
            t.operate_status,
            str(t.up_port_count),
            p.name,
            p.status,
            str(p.weight),
        )
        for t in parse_eth_trunks(read(path))
        for p in t.members
    ]
    assert ours == expected


def test_lacp_trunk_details() -> None:
    name = "hwdoc-ne40e-v800r012c10-cmdref_DisplayEthTrunkCfgInfo_IFMTRUNKOM_ex2.txt"
    static, normal = parse_eth_trunks(sample_text("display_eth-trunk", name))
    assert (static.lag_id, static.system_id, static.hash_arithmetic) == (
        10,
        "00e0-fc12-3456",
        "According to flow",
    )
    assert (normal.lag_id, normal.system_id) == (None, None)


SIM_TRUNK = """\
<PE1> display eth-trunk 10
Eth-Trunk10's state information is:
WorkingMode: NORMAL         Hash arithmetic: According to flow
Least Active-linknumber: 1  Max Bandwidth-affected-linknumber: 32
Operate status: up          Number Of Up Ports In Trunk: 1
--------------------------------------------------------------------------------
PortName                      Status      Weight
GigabitEthernet0/1/0          Up          1
GigabitEthernet0/1/1          Down        1
<PE1>
"""


def test_single_trunk_with_trailing_prompt() -> None:
    trunk = parse_eth_trunk(SIM_TRUNK)
    assert (trunk.name, trunk.working_mode, trunk.operate_status) == ("Eth-Trunk10", "NORMAL", "up")
    assert trunk.up_port_count == 1
    assert [(p.name, p.status) for p in trunk.members] == [
        ("GigabitEthernet0/1/0", "Up"),
        ("GigabitEthernet0/1/1", "Down"),
    ]


def test_trunks_without_blank_line_between_them() -> None:
    second = SIM_TRUNK.split("\n", 1)[1].replace("Eth-Trunk10", "Eth-Trunk20").replace("<PE1>", "")
    trunks = parse_eth_trunks(SIM_TRUNK.replace("<PE1>\n", "") + second)
    assert [t.trunk_id for t in trunks] == [10, 20]
    assert all(len(t.members) == 2 for t in trunks)
    with pytest.raises(ParseError, match="expected one record, found 2"):
        parse_eth_trunk(SIM_TRUNK.replace("<PE1>\n", "") + second)


def test_unknown_port_row_is_rejected() -> None:
    text = SIM_TRUNK.replace("GigabitEthernet0/1/1          Down        1", "GE0/1/1 Down one")
    with pytest.raises(UnsupportedLayout, match="display eth-trunk: unrecognised line 'GE0/1/1"):
        parse_eth_trunk(text)


def test_no_trunk_is_an_empty_list_but_not_a_trunk() -> None:
    assert parse_eth_trunks("Info: No valid trunk in the system.") == []
    with pytest.raises(UnsupportedLayout, match="no record found"):
        parse_eth_trunk("Info: No valid trunk in the system.")
