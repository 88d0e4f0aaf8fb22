"""ping: the statistics block, V8 and older spacing."""

from __future__ import annotations

from pathlib import Path

import pytest

from nornir_arpha.parsers import PingResult, UnsupportedLayout, parse_ping
from tests.parsers.samples import read, sample_params, short_name

# (target, transmitted, received, loss %, rtt min/avg/max)
PINGS: dict[str, tuple[object, ...]] = {
    "CE_CFG_Rate_Limiting_for_ICMP_Messages_1.txt": ("192.168.1.2", 32, 30, 6.25, 1, 1, 2),
    "CE_CFG_a_BFD_Session_to_Modify_the_PST_1.txt": ("10.1.1.2", 5, 5, 0, 1, 1, 3),
    "CE_CFG_Using_Ping_to_Test_IPv4_or_IPv6_Network_Connectivity_1.txt": (
        "10.1.1.2", 5, 5, 0, 1, 2, 3,
    ),
    "CFG_Binding_a_VPN_to_Management_Interfaces_1.txt": (
        "10.10.11.100", 5, 0, 100, None, None, None,
    ),
    "CFG_APN6_in_an_L3VPNv4_over_SRv6_TE_Policy_Scenario_1.txt": (
        "22.22.22.22", 5, 5, 0, 24, 40, 85,
    ),
    "CFG_Association_Between_ARP_and_Interface_Status_5.txt": (
        "10.1.1.2", 5, 0, 100, None, None, None,
    ),
    # "154/160s/166 ms" in the doc: a typo after the average is tolerated.
    "CFG_E-STP_in_CE_Dual-homing_Scenarios_1.txt": ("192.168.1.2", 5, 5, 0, 154, 160, 166),
    "CFG_Global_UCMP_for_IP_Packet_Forwarding_1.txt": ("10.1.1.1", 100, 99, 1, 1, 1, 6),
    "CFG_Inter-AS_VPN_Option_B_with_an_ASBR_Filtering_VPNv4_Routes_2.txt": (
        "10.33.33.33", 5, 0, 100, None, None, None,
    ),
    "CFG_SSH_Clients_on_the_Public_Network_to_Access_an_SSH_Server_on_a_Pri_1.txt": (
        "10.3.3.3", 5, 5, 0, 60, 108, 260,
    ),
    "CFG_Untagged_DSCP_Policy-based_L3VPN_Access_1.txt": ("2.2.2.9", 5, 5, 0, 90, 96, 120),
    "CFG_a_QinQ_VLAN_Tag_Termination_Sub-interface_to_Support_the_Local_Con_1.txt": (
        "10.1.1.2", 5, 5, 0, 2, 2, 2,
    ),
    "CFG_Establishing_L2TP_Tunnels_on_a_VPN_for_User_Access_1.txt": ("3.3.3.3", 4, 4, 0, 5, 8, 12),
    # Older spacing: "PING 10.1.1.2 : 56 data bytes ,", "--10.1.1.2 ping statistics--".
    "REF_ping_DGNIP4OM_ex1.txt": ("10.1.1.2", 5, 5, 0, 1, 2, 3),
    "REF_ping_DGNIP4OM_ex10.txt": ("10.0.0.1", 5, 3, 40, 256, 265, 280),
    "REF_ping_DGNIP4OM_ex2.txt": ("10.1.1.3", 5, 0, 100, None, None, None),
    "REF_ping_DGNIP4OM_ex3.txt": ("10.1.1.2", 8, 8, 0, 32, 32, 32),
    "REF_ping_DGNIP4OM_ex4.txt": ("10.1.1.2", 5, 5, 0, 31, 31, 31),
    "REF_ping_DGNIP4OM_ex5.txt": ("192.168.1.9", 5, 5, 0, 50, 70, 80),
    "REF_ping_DGNIP4OM_ex6.txt": ("10.1.1.2", 5, 5, 0, 1, 1, 1),
    "REF_ping_DGNIP4OM_ex7.txt": ("192.168.12.2", 5, 5, 0, 1, 1, 1),
    "REF_ping_DGNIP4OM_ex8.txt": ("www.huawei.com", 5, 5, 0, 7, 9, 11),
    "REF_ping_DGNIP4OM_ex9.txt": ("192.168.10.2", 2, 2, 0, 8, 13, 18),
    "napalm-ce_ping__t_2000__s_100__c_5_8_8_8_8.txt": ("8.8.8.8", 5, 5, 0, 2, 2, 2),
}  # fmt: skip
# This doc example stops after the replies: no statistics block to read.
TRUNCATED = {"CFG_Two_RRs_for_the_Optimization_of_the_VPN_Backbone_Layer_1.txt"}


@pytest.mark.parametrize("path", sample_params("ping"))
def test_ping_samples(path: Path) -> None:
    key = short_name(path)
    if key in TRUNCATED:
        with pytest.raises(UnsupportedLayout, match=r"^ping: no '--- HOST ping statistics ---'"):
            parse_ping(read(path))
        return
    result = parse_ping(read(path))
    assert (
        result.target,
        result.transmitted,
        result.received,
        result.loss_percent,
        result.rtt_min,
        result.rtt_avg,
        result.rtt_max,
    ) == PINGS[key]


def test_ping_result_types() -> None:
    text = (
        "  PING 10.1.1.2: 56  data bytes, press CTRL_C to break\r\n"
        "    Reply from 10.1.1.2: bytes=56 Sequence=1 ttl=255 time=1 ms\r\n"
        "    Request time out\r\n"
        "\r\n"
        "  --- 10.1.1.2 ping statistics ---\r\n"
        "    2 packet(s) transmitted\r\n"
        "    1 packet(s) received\r\n"
        "    50.00% packet loss\r\n"
        "    round-trip min/avg/max = 1/1/1 ms\r\n"
    )
    assert parse_ping(text) == PingResult("10.1.1.2", 2, 1, 50.0, 1.0, 1.0, 1.0)
