"""display interface [NAME] / display interface brief."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nornir_arpha.parsers import (
    InterfaceBrief,
    InterfaceInfo,
    ParseError,
    UnsupportedLayout,
    parse_interface,
    parse_interface_brief,
    parse_interfaces,
)
from tests.parsers.samples import (
    expected_parse,
    ntc_params,
    read,
    sample_params,
    sample_text,
    short_name,
)

# Huawei NE40E documentation samples, per interface: name, state, line protocol and reason,
# IP, MAC, (in packets, in bytes, out packets, out bytes), (in bps, in pps, out bps, out pps),
# Eth-Trunk members, ports in trunk, up ports in trunk.
IFACES: dict[str, list[tuple[object, ...]]] = {
    "CFG_Associating_a_BFD_Session_and_a_Sub-interface_1.txt": [
        (
            "GigabitEthernet0/1/0.1", "DOWN", "DOWN", "Main BFD status down", "10.2.1.1/24",
            "00e0-fc12-7890", (182525, 183126871, 244628, 509287017), (23513, 2, 64319, 3), [],
            None, None,
        ),
    ],
    "CFG_Associating_a_BFD_Session_with_an_Interface_2.txt": [
        (
            "GigabitEthernet0/1/0", "UP", "DOWN", "BFD status down", "10.1.1.2/24",
            "00e0-fc12-7890", (662126, 0, 661789, 0), (0, 4, 0, 4), [], None, None,
        ),
    ],
    "CFG_Association_Between_ARP_and_Interface_Status_2.txt": [
        (
            "GigabitEthernet0/1/1", "UP", "UP", None, "10.1.1.1/24", "00e0-fc21-0302",
            (1254, 0, 1261, 0), (0, 0, 0, 0), [], None, None,
        ),
    ],
    "CFG_Association_Between_ARP_and_Interface_Status_3.txt": [
        (
            "GigabitEthernet0/1/1", "UP", "UP", None, "10.1.1.2/24", "00e0-fc41-0302",
            (1262, 0, 1255, 0), (0, 0, 0, 0), [], None, None,
        ),
    ],
    "CFG_Association_Between_ARP_and_Interface_Status_4.txt": [
        (
            "GigabitEthernet0/1/1", "UP", "UP", None, "10.1.1.1/24", "00e0-fc21-0302",
            (1254, 0, 1261, 0), (0, 0, 0, 0), [], None, None,
        ),
    ],
    "CFG_Association_Between_ARP_and_Interface_Status_6.txt": [
        (
            "GigabitEthernet0/1/1", "UP", "DOWN", None, "10.1.1.1/24", "00e0-fc21-0302",
            (1354, 0, 1370, 0), (0, 0, 0, 0), [], None, None,
        ),
    ],
    "CFG_Bit-Error-Triggered_Section_Switching_1.txt": [
        (
            "GigabitEthernet0/1/1", "UP", "DOWN", "bit-error-detection down", "10.1.5.1/24",
            "00e0-fc12-7890", (13522, 0, 13201, 0), (0, 0, 0, 0), [], None, None,
        ),
    ],
    "CFG_Bit-Error-Triggered_Trunk_Update_1.txt": [
        (
            "Eth-Trunk1", "UP", "UP", None, "10.1.1.1/24", "00e0-fc12-7880",
            (210700, 0, 244570, 0), (0, 0, 0, 0),
            [("GigabitEthernet0/1/0", "DOWN", 1), ("GigabitEthernet0/1/1", "UP", 1)], 2, 1,
        ),
    ],
    "CFG_DWDM_Services_1.txt": [
        (
            "GigabitEthernet0/1/0", "UP", "DOWN", None, None, "xxxx-xxxx-xxxx",
            (895, 293740, 895, 293740), (79, 0, 79, 0), [], None, None,
        ),
    ],
    "CFG_Ethernet_Interface_Parameters_2.txt": [
        (
            "GigabitEthernet0/1/1", "UP", "UP", None, None, "00e0-fc12-3456",
            (182525, 183126871, 244628, 509287017), (23513, 2, 64319, 3), [], None, None,
        ),
    ],
    "CFG_Observing_Ports_for_the_Upstream_and_Downstream_Packets_of_a_Mirro_1.txt": [
        (
            "GigabitEthernet0/1/0", "UP", "UP", None, None, "00e0-fc7d-a497",
            (1016, 107628, 1016, 107628), (0, 0, 0, 0), [], None, None,
        ),
    ],
    "CFG_Port_Mirroring_1.txt": [
        (
            "GigabitEthernet0/1/0", "UP", "UP", None, None, "xxxx-xxxx-xxxx",
            (1016, 107628, 1016, 107628), (0, 0, 0, 0), [], None, None,
        ),
    ],
    "CFG_Port_Mirroring__1_N_Scenario_1.txt": [
        (
            "GigabitEthernet0/2/0", "UP", "UP", None, None, "00e0-fc7d-a497", (10, 560, 10, 560),
            (0, 0, 0, 0), [], None, None,
        ),
    ],
    "CFG_Single-Hop_BFD_for_a_Layer_3_Eth-Trunk_1.txt": [
        (
            "Eth-Trunk1", "UP", "UP", None, "10.1.1.1/24", "xxxx-xxxx-xxxx", (0, 0, 0, 0),
            (0, 0, 0, 0), [("Gigabitethernet0/1/0", "UP", 1), ("Gigabitethernet0/2/0", "UP", 1)],
            2, 2,
        ),
    ],
    "CFG_Single-Hop_BFD_for_a_Layer_3_Eth-Trunk_3.txt": [
        (
            "Eth-Trunk1", "UP", "UP", None, "10.1.1.1/24", "xxxx-xxxx-xxxx", (0, 0, 0, 0),
            (0, 0, 0, 0), [("Gigabitethernet0/1/0", "DOWN", 1), ("Gigabitethernet0/2/0", "UP", 1)],
            2, 1,
        ),
    ],
    "CFG_Single-Hop_BFD_for_a_Layer_3_Eth-Trunk_4.txt": [
        (
            "Eth-Trunk1", "DOWN", "DOWN", None, "10.1.1.1/24", "xxxx-xxxx-xxxx", (0, 0, 0, 0),
            (0, 0, 0, 0),
            [("Gigabitethernet0/1/0", "DOWN", 1), ("Gigabitethernet0/2/0", "DOWN", 1)], 2, 0,
        ),
    ],
    "CFG_User-Side_Mirroring_Based_on_Inner_and_Outer_VLAN_IDs_1.txt": [
        (
            "GigabitEthernet0/1/3", "UP", "UP", None, None, "xxxx-xxxx-xxxx", (10, 560, 10, 560),
            (0, 0, 0, 0), [], None, None,
        ),
    ],
    "CFG_the_Compatibility_of_the_EtherType_Field_in_the_Outer_Tag_of_QinQ__1.txt": [
        (
            "GigabitEthernet0/1/0", "UP", "UP", None, None, "00e0-fc12-3456", (0, 0, 0, 0),
            (0, 0, 0, 0), [], None, None,
        ),
    ],
    "CFG_Performing_Capacity_Expansion_in_a_Dual-Device_Hot_Backup_Scenario_1.txt": [
        (
            "Eth-Trunk1", "UP", "DOWN", None, None, "00e0-fc12-3456", (0, 0, 5, 0),
            (0, 0, 1054, 0),
            [("GigabitEthernet0/1/0", "UP", 1), ("GigabitEthernet0/1/1", "UP", 1)], 1, 1,
        ),
    ],
    "REF_displayInterface_IFMOM_ex1.txt": [
        (
            "GE1/0/0", "UP", "UP", None, None, "00e0-fc12-3456",
            (182525, 183126871, 244628, 509287017), (23513, 2, 64319, 3), [], None, None,
        ),
        (
            "GE1/0/1", "UP", "UP", None, None, "00e0-fc12-3457",
            (182525, 183126871, 244628, 509287017), (23513, 2, 64319, 3), [], None, None,
        ),
        (
            "GE1/0/2", "Administratively DOWN", None, None, None, None, (None, None, None, None),
            (None, None, None, None), [], None, None,
        ),
    ],
    "REF_displayInterface_IFMOM_ex2.txt": [
        (
            "GigabitEthernet1/0/0", "UP", "UP", None, "10.1.1.1/1", "00e0-fc12-3458",
            (182525, 183126871, 244628, 509287017), (23513, 2, 64319, 3), [], None, None,
        ),
    ],
}  # fmt: skip

# Real captures of other families: (name, state, line protocol, IP, in/out packets/bytes).
CAPTURES: dict[str, list[tuple[object, ...]]] = {
    "outsmain-db-main_NE_RUN_DATA_id11_CX300_display_interface.txt": [
        ("Aux0/0/1", "UP", "DOWN", None, (None, None, None, None)),
        ("Eth-Trunk1", "UP", None, None, (None, None, None, None)),
        ("GigabitEthernet2/0/1", "DOWN", None, None, (0, 0, 0, 0)),
        (
            "GigabitEthernet3/0/1", "UP", None, None,
            (80532705, 16496959962, 114004982, 100043526849),
        ),
        ("MEth0/0/1", "DOWN", "DOWN", "14.75.100.1/24", (None, None, None, None)),
        ("NULL0", "UP", "UP", None, (None, None, None, None)),
        ("Vlanif689", "UP", "UP", "14.75.53.222/24", (None, None, None, None)),
    ],
    "outsmain-db-main_NE_RUN_DATA_id15_CX600_display_interface.txt": [
        ("GigabitEthernet0/0/0", "DOWN", "DOWN", "14.75.100.2/30", (0, 0, 0, 0)),
        (
            "GigabitEthernet0/1/0", "UP", "UP", "14.75.146.218/30",
            (2139179943, 2141526872790, 1553876170, 422483081642),
        ),
        ("GigabitEthernet0/1/1.401", "UP", "UP", None, (0, 0, 0, 0)),
        ("LoopBack0", "UP", "UP", "14.75.27.151/32", (0, 0, 0, 0)),
        ("NULL0", "UP", "UP", None, (0, 0, 0, 0)),
    ],
    "napalm-ce_test_get_interfaces_counters_display_interface.txt": [
        ("10GE1/0/1", "DOWN", "DOWN", None, (0, 123, 0, 321)),
        ("10GE1/0/2", "DOWN", "DOWN", None, (0, 0, 0, 0)),
        ("Eth-Trunk0", "DOWN", "DOWN", None, (0, 245, 452, 78)),
        ("Eth-Trunk1", "DOWN", "DOWN", None, (0, 0, 0, 0)),
        ("LoopBack0", "UP", "UP", "192.168.0.9/32", (0, 0, 0, 0)),
        ("MEth0/0/0", "UP", "UP", "10.128.92.110/24", (1039148, 70812500, 7557, 948196)),
        ("NULL0", "UP", "UP", None, (0, 0, 0, 0)),
        ("Stack-Port1/1", "DOWN", "DOWN", None, (0, 0, 0, 0)),
        ("Vlanif100", "DOWN", "DOWN", "192.168.100.4/24", (None, None, None, None)),
        ("Vlanif2000", "DOWN", "DOWN", "192.168.200.2/24", (None, None, None, None)),
        ("Vlanif3000", "DOWN", "DOWN", "192.168.255.1/24", (None, None, None, None)),
    ],
    "napalm-ce_test_get_interfaces_display_interface.txt": [
        ("Vlanif3000", "DOWN", "DOWN", "192.168.255.1/24", (None, None, None, None)),
        ("NULL0", "UP", "UP", None, (0, 0, 0, 0)),
        ("MEth0/0/0", "UP", "UP", "10.128.92.110/24", (1039148, 70812500, 7557, 948196)),
        ("Vlanif100", "DOWN", "DOWN", "192.168.100.4/24", (None, None, None, None)),
    ],
    "napalm-huawei-vrp_display_interface.txt": [
        ("Eth-Trunk10", "DOWN", "DOWN", None, (0, 0, 0, 0)),
        (
            "GigabitEthernet1/0/0", "UP", "UP", "172.23.235.159/31",
            (8072105483, 785773731492, 3947616196, 399363420485),
        ),
        (
            "GigabitEthernet1/0/1", "UP", "UP", "172.23.235.161/31",
            (8945614727, 876482711974, 3956488458, 396744651767),
        ),
        ("GigabitEthernet1/0/1.50", "UP", "DOWN", None, (0, 0, 0, 0)),
        ("GigabitEthernet1/1/0", "UP", "DOWN", None, (18683998, 2587101398, 1164872, 389065152)),
        ("GigabitEthernet1/1/2", "DOWN", "DOWN", None, (0, 0, 0, 0)),
        ("LoopBack0", "UP", "UP", "172.23.70.251/32", (0, 0, 0, 0)),
        ("NULL0", "UP", "UP", None, (0, 0, 0, 0)),
        ("Virtual-Template0", "UP", "UP", None, (0, 0, 0, 0)),
        ("Vlanif320", "DOWN", "DOWN", None, (0, 0, 0, 0)),
    ],
}  # fmt: skip


def summary(iface: InterfaceInfo) -> tuple[object, ...]:
    return (
        iface.name,
        iface.state,
        iface.line_protocol,
        iface.line_protocol_reason,
        iface.ip_address,
        iface.mac,
        (iface.in_packets, iface.in_bytes, iface.out_packets, iface.out_bytes),
        (iface.in_rate_bps, iface.in_rate_pps, iface.out_rate_bps, iface.out_rate_pps),
        [(p.name, p.status, p.weight) for p in iface.members],
        iface.ports_in_trunk,
        iface.up_ports_in_trunk,
    )


@pytest.mark.parametrize("path", sample_params("display_interface"))
def test_interface_samples(path: Path) -> None:
    interfaces = parse_interfaces(read(path))
    key = short_name(path)
    if key in IFACES:
        assert [summary(i) for i in interfaces] == IFACES[key]
    elif key in CAPTURES:
        counters = [(i.in_packets, i.in_bytes, i.out_packets, i.out_bytes) for i in interfaces]
        assert [
            (i.name, i.state, i.line_protocol, i.ip_address, c)
            for i, c in zip(interfaces, counters, strict=True)
        ] == CAPTURES[key]
    else:  # the ntc-templates captures: compared with their expected parse below
        assert path.with_suffix(".yml").exists()


@pytest.mark.parametrize("path", ntc_params("display_interface"))
def test_matches_ntc_templates_expected_parse(path: Path) -> None:
    expected = [
        (
            r["interface"],
            r["link_status"].rstrip(" ,"),  # ntc keeps the comma of "UP ,"
            r["protocol_status"],
            r["ip_address"],
            r["mac_address"],
            r["interface_description"],
            r["aggregated_interfaces"],
        )
        for r in expected_parse(path)
    ]
    ours = [
        (
            i.name,
            i.state,
            f"{i.line_protocol} ({i.line_protocol_reason})"
            if i.line_protocol_reason
            else i.line_protocol or "",
            i.ip_address or "",
            i.mac or "",
            i.description or "",
            [m.name for m in i.members],
        )
        for i in parse_interfaces(read(path))
    ]
    assert ours == expected


def _sample(name: str) -> str:
    return sample_text("display_interface", name)


def test_ne40e_x8a_capture_rates_and_empty_trunk() -> None:
    interfaces = parse_interfaces(_sample("napalm-huawei-vrp_display_interface.txt"))
    trunk, ge = interfaces[0], interfaces[1]
    assert (trunk.name, trunk.members, trunk.ports_in_trunk, trunk.up_ports_in_trunk) == (
        "Eth-Trunk10",
        (),
        0,
        0,
    )
    assert (ge.in_rate_bps, ge.in_rate_pps, ge.out_rate_bps, ge.out_rate_pps) == (
        242275,
        255,
        129357,
        127,
    )
    assert ge.description == "To_local_n/a_n/a_HUA_30MZ_P_2_10GE10/0/16"


def test_ce_stack_port_without_weight_column() -> None:
    text = _sample("napalm-ce_test_get_interfaces_counters_display_interface.txt")
    interfaces = {i.name: i for i in parse_interfaces(text)}
    assert [(p.name, p.status, p.weight) for p in interfaces["Eth-Trunk0"].members] == [
        ("40GE1/0/3", "DOWN", 1),
        ("40GE1/0/4", "DOWN", 1),
    ]
    stack = interfaces["Stack-Port1/1"]
    assert (stack.members, stack.ports_in_trunk, stack.up_ports_in_trunk) == ((), 0, 0)


def test_administratively_down_and_several_interfaces() -> None:
    interfaces = parse_interfaces(
        _sample("hwdoc-ne40e-v800r012c10-cmdref_displayInterface_IFMOM_ex1.txt")
    )
    assert [(i.name, i.state) for i in interfaces] == [
        ("GE1/0/0", "UP"),
        ("GE1/0/1", "UP"),
        ("GE1/0/2", "Administratively DOWN"),
    ]
    with pytest.raises(ParseError, match="expected one record, found 3"):
        parse_interface(_sample("hwdoc-ne40e-v800r012c10-cmdref_displayInterface_IFMOM_ex1.txt"))


def render_trunk(members: list[tuple[str, str]], counters: tuple[int, int, int, int]) -> str:
    """`display interface Eth-Trunk10` in the NE40E layout."""
    in_pkts, in_bytes, out_pkts, out_bytes = counters
    up = sum(status == "UP" for _, status in members)
    lines = [
        "[~PE1] display interface Eth-Trunk10",
        f"Eth-Trunk10 current state : {'UP' if up else 'DOWN'} (ifindex: 19)",
        f"Line protocol current state : {'UP' if up else 'DOWN'}",
        "Description:",
        "Route Port,Hash arithmetic : According to flow, Maximal BW: 2G, Current BW: 2G, "
        "The Maximum Transmit Unit is 1500",
        "Internet Address is 10.1.1.1/24",
        "IP Sending Frames' Format is PKTFMT_ETHNT_2, Hardware address is 00e0-fc12-3456",
        "Physical is ETH_TRUNK",
        "    Last 300 seconds input rate 1200 bits/sec, 2 packets/sec",
        "    Last 300 seconds output rate 800 bits/sec, 1 packets/sec",
        f"    Input: {in_pkts} packets,{in_bytes} bytes",
        "           0 unicast,0 broadcast,0 multicast",
        "           0 errors,0 drops",
        f"    Output:{out_pkts} packets,{out_bytes} bytes",
        "           0 unicast,0 broadcast,0 multicast",
        "           0 errors,0 drops",
        "-" * 58,
        "PortName                      Status              Weight",
        "-" * 58,
        *(f"{name:<30}{status:<20}1" for name, status in members),
        "-" * 58,
        f"The Number of Ports in Trunk : {len(members)}",
        f"The Number of UP Ports in Trunk : {up}",
    ]
    return "\r\n".join(lines)


@given(
    statuses=st.lists(st.sampled_from(["UP", "DOWN"]), max_size=8),
    counters=st.tuples(*[st.integers(min_value=0, max_value=10**15)] * 4),
)
def test_eth_trunk_layout_round_trip(
    statuses: list[str], counters: tuple[int, int, int, int]
) -> None:
    members = [(f"GigabitEthernet0/1/{n}", status) for n, status in enumerate(statuses)]
    iface = parse_interface(render_trunk(members, counters))
    assert (iface.in_packets, iface.in_bytes, iface.out_packets, iface.out_bytes) == counters
    assert (iface.in_rate_bps, iface.in_rate_pps, iface.out_rate_bps, iface.out_rate_pps) == (
        1200,
        2,
        800,
        1,
    )
    assert [(p.name, p.status, p.weight) for p in iface.members] == [(n, s, 1) for n, s in members]
    assert iface.ports_in_trunk == len(members)
    assert iface.up_ports_in_trunk == statuses.count("UP")
    assert iface.state == ("UP" if "UP" in statuses else "DOWN")


def test_member_table_garbage_is_rejected() -> None:
    text = render_trunk([("GigabitEthernet0/1/0", "UP")], (1, 2, 3, 4)).replace(
        "GigabitEthernet0/1/0          UP                  1", "GigabitEthernet0/1/0 UP one two"
    )
    with pytest.raises(UnsupportedLayout, match="display interface: unrecognised line"):
        parse_interface(text)


def test_output_without_interface_is_rejected() -> None:
    with pytest.raises(UnsupportedLayout, match="display interface: no record found"):
        parse_interface("Info: nothing to show\n")


# --- display interface brief -------------------------------------------------------------

# (row count, first rows: interface, suffix, phy, protocol, in/out uti, in/out errors, member_of)
BRIEF_ROWS: dict[str, tuple[int, list[tuple[object, ...]]]] = {
    "CFG_Ethernet_Interface_Parameters_1.txt": (
        1,
        [("GigabitEthernet0/1/1", None, "up", "up", 0.0, 0.0, 0, 0, None)],
    ),
    "CFG_Global_UCMP_for_IP_Packet_Forwarding_2.txt": (
        14,
        [
            ("Eth-Trunk1", None, "up", "up", 0.01, 6.66, 0, 0, None),
            ("GigabitEthernet0/3/0", None, "up", "up", 0.01, 6.66, 0, 0, "Eth-Trunk1"),
            ("GigabitEthernet0/3/1", None, "up", "up", 0.01, 6.66, 0, 0, "Eth-Trunk1"),
            ("GigabitEthernet0/1/0", None, "up", "up", 0.0, 0.0, 0, 0, None),
        ],
    ),
    "REF_displayIfBrief_IFMOM_ex1.txt": (
        22,
        [
            ("Eth-Trunk0", None, "down", "down", 3.0, 7.0, 12, 0, None),
            ("Eth-Trunk1", None, "down", "down", 0.0, 0.0, 0, 0, None),
            ("GigabitEthernet1/0/1", None, "down", "down", 0.0, 0.0, 0, 0, None),
            ("GigabitEthernet1/0/2.1", None, "down", "down", 0.0, 0.0, 0, 0, None),
            ("GigabitEthernet1/0/3", None, "*down", "down", 50.0, 30.0, 0, 0, None),
            ("GigabitEthernet1/0/4", "10G", "down", "down", 0.0, 0.0, 0, 0, None),
        ],
    ),
    "napalm-ce_display_interface_brief.txt": (
        6,
        [("40GE1/0/0", None, "*down", "down", 0.0, 0.0, 0, 0, None)],
    ),
    "napalm-huawei-vrp_display_interface_brief.txt": (
        21,
        [
            ("Eth-Trunk10", None, "down", "down", 0.0, 0.0, 0, 0, None),
            ("Eth-Trunk10.25", None, "down", "down", 0.0, 0.0, 0, 0, None),
            ("GigabitEthernet0/0/0", None, "*down", "down", 0.0, 0.0, 0, 0, None),
            ("GigabitEthernet1/0/0", "10G", "up", "up", 0.01, 0.01, 0, 0, None),
        ],
    ),
}
# `display interface ethernet brief` has other columns (Auto-Neg Duplex Bandwidth ... Trunk).
BRIEF_UNSUPPORTED = {"REF_displayIfEthBrief_IFMOM_ex1.txt", "REF_displayIfEthBrief_IFMOM_ex2.txt"}


def brief_tuple(row: InterfaceBrief) -> tuple[object, ...]:
    return (
        row.interface,
        row.suffix,
        row.phy,
        row.protocol,
        row.in_uti,
        row.out_uti,
        row.in_errors,
        row.out_errors,
        row.member_of,
    )


@pytest.mark.parametrize("path", sample_params("display_interface_brief"))
def test_interface_brief_samples(path: Path) -> None:
    key = short_name(path)
    if key in BRIEF_UNSUPPORTED:
        with pytest.raises(
            UnsupportedLayout,
            match=r"^display interface brief: unrecognised line 'Interface +PHY +Auto-Neg",
        ):
            parse_interface_brief(read(path))
        return
    rows = parse_interface_brief(read(path))
    if key in BRIEF_ROWS:
        count, first = BRIEF_ROWS[key]
        assert len(rows) == count
        assert [brief_tuple(r) for r in rows[: len(first)]] == first
    assert sum(r.admin_down for r in rows) == sum(r.phy == "*down" for r in rows)


@pytest.mark.parametrize("path", ntc_params("display_interface_brief"))
def test_brief_matches_ntc_templates_expected_parse(path: Path) -> None:
    def percent(text: str) -> float | None:
        return None if text == "--" else float(text.rstrip("%"))

    expected = [
        (r["interface"], r["phy"], r["protocol"], percent(r["inuti"]), percent(r["oututi"]),
         int(r["inerrors"]), int(r["outerrors"]))
        for r in expected_parse(path)
    ]  # fmt: skip
    ours = [
        (f"{r.interface}({r.suffix})" if r.suffix else r.interface, r.phy, r.protocol,
         r.in_uti, r.out_uti, r.in_errors, r.out_errors)
        for r in parse_interface_brief(read(path))
    ]  # fmt: skip
    assert ours == expected


def test_brief_members_are_attached_to_their_trunk() -> None:
    name = "ntc-templates_huawei_vrp_display_interface_brief.raw"
    rows = parse_interface_brief(sample_text("display_interface_brief", name))
    members = {r.interface: r.member_of for r in rows if r.member_of}
    assert members == {
        **{f"GigabitEthernet8/1/{n}": "Eth-Trunk2" for n in range(16, 21)},
        **{f"GigabitEthernet8/1/{n}": "Eth-Trunk3" for n in range(21, 24)},
        "GigabitEthernet15/1/0": "Eth-Trunk4",
        "GigabitEthernet16/0/1": "Eth-Trunk4",
        "GigabitEthernet4/0/4": "Eth-Trunk5",
    }
    assert next(r for r in rows if r.interface == "Eth-Trunk4").in_errors == 4625


def test_brief_admin_down_flag() -> None:
    text = (
        "Interface                   PHY   Protocol  InUti OutUti   inErrors  outErrors\n"
        "Eth-Trunk10                 up    up           0%     0%          0          0\n"
        "  GigabitEthernet0/1/0      *down down         0%     0%          0          0\n"
        "  GigabitEthernet0/1/1      up    up           0%     0%          0          0\n"
    )
    rows = parse_interface_brief(text)
    assert [(r.interface, r.admin_down, r.member_of) for r in rows] == [
        ("Eth-Trunk10", False, None),
        ("GigabitEthernet0/1/0", True, "Eth-Trunk10"),
        ("GigabitEthernet0/1/1", False, "Eth-Trunk10"),
    ]
