"""The lab's behaviour on a manual clock: steady state, E-Trunk, RBS, hot backup, failover."""

from __future__ import annotations

import asyncio

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.sim import inferred
from nornir_arpha.sim.device_runtime import (
    PingRequest,
    ShowEthTrunk,
    ShowInterface,
    ShowInterfaceBrief,
)
from nornir_arpha.sim.fabric.arp_table import LOCAL
from nornir_arpha.sim.fabric.hosts import lab_with_hosts
from tests.fabric.conftest import ManualLab

INTER_PE = "GigabitEthernet0/2/0"


def test_boot_steady_state_each_host_on_the_pe_its_flows_hash_to(manual: ManualLab) -> None:
    local = [pe.arp().counts() for pe in manual.pes]
    assert [remote for _, remote in local] == [0, 0]
    assert sum(count for count, _ in local) == manual.hosts
    assert all(count > manual.hosts / 5 for count, _ in local)  # active-active: both learn
    assert sum(pe.tx_rate() for pe in manual.pes) == pytest.approx(manual.offered)
    for pe in manual.pes:  # symmetric hashing: what a PE receives, it also delivers
        assert pe.tx_rate() == pytest.approx(pe.node.arp.kind.count(LOCAL) * manual.offered / 100)


def test_rbs_waits_for_both_sides_then_connects(manual: ManualLab) -> None:
    manual.pe1.configure()
    manual.clock.advance(10)
    endpoint = manual.pe1.node.rbs["rbs1"]
    assert not endpoint.connected
    # The lower source address (PE1's 1.1.1.1) listens, the other side connects.
    assert " TCP-State        : Listening" in manual.pe1.show_rbs()
    manual.pe2.configure()
    assert " TCP-State        : Connecting" in manual.pe2.show_rbs()
    manual.clock.advance(inferred.RBS_CONNECT_DELAY_S)
    for pe in manual.pes:
        assert pe.node.rbs["rbs1"].connected
        assert pe.node.rbs["rbs1"].last_up == pytest.approx(10 + inferred.RBS_CONNECT_DELAY_S)
        assert any(
            "RBS_CHANNEL_STATUS_CHANGE" in line and "channelState=Up" in line
            for line in pe.node.log.lines
        )


def test_rbs_needs_the_same_port_and_a_local_source(manual: ManualLab) -> None:
    manual.configure()
    manual.pe2.cli(
        "remote-backup-service rbs1",
        "undo peer 1.1.1.1",
        "peer 1.1.1.1 source 2.2.2.2 port 2047",
        "commit",
    )
    manual.clock.advance(10)
    assert not manual.pe1.node.rbs["rbs1"].connected
    assert manual.pe1.node.rbs["rbs1"].down_reason in {
        inferred.RBS_DOWN_LOCAL,
        inferred.RBS_DOWN_PEER,
    }
    manual.pe2.cli(
        "remote-backup-service rbs1",
        "undo peer 1.1.1.1",
        "peer 1.1.1.1 source 2.2.2.2 port 2046",
        "commit",
    )
    manual.pe2.cli("interface LoopBack0", "undo ip address 2.2.2.2 32", "commit")
    manual.clock.advance(10)
    assert not manual.pe2.node.rbs["rbs1"].connected
    manual.pe2.cli("interface LoopBack0", "ip address 2.2.2.2 32", "commit")
    manual.clock.advance(10)
    assert manual.pe2.node.rbs["rbs1"].connected


def test_etrunk_elects_by_priority_and_force_master_keeps_both_members_master(
    configured: ManualLab,
) -> None:
    one, two = (pe.node.etrunks[1] for pe in configured.pes)
    assert (one.state, one.causation) == ("Master", "PRI")
    assert (two.state, two.causation) == ("Backup", "PRI")
    for agent in (one, two):
        member = agent.members[10]
        assert (member.state, member.causation, member.phys_up) == ("Master", "FORCE_MASTER", True)
    assert one.received > 0 and two.received > 0 and one.rec_drop == 0
    assert all(pe.node.ce_forwarding() for pe in configured.pes)


def test_lone_etrunk_leaves_init_after_its_fail_time(manual: ManualLab) -> None:
    manual.pe1.configure()
    agent = manual.pe1.node.etrunks[1]
    assert agent.state == "Init"
    manual.clock.advance(2.9)
    assert agent.state == "Init"
    manual.clock.advance(0.2)
    assert (agent.state, agent.causation) == ("Master", "TIMEOUT")


