"""display remote-backup-service / display remote-backup-profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from nornir_arpha.parsers import (
    RbpSummary,
    RbsSummary,
    UnsupportedLayout,
    parse_rbp,
    parse_rbp_list,
    parse_rbs,
    parse_rbs_list,
)
from tests.parsers.samples import read, sample_params, short_name

# (index, name, tcp_state, peer, source, port, last_up_time), as printed in each sample.
RBS: dict[str, tuple[object, ...]] = {
    "CFG_DHCP_Server_Dual-Device_Hot_Backup_3.txt": (
        1,
        "service1",
        "Connected",
        "10.10.10.2",
        "10.10.10.1",
        10000,
        None,
    ),
    "CFG_DHCP_Server_Dual-Device_Hot_Backup_4.txt": (
        1,
        "service1",
        "Connected",
        "10.10.10.1",
        "10.10.10.2",
        10000,
        None,
    ),
    "CFG_DHCPv6_Relay_Dual-Device_Hot_Standby_3.txt": (
        3,
        "service1",
        "Connected",
        "2001:DB8:3::1",
        "2001:DB8:3::2",
        2046,
        "2019-01-01 00:00:00",
    ),
    "CFG_DHCPv6_Relay_Dual-Device_Hot_Standby_4.txt": (
        2,
        "service1",
        "Connected",
        "2001:DB8:3::2",
        "2001:DB8:3::1",
        2046,
        "2019-01-01 00:00:00",
    ),
    "CFG_Dual-Device_ARP_Hot_Backup_3.txt": (
        2,
        "service1",
        "Connected",
        "1.1.1.1",
        "2.2.2.2",
        2046,
        None,
    ),
    "CFG_Dual-Device_ARP_Hot_Backup_4.txt": (
        2,
        "service1",
        "Connected",
        "2.2.2.2",
        "1.1.1.1",
        2046,
        None,
    ),
    "CFG_Dual-Device_Hot_Backup_for_Layer_3_Static_IPv4_Users_2.txt": (
        1,
        "s1",
        "Connected",
        "172.16.18.2",
        "172.16.18.1",
        12012,
        "2016-08-02 15:34:36",
    ),
    "CFG_Dual-Device_IGMP_Hot_Backup_3.txt": (
        1,
        "service1",
        "connected",
        "3.3.3.3",
        "1.1.1.1",
        1025,
        "2018-05-29 03:21:36",
    ),
    "CFG_Dual-Device_IGMP_Hot_Backup_4.txt": (
        1,
        "service1",
        "connected",
        "1.1.1.1",
        "3.3.3.3",
        1025,
        "2018-05-29 03:21:36",
    ),
    "CFG_Dual-Device_IGMP_Snooping_Hot_Backup_for_a_VSI_3.txt": (
        1,
        "service1",
        "Connected",
        "2.2.2.2",
        "1.1.1.1",
        1025,
        "2017-03-12 06:43:17",
    ),
    "CFG_Dual-Device_IGMP_Snooping_Hot_Backup_for_a_VSI_4.txt": (
        1,
        "service1",
        "Connected",
        "1.1.1.1",
        "2.2.2.2",
        1025,
        "2017-03-12 06:43:54",
    ),
    "CFG_MLD_Dual-Device_Hot_Backup_in_a_VRRP6_Scenario_3.txt": (
        1,
        "service1",
        "connected",
        "2001:DB8:10::2",
        "2001:DB8:10::1",
        1025,
        "2021-05-29 03:21:36",
    ),
    "CFG_MLD_Dual-Device_Hot_Backup_in_a_VRRP6_Scenario_4.txt": (
        1,
        "service1",
        "connected",
        "2001:DB8:10::1",
        "2001:DB8:10::2",
        1025,
        "2021-05-29 03:21:36",
    ),
    "CFG_MLD_Dual-Device_Hot_Backup_in_an_E-Trunk_Scenario_3.txt": (
        1,
        "service1",
        "connected",
        "2001:DB8:33::33",
        "2001:DB8:11::11",
        1025,
        "2021-05-29 03:21:36",
    ),
    "CFG_MLD_Dual-Device_Hot_Backup_in_an_E-Trunk_Scenario_4.txt": (
        1,
        "service1",
        "connected",
        "2001:DB8:11::11",
        "2001:DB8:33::33",
        1025,
        "2021-05-29 03:21:36",
    ),
    "CFG_RUI_EDSG_in_Exclusive_Address_Pool_Mode_2.txt": (
        0,
        "service1",
        "Connected",
        "8.8.8.8",
        "4.4.4.4",
        2046,
        "2016-06-02 16:15:8",
    ),
    "CFG_RUI_EDSG_in_Shared_Address_Pool_Mode_3.txt": (
        0,
        "service1",
        "Connected",
        "88.88.88.88",
        "22.22.22.22",
        2046,
        None,
    ),
    "CFG_RUI_in_Exclusive_Address_Pool_Mode_2.txt": (
        0,
        "rbs_qhmd",
        "Connected",
        "172.20.1.2",
        "172.20.1.3",
        2046,
        "2016-06-02 16:15:8",
    ),
    "CFG_RUI_in_Shared_Address_Pool_Mode_2.txt": (
        0,
        "rbs_qhmd",
        "Connected",
        "172.20.1.2",
        "172.20.1.3",
        2046,
        None,
    ),
    "CFG_RUI_with_Automatic_Route_Advertisement_2.txt": (
        0,
        "service1",
        "Connected",
        "88.88.88.88",
        "22.22.22.22",
        2046,
        None,
    ),
    "CFG_VE_Access_for_PPPoE_Dual-Stack_Users_in_an_EVPN_Active-Active_RUI__2.txt": (
        0,
        "rbs1",
        "Connected",
        "2.2.2.2",
        "1.1.1.1",
        2046,
        None,
    ),
    "REF_display-rbs_RBSOM_ex1.txt": (1, "rbs", "Connected", "10.9.9.3", "10.9.9.2", 6001, None),
    "REF_display-rbs_RBSOM_ex3.txt": (1, "service1", "Listening", "2.2.2.2", "1.1.1.1", 1025, None),
}
RBS_LISTS = {"REF_display-rbs_RBSOM_ex2.txt": [RbsSummary(1, "rbs"), RbsSummary(2, "myservice")]}

# (index, name, service_types, rbs, backup_id, track_protocol, interfaces, backup_mode)
RBP: dict[str, tuple[object, ...]] = {
    "CFG_DHCP_Server_Dual-Device_Hot_Backup_1.txt": (
        0x1000,
        "service1",
        ("dhcp-server",),
        "service1",
        1,
        "VRRP",
        (),
        "hot",
    ),
    "CFG_DHCP_Server_Dual-Device_Hot_Backup_2.txt": (
        0x1000,
        "service1",
        ("dhcp-server",),
        "service1",
        1,
        "VRRP",
        (),
        "hot",
    ),
    "CFG_DHCPv6_Relay_Dual-Device_Hot_Standby_1.txt": (
        0x1003,
        "profile1",
        ("dhcpv6-relay",),
        "service1",
        10,
        "VRRP6",
        ("GigabitEthernet0/1/3",),
        "hot",
    ),
    "CFG_DHCPv6_Relay_Dual-Device_Hot_Standby_2.txt": (
        0x1002,
        "profile1",
        ("dhcpv6-relay",),
        "service1",
        10,
        "VRRP6",
        ("GigabitEthernet0/1/3",),
        "hot",
    ),
    "CFG_Dual-Device_ARP_Hot_Backup_1.txt": (
        0x1001,
        "profile1",
        ("arp",),
        "service1",
        10,
        "VRRP",
        ("GigabitEthernet0/1/0",),
        "hot",
    ),
    "CFG_Dual-Device_ARP_Hot_Backup_2.txt": (
        0x1001,
        "profile1",
        ("arp",),
        "service1",
        10,
        "VRRP",
        ("GigabitEthernet0/1/0",),
        "hot",
    ),
    "CFG_Dual-Device_Hot_Backup_for_Layer_3_Static_IPv4_Users_1.txt": (
        0x1000,
        "p1",
        ("bras",),
        "s1",
        1,
        "VRRP",
        ("Eth-Trunk10.1",),
        "hot",
    ),
    "CFG_Dual-Device_IGMP_Hot_Backup_1.txt": (
        0x1000,
        "profile1",
        ("igmp",),
        "service1",
        10,
        "E-TRUNK",
        ("Eth-Trunk1",),
        "hot",
    ),
    "CFG_Dual-Device_IGMP_Snooping_Hot_Backup_for_a_VSI_1.txt": (
        0x1001,
        "profile1",
        ("igmp-snooping",),
        "service1",
        10,
        "E-TRUNK",
        ("Eth-Trunk1",),
        "hot",
    ),
    "CFG_L2TP_Dual-Device_Hot_Backup_1.txt": (
        0x800,
        "p1",
        ("bras", "l2tp"),
        "s1",
        10,
        "VRRP",
        ("Gigabitethernet 0/1/0.1",),
        "hot",
    ),
    "CFG_L2TP_Dual-Device_Hot_Backup_2.txt": (
        0x800,
        "p1",
        ("bras", "l2tp"),
        "s1",
        10,
        "VRRP",
        ("Gigabitethernet 0/1/0.1",),
        "hot",
    ),
    "CFG_MLD_Dual-Device_Hot_Backup_in_a_VRRP6_Scenario_1.txt": (
        0x1000,
        "profile1",
        ("MLD",),
        "service1",
        10,
        "VRRP",
        ("GigabitEthernet0/1/2",),
        "hot",
    ),
    "CFG_MLD_Dual-Device_Hot_Backup_in_a_VRRP6_Scenario_2.txt": (
        0x1000,
        "profile1",
        ("MLD",),
        "service1",
        10,
        "VRRP",
        ("GigabitEthernet0/1/3",),
        "hot",
    ),
    "CFG_MLD_Dual-Device_Hot_Backup_in_an_E-Trunk_Scenario_1.txt": (
        0x1000,
        "profile1",
        ("MLD",),
        "service1",
        10,
        "E-TRUNK",
        ("Eth-Trunk1",),
        "hot",
    ),
    "CFG_Multicast_Dual-Device_Hot_Backup_1.txt": (
        0x801,
        "rbp3",
        ("bras", "multicast"),
        "rbs_qhmd",
        3,
        "VRRP",
        ("Eth-Trunk3.501",),
        "hot",
    ),
    "CFG_Multicast_Dual-Device_Hot_Backup_2.txt": (
        0x800,
        "rbp3",
        ("bras", "multicast"),
        "rbs_qhmd",
        3,
        "VRRP",
        ("Eth-Trunk3.501",),
        "hot",
    ),
    "CFG_RUI_EDSG_in_Exclusive_Address_Pool_Mode_1.txt": (
        0x802,
        "profile1",
        ("bras",),
        "service1",
        10,
        "VRRP",
        ("GigabitEthernet0/1/0.1",),
        "hot",
    ),
    "CFG_RUI_EDSG_in_Shared_Address_Pool_Mode_1.txt": (
        0x803,
        "profile1",
        ("bras",),
        "service1",
        10,
        "VRRP",
        ("GigabitEthernet0/1/0.1",),
        "hot",
    ),
    "CFG_RUI_EDSG_in_Shared_Address_Pool_Mode_2.txt": (
        0x803,
        "profile1",
        ("bras",),
        "service1",
        10,
        "VRRP",
        ("GigabitEthernet0/1/0.1",),
        "hot",
    ),
    "CFG_RUI_in_Exclusive_Address_Pool_Mode_1.txt": (
        0x802,
        "rbp3",
        ("bras",),
        "rbs_qhmd",
        10,
        "VRRP",
        ("Eth-Trunk3.501",),
        "hot",
    ),
    "CFG_RUI_in_Shared_Address_Pool_Mode_1.txt": (
        0x802,
        "rbp3",
        ("bras",),
        "rbs_qhmd",
        10,
        "VRRP",
        ("Eth-Trunk3.5001",),
        "hot",
    ),
    "CFG_RUI_with_Automatic_Route_Advertisement_1.txt": (
        0x802,
        "profile1",
        ("bras",),
        "service1",
        10,
        "VRRP",
        ("GigabitEthernet0/1/0.1",),
        "hot",
    ),
    "CFG_VE_Access_for_PPPoE_Dual-Stack_Users_in_an_EVPN_Active-Active_RUI__1.txt": (
        0x802,
        "rbp1",
        ("bras",),
        "rbs1",
        1,
        "VRRP",
        ("Virtual-Ethernet0/1/1.1",),
        "hot",
    ),
    "REF_display-rbp_RBSOM_ex2.txt": (
        0x1000,
        "rpf",
        ("arp",),
        "rbs",
        510,
        "VRRP",
        ("GigabitEthernet1/0/1.510", "GigabitEthernet1/0/1.610", "GigabitEthernet1/0/1.210"),
        "hot",
    ),
    "REF_display-rbp_RBSOM_ex3.txt": (
        0x1001,
        "profile1",
        ("igmp-snooping",),
        "s1",
        1,
        "E-TRUNK",
        ("Eth-Trunk1",),
        "hot",
    ),
    "REF_display_remote-backup-profile_slave_ex1.txt": (
        0x1000,
        "p1",
        ("bras",),
        None,
        None,
        None,
        (),
        "hot",
    ),
    "REF_display_remote-backup-profile_slot_ex2.txt": (
        0x1001,
        "test",
        ("bras", "multicast", "l2tp"),
        None,
        None,
        "VRRP",
        ("Eth-Trunk10.6",),
        "hot",
    ),
}
RBP_LISTS = {
    "REF_display-rbp_RBSOM_ex1.txt": [RbpSummary(0x1000, "rpf")],
    "REF_display_remote-backup-profile_slot_ex1.txt": [
        RbpSummary(index, name)
        for index, name in [
            (0x1000, "p1"),
            (0x1004, "abc"),
            (0x1006, "test"),
            (0x1008, "teset"),
            (0x1009, "xx"),
            (0x100A, "slaot"),
            (0x100D, "1"),
        ]
    ],
}


@pytest.mark.parametrize("path", sample_params("display_remote-backup-service"))
def test_rbs_samples(path: Path) -> None:
    key = short_name(path)
    if key in RBS_LISTS:
        assert parse_rbs_list(read(path)) == RBS_LISTS[key]
        return
    rbs = parse_rbs(read(path))
    fields = (rbs.index, rbs.name, rbs.tcp_state, rbs.peer, rbs.source, rbs.port, rbs.last_up_time)
    assert fields == RBS[key]
    assert rbs.connected is (rbs.tcp_state.lower() == "connected")


@pytest.mark.parametrize("path", sample_params("display_remote-backup-profile"))
def test_rbp_samples(path: Path) -> None:
    key = short_name(path)
    if key in RBP_LISTS:
        assert parse_rbp_list(read(path)) == RBP_LISTS[key]
        return
    rbp = parse_rbp(read(path))
    fields = (
        rbp.index,
        rbp.name,
        rbp.service_types,
        rbp.rbs,
        rbp.backup_id,
        rbp.track_protocol,
        rbp.interfaces,
        rbp.backup_mode,
    )
    assert fields == RBP[key]


RBS_DOWN = """\
<PE2> display remote-backup-service rbs1
----------------------------------------------------------
 Service-Index    : 1
 Service-Name     : rbs1
 TCP-State        : Connecting
 Peer-ip          : 10.0.0.1
 Source-ip        : 10.0.0.2
 TCP-Port         : 6001
 Track-BFD        : --
 SSL-Policy-Name  : --
 SSL-State        : --
 Last up time     : 2024-01-02 03:04:05
 Last down time   : 2024-01-02 03:09:00
 Last down reason : TCP closed for echo time out
