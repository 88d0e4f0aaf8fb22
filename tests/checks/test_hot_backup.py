"""The hot-backup checks over records parsed from device-shaped display output."""

from __future__ import annotations

import ipaddress

import pytest

from nornir_arpha.checks import (
    check_arp_hosts,
    check_e_trunk_active,
    check_hot_backup,
    check_rbp_bound,
    check_rbs_connected,
    evidence,
)
from nornir_arpha.lab import HotBackupIntent, PlatformProfile, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.parsers import parse_arp_table, parse_etrunk, parse_rbp, parse_rbs
from nornir_arpha.tasks.state import Display, PeState

RBS = """\
<PE1>display remote-backup-service rbs1
----------------------------------------------------------
 Service-Index    : 1
 Service-Name     : rbs1
 TCP-State        : Connected
 Peer-ip          : 2.2.2.2
 Source-ip        : 1.1.1.1
 TCP-Port         : 2046
 Track-BFD        : --
 SSL-Policy-Name  : --
 SSL-State        : --
 Last up time     : 2026-11-23 10:00:00
----------------------------------------------------------
<PE1>"""

E_TRUNK = """\
<PE1>display e-trunk 1
                          The E-Trunk information

E-Trunk-ID : 1                          Revert-Delay-Time (s) : 120
Priority : 10                           System-ID : 00e0-fc12-3457
Peer-IP : 2.2.2.2                       Source-IP : 1.1.1.1
State : Master                          Causation : PRI
Send-Period (100ms) : 10                Fail-Time (100ms) : 30
Receive : 440                           Send : 450
RecDrop : 0                             SndDrop : 0
Peer-Priority : 20                      Peer-System-ID : 00e0-fc12-3456
Peer-Fail-Time (100ms) : 30             BFD-Session : hello
--------------------------------------------------------------------------------
                            The Member information
Type      ID   LocalPhyState   Work-Mode      State    Causation      Remote-ID
Eth-Trunk 10   Up              force-master   Master   FORCE_MASTER   10
<PE1>"""

RBP = """\
<PE1>display remote-backup-profile rbp1
 -----------------------------------------------
 Profile-Index        : 0x1000
 Profile-Name         : rbp1
 Service              : arp
 Remote-backup-service: rbs1
 Backup-ID            : 10
 track protocol       : E-TRUNK
     E-Trunk  ID      : 1
     Eth-trunk ID     : 10
 Interface            :
                        Eth-Trunk10
 Backup mode          : hot
 Slot-Number          : --
 Card-Number          : --
 Port-Number          : --
<PE1>"""

ARP_HEADER = """\
<PE1>display arp all
IP ADDRESS      MAC ADDRESS     EXPIRE(M) TYPE        INTERFACE   VPN-INSTANCE
                                          VLAN/CEVLAN PVC
------------------------------------------------------------------------------
192.168.10.1    00e0-fc12-0001            I -         Eth-Trunk10
"""


def arp_output(rows: list[tuple[str, str]]) -> str:
    """An ARP table with the gateway and one row per (ip, type)."""
    body = "".join(
        f"{ip:<16}00e0-fc00-{n:04x}  {'18' if kind.startswith('D') else '  '}        "
        f"{kind:<12}Eth-Trunk10\n"
        for n, (ip, kind) in enumerate(rows)
    )
    dynamic = sum(1 for _, kind in rows if kind.startswith("D"))
    remote = len(rows) - dynamic
    return (
        ARP_HEADER
        + body
        + "------------------------------------------------------------------------------\n"
        + f"Total:{len(rows) + 1}         Dynamic:{dynamic}       Static:0    Interface:1    "
        + f"Remote:{remote}\nRedirect:0\n<PE1>"
    )


HOSTS = [ipaddress.ip_address(f"192.168.10.{n}") for n in range(2, 12)]
PROFILE = PlatformProfile()


def intent() -> HotBackupIntent:
    return load_lab(SHIPPED_LABS / "sim").intent("PE1")


def state(
    rbs: str = RBS, e_trunk: str = E_TRUNK, rbp: str = RBP, arp: str | None = None
) -> PeState:
    arp_text = arp if arp is not None else arp_output([(str(ip), "D-0") for ip in HOSTS])
    return PeState(
        host="PE1",
        rbs=parse_rbs(rbs),
        rbp=parse_rbp(rbp),
        e_trunk=parse_etrunk(e_trunk),
        eth_trunk=None,
        arp=parse_arp_table(arp_text),
        displays={
            "rbs": Display("display remote-backup-service rbs1", rbs),
            "rbp": Display("display remote-backup-profile rbp1", rbp),
            "e_trunk": Display("display e-trunk 1", e_trunk),
            "arp": Display("display arp all", arp_text),
        },
    )


def test_healthy_pe_passes_every_check_with_evidence() -> None:
    results = check_hot_backup(state(), intent(), HOSTS, PROFILE)
    assert [r.passed for r in results] == [True, True, True, True], [r.message for r in results]
    rbs = results[0]
    assert rbs.command == "display remote-backup-service rbs1"
    assert " TCP-State        : Connected" in rbs.evidence
    assert "Eth-Trunk 10   Up              force-master   Master   FORCE_MASTER   10" in (
        results[1].evidence
    )