def test_auto_mode_members_follow_the_etrunk_and_the_peer_member(manual: ManualLab) -> None:
    manual.configure()
    for pe in manual.pes:
        pe.cli("interface eth-trunk 10", "undo e-trunk mode", "commit")
    manual.clock.advance(2)
    one, two = (pe.node.etrunks[1].members[10] for pe in manual.pes)
    assert (one.state, one.causation) == ("Master", "ETRUNK_MASTER")
    assert (two.state, two.causation) == ("Backup", "ETRUNK_BACKUP")
    assert not manual.pe2.node.ce_forwarding()  # held down by the E-Trunk: active-standby
    brief = manual.pe2.show(ShowInterfaceBrief())
    row = next(row for row in brief if row.startswith("Eth-Trunk10"))
    assert row.split()[1:3] == [inferred.ETRUNK_BLOCKED_PHY, "down"]
    assert manual.pe2.show(ShowEthTrunk(10, brief=True))[-1].split()[1:4] == ["NORMAL", "Down", "S"]
    manual.clock.advance(1)
    assert manual.pe1.tx_rate() == pytest.approx(manual.offered)

    manual.pe1.shut(manual.pe1.members())
    manual.clock.advance(1)
    assert (one.state, one.causation, one.phys_up) == ("Backup", "PEER_MEMBER_UP", False)
    assert (two.state, two.causation) == ("Master", "PEER_MEMBER_DOWN")

    manual.pe1.shut(manual.pe1.members(), down=False)
    manual.clock.advance(60)
    assert one.state == "Backup" and two.state == "Master"  # waiting for the revert delay
    manual.clock.advance(61)
    assert (one.state, one.causation) == ("Master", "ETRUNK_MASTER")
    assert (two.state, two.causation) == ("Backup", "PEER_MEMBER_UP")


def test_every_entry_is_backed_up_to_the_peer(configured: ManualLab) -> None:
    (local1, remote1), (local2, remote2) = (pe.arp().counts() for pe in configured.pes)
    assert local1 + remote1 == local2 + remote2 == configured.hosts
    assert (remote1, remote2) == (local2, local1)
    configured.clock.advance(600)  # hosts keep refreshing; copies follow
    assert [sum(pe.arp().counts()) for pe in configured.pes] == [configured.hosts] * 2


def _fail_pe1(lab: ManualLab) -> None:
    lab.pe1.shut(lab.pe1.members())


def test_failover_with_hot_backup_pe2_forwards_to_every_host(configured: ManualLab) -> None:
    sim = configured.lab.settings.simulation
    _fail_pe1(configured)
    assert configured.pe1.arp().counts() == (0, 0)
    assert sum(configured.pe2.arp().counts()) == configured.hosts
    configured.clock.advance(sim.route_convergence_s / 2)
    assert configured.pe2.tx_rate() < configured.offered
    configured.clock.advance(sim.route_convergence_s / 2)
    assert configured.pe2.tx_rate() == pytest.approx(configured.offered)
    start = configured.pe2.tx_packets()
    configured.clock.advance(10)
    assert configured.pe2.tx_packets() - start == pytest.approx(10 * configured.offered)
    ping = asyncio.run(configured.pe2.runtime.ping(PingRequest("192.168.10.50", count=3)))
    assert "    3 packet(s) received" in ping


def test_failover_without_hot_backup_loses_the_hosts_pe2_never_learned(
    configured: ManualLab,
) -> None:
    sim = configured.lab.settings.simulation
    for pe in configured.pes:
        pe.cli("interface eth-trunk 10", "undo remote-backup-profile rbp1", "commit")
    configured.clock.advance(1300)  # the copies from the time of the backup age out
    known = configured.pe2.arp().counts()
    assert known[1] == 0 and known[0] < configured.hosts
    _fail_pe1(configured)
    configured.clock.advance(sim.route_convergence_s + 1)
    rate = configured.pe2.tx_rate()
    assert rate < 0.95 * configured.offered
    assert rate == pytest.approx(configured.pe2.arp().counts()[0] * configured.offered / 100)
    missing = configured.hosts - sum(configured.pe2.arp().counts())
    # ARP-miss resolution and the hosts' own ARP fill the gap, far slower than the budget.
    configured.clock.advance(configured.lab.settings.budgets.convergence_s)
    assert configured.pe2.tx_rate() < 0.95 * configured.offered
    configured.clock.advance(missing / sim.arp_miss_rate + 5)
    assert configured.pe2.tx_rate() == pytest.approx(configured.offered)


def test_recovery_resyncs_the_recovered_pe_and_shares_the_load(configured: ManualLab) -> None:
    sim = configured.lab.settings.simulation
    _fail_pe1(configured)
    configured.clock.advance(30)
    configured.pe1.shut(configured.pe1.members(), down=False)
    assert sum(configured.pe1.arp().counts()) == configured.hosts  # batch backup
    configured.clock.advance(max(sim.route_convergence_s, sim.link_detection_s) + 0.1)
    rates = [pe.tx_rate() for pe in configured.pes]
    assert sum(rates) == pytest.approx(configured.offered)
    assert min(rates) > 0.2 * configured.offered