----------------------------------------------------------
"""


def test_rbs_down_history_and_placeholders() -> None:
    rbs = parse_rbs(RBS_DOWN)
    assert not rbs.connected
    assert rbs.tcp_state == "Connecting"
    assert (rbs.last_up_time, rbs.last_down_time) == ("2024-01-02 03:04:05", "2024-01-02 03:09:00")
    assert rbs.last_down_reason == "TCP closed for echo time out"
    assert (rbs.track_bfd, rbs.ssl_policy_name, rbs.ssl_state) == (None, None, None)


@pytest.mark.parametrize("state", ["Connected", "connected", "CONNECTED"])
def test_rbs_connected_is_case_insensitive(state: str) -> None:
    assert parse_rbs(RBS_DOWN.replace("Connecting", state)).connected


def test_rbs_ignores_bras_sections_after_the_block() -> None:
    # The RUI layout repeats "Peer-ip" in a redirect section after the closing rule.
    text = RBS_DOWN + " Rbs-ID         : 0\n Peer-ip        : 10.1.1.7\n"
    assert parse_rbs(text).peer == "10.0.0.1"


def test_rbs_of_the_list_layout_is_rejected() -> None:
    listing = "---------REMOTE-BACKUP-SERVICE----------\n        SERVER ID  SERVER NAME\n"
    with pytest.raises(UnsupportedLayout, match="remote-backup-service: list of all services"):
        parse_rbs(listing)


@pytest.mark.parametrize("state", ["--", "Initial", "Listening"])
def test_rbs_documented_down_states_parse(state: str) -> None:
    # REFERENCE §4.1: Initial, Connecting, Listening or `--` mean the channel is down.
    rbs = parse_rbs(RBS_DOWN.replace("Connecting", state))
    assert rbs.tcp_state == state
    assert not rbs.connected


@pytest.mark.parametrize(
    "tcp_state_line", [" TCP-State        :\n", ""], ids=["empty-value", "missing-line"]
)
def test_rbs_without_tcp_state_is_rejected(tcp_state_line: str) -> None:
    text = RBS_DOWN.replace(" TCP-State        : Connecting\n", tcp_state_line)
    with pytest.raises(UnsupportedLayout, match="no 'TCP-State' line found"):
        parse_rbs(text)


RBP_ETRUNK = """\
[~PE1] display remote-backup-profile rbp1
-----------------------------------------------
 Profile-Index        : 0x1000
 Profile-Name         : rbp1
 Service              : arp
 Remote-backup-service: rbs1
 Backup-ID            : 1
 track protocol       : E-TRUNK
     E-Trunk  ID      : 1
     Eth-trunk ID     : 10
 Interface            :
                        Eth-Trunk10
 Forwarding Configured: Slave Forwarding
 Backup mode          : hot
 Slot-Number          : --
 Card-Number          : --
 Port-Number          : --
 IP-Pool              :
                        pool1