def test_rbs_not_connected_names_the_state() -> None:
    result = check_rbs_connected(state(rbs=RBS.replace("Connected", "Listening")), intent())
    assert not result.passed
    assert result.message == "TCP-State is Listening, expected Connected"
    assert " TCP-State        : Listening" in result.evidence
    assert "[FAIL] PE1: RBS connected: TCP-State is Listening" in result.report()


def test_rbs_wrong_port_fails() -> None:
    result = check_rbs_connected(state(rbs=RBS.replace(": 2046", ": 2047")), intent())
    assert not result.passed
    assert "TCP-Port is 2047, expected 2046" in result.message


def test_member_in_auto_mode_fails_even_when_master() -> None:
    auto = E_TRUNK.replace(
        "force-master   Master   FORCE_MASTER", "auto           Master   ETRUNK_MASTER"
    )
    result = check_e_trunk_active(state(e_trunk=auto), intent(), PROFILE)
    assert not result.passed
    assert "Eth-Trunk10 is Master in work mode auto (causation ETRUNK_MASTER)" in result.message


@pytest.mark.parametrize(
    ("spelling", "passed"),
    [("force-master", False), ("Force-Master", True)],
    ids=["profile-at-the-default-spelling", "profile-with-the-firmwares-spelling"],
)
def test_the_work_mode_is_compared_with_the_profiles_spelling(spelling: str, passed: bool) -> None:
    firmware = E_TRUNK.replace("force-master   Master ", "Force-Master   Master ")
    profile = PlatformProfile(etrunk_force_master=spelling)
    result = check_e_trunk_active(state(e_trunk=firmware), intent(), profile)
    assert result.passed is passed, result.message
    if not passed:
        assert "expected Master in force-master (lab.yaml platform.etrunk_force_master)" in (
            result.message
        )


def test_member_backup_fails() -> None:
    backup = E_TRUNK.replace("force-master   Master ", "force-master   Backup ")
    result = check_e_trunk_active(state(e_trunk=backup), intent(), PROFILE)
    assert not result.passed
    assert "is Backup in work mode force-master" in result.message


def test_rbp_without_arp_and_unbound_fails_with_both_reasons() -> None:
    broken = RBP.replace(": arp", ": igmp-snooping").replace(
        "                        Eth-Trunk10\n", ""
    )
    result = check_rbp_bound(state(rbp=broken), intent())
    assert not result.passed
    assert "'service-type arp' is missing: service types are ['igmp-snooping']" in result.message
    assert "expected Eth-Trunk10" in result.message


def test_missing_arp_hosts_are_counted_and_the_first_few_named() -> None:
    present = [(str(ip), "D-0") for ip in HOSTS[:3]] + [(str(HOSTS[3]), "R-0")]
    result = check_arp_hosts(state(arp=arp_output(present)), HOSTS, PROFILE)
    assert not result.passed
    assert result.message.startswith(
        "6 of 10 CE hosts have no ARP entry: 192.168.10.6, 192.168.10.7, 192.168.10.8, "
        "192.168.10.9, 192.168.10.10 (first 5 shown); 4 of 10 CE hosts present "
        "(3 learned locally, 1 backed up from the peer)"
    )
    assert result.evidence[0].startswith("Total:5")


def test_backed_up_entries_count_as_present() -> None:
    rows = [(str(ip), "R-0") for ip in HOSTS]
    result = check_arp_hosts(state(arp=arp_output(rows)), HOSTS, PROFILE)
    assert result.passed
    assert (
        result.message
        == "10 of 10 CE hosts present (0 learned locally, 10 backed up from the peer)"
    )


def test_refused_display_fails_with_the_device_error() -> None:
    refused = PeState(
        host="PE2",
        rbs=None,
        rbp=None,
        e_trunk=None,
        eth_trunk=None,
        arp=None,
        displays={
            "rbs": Display(
                "display remote-backup-service rbs1",
                "Error: The remote backup service does not exist.",
                "the device answered: Error: The remote backup service does not exist.",
            )
        },
    )
    results = check_hot_backup(refused, intent(), HOSTS, PROFILE)
    assert not any(r.passed for r in results)
    assert results[0].message == (
        "no RBS rbs1 could be read: the device answered: "
        "Error: The remote backup service does not exist."
    )
    assert results[0].evidence == ("Error: The remote backup service does not exist.",)
    assert results[3].message == "no ARP table could be read: not collected"


@pytest.mark.parametrize(
    ("needles", "expected"),
    [
        (["TCP-State"], (" TCP-State        : Connected",)),
        (["nothing-like-this"], None),
    ],
)
def test_evidence_picks_lines_or_falls_back_to_the_output(
    needles: list[str], expected: tuple[str, ...] | None
) -> None:
    lines = evidence(RBS, needles, limit=3)
    assert lines == (expected or tuple(RBS.splitlines()[:3]))