def test_whole_eth_trunk_shutdown_fails_over_like_its_members(configured: ManualLab) -> None:
    configured.pe1.cli("interface eth-trunk 10", "shutdown", "commit")
    node = configured.pe1.node
    assert all(node.ports[p].link_up for p in configured.pe1.members())  # light stays on
    assert not node.ce_forwarding() and configured.pe1.arp().counts() == (0, 0)
    configured.clock.advance(configured.lab.settings.simulation.route_convergence_s)
    assert configured.pe2.tx_rate() == pytest.approx(configured.offered)
    assert configured.pe1.tx_rate() == 0
    brief = configured.pe1.show(ShowInterfaceBrief())
    assert next(row for row in brief if row.startswith("Eth-Trunk10")).split()[1:3] == [
        "*down",
        "down",
    ]


def test_one_member_down_moves_only_its_hosts(configured: ManualLab) -> None:
    sim = configured.lab.settings.simulation
    configured.pe1.shut(configured.pe1.members()[:1])
    assert configured.pe1.node.ce_forwarding()
    configured.clock.advance(max(sim.route_convergence_s, sim.link_detection_s) + 0.1)
    assert sum(pe.tx_rate() for pe in configured.pes) == pytest.approx(configured.offered)
    assert configured.pe1.node.ports[configured.pe1.members()[0]].tx.rate == 0


def test_inter_pe_path_down_drops_the_rbs_and_makes_both_etrunks_master(
    configured: ManualLab,
) -> None:
    configured.pe1.shut([INTER_PE])
    configured.clock.advance(inferred.RBS_ECHO_TIMEOUT_S - 0.5)
    assert configured.pe1.node.rbs["rbs1"].connected  # the echo has not timed out yet
    configured.clock.advance(1)
    for pe in configured.pes:
        endpoint = pe.node.rbs["rbs1"]
        assert not endpoint.connected and endpoint.down_reason == inferred.RBS_DOWN_ECHO
        agent = pe.node.etrunks[1]
        assert (agent.state, agent.causation) == ("Master", "TIMEOUT")
    assert all(pe.node.ce_forwarding() for pe in configured.pes)
    configured.pe1.shut([INTER_PE], down=False)
    configured.clock.advance(3)
    assert all(pe.node.rbs["rbs1"].connected for pe in configured.pes)
    assert configured.pe2.node.etrunks[1].state == "Backup"


def test_rbs_shutdown_closes_the_session_with_a_reason(configured: ManualLab) -> None:
    configured.pe1.cli("remote-backup-service rbs1", "shutdown", "commit")
    assert configured.pe1.node.rbs["rbs1"].down_reason == inferred.RBS_DOWN_LOCAL
    assert configured.pe2.node.rbs["rbs1"].down_reason == inferred.RBS_DOWN_PEER
    assert not configured.fabric.hot_backup.active


def test_stale_entries_age_out(configured: ManualLab) -> None:
    for pe in configured.pes:
        pe.cli("interface eth-trunk 10", "undo remote-backup-profile rbp1", "commit")
    configured.pe1.shut(configured.pe1.members())
    configured.clock.advance(configured.lab.settings.simulation.arp_timeout_s + 1)
    local, remote = configured.pe2.arp().counts()
    assert remote == 0 and local == configured.hosts  # every host re-learned by itself


def test_the_same_seed_and_commands_give_the_same_lab(lab_v4: Lab) -> None:
    def run() -> list[str]:
        lab = ManualLab(lab_v4)
        lab.clock.advance(7)
        lab.configure()
        _fail_pe1(lab)
        lab.clock.advance(33)
        return [*lab.pe2.show_arp(), str(lab.pe2.tx_packets())]

    assert run() == run()


def test_display_interface_lists_every_interface(configured: ManualLab) -> None:
    lines = configured.pe1.show(ShowInterface(None))
    heads = [line.split()[0] for line in lines if line.split()[1:3] == ["current", "state"]]
    assert heads == [
        "Eth-Trunk10",
        "GigabitEthernet0/1/0",
        "GigabitEthernet0/1/1",
        "GigabitEthernet0/2/0",
        "LoopBack0",
    ]


def test_ipv6_peers_connect(lab_v6: Lab) -> None:
    lab = ManualLab(lab_v6)
    lab.configure()
    assert all(pe.node.rbs["rbs1"].connected for pe in lab.pes)
    assert [sum(pe.arp().counts()) for pe in lab.pes] == [lab.hosts] * 2


@pytest.mark.parametrize("hosts", [16_000])
def test_sixteen_thousand_hosts_sync_and_survive_failover(lab_v4: Lab, hosts: int) -> None:
    lab = ManualLab(lab_with_hosts(lab_v4, hosts))
    lab.configure()
    assert [sum(pe.arp().counts()) for pe in lab.pes] == [hosts] * 2
    _fail_pe1(lab)
    lab.clock.advance(lab.lab.settings.simulation.route_convergence_s)
    assert lab.pe2.tx_rate() == pytest.approx(lab.offered)