"""


def test_rbp_etrunk_binding_of_the_scenario() -> None:
    rbp = parse_rbp(RBP_ETRUNK)
    assert rbp.service_types == ("arp",)
    assert (rbp.rbs, rbp.backup_id, rbp.track_protocol) == ("rbs1", 1, "E-TRUNK")
    assert (rbp.e_trunk_id, rbp.eth_trunk_id) == (1, 10)
    # "pool1" under IP-Pool is not an interface name.
    assert rbp.interfaces == ("Eth-Trunk10",)
    assert (rbp.vrrp_id, rbp.state, rbp.forwarding) == (None, None, "Slave Forwarding")


def test_rbp_without_service_type_lists_none() -> None:
    # A profile without `service-type` shows the placeholder, not a service called "--".
    rbp = parse_rbp(RBP_ETRUNK.replace("Service              : arp", "Service              : --"))
    assert rbp.service_types == ()


def test_rbp_with_crlf_and_no_echo() -> None:
    text = RBP_ETRUNK.split("\n", 1)[1].replace("\n", "\r\n")
    assert parse_rbp(text) == parse_rbp(RBP_ETRUNK)


def test_rbp_list_layout_is_rejected_by_the_single_profile_parser() -> None:
    text = "----------REMOTE-BACKUP-PROFILE----------\n  PROFILE-ID  PROFILE-NAME\n"
    with pytest.raises(UnsupportedLayout, match="list of all profiles"):
        parse_rbp(text)
