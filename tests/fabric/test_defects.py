"""Each injectable defect breaks the simulated firmware where it should, and only there.

Every test runs the same scenario healthy and with the defect: the healthy run shows the
documented behaviour, the defective one the regression.
"""

from __future__ import annotations

import asyncio

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.sim.defects import DESCRIPTIONS, Defect, Defects, UnknownDefect
from nornir_arpha.sim.device_runtime import PingRequest, ShowETrunk, ShowRbs
from nornir_arpha.sim.fabric.forwarding import SLOW_FAILOVER_BUDGETS
from nornir_arpha.sim.render.config_text import current_configuration
from tests.fabric.conftest import ManualLab

HEALTHY_OR_DEFECTIVE = pytest.mark.parametrize(
    "defective", [False, True], ids=["healthy", "defect"]
)


def configured_lab(lab: Lab, defect: Defect, defective: bool) -> ManualLab:
    manual = ManualLab(lab.with_defects([defect] if defective else []))
    manual.clock.advance(10)
    manual.configure()
    return manual


def test_the_registry_describes_every_defect_and_parses_names() -> None:
    assert set(DESCRIPTIONS) == set(Defect)
    assert Defects.parse(["slow-failover", "slow-failover"]) == Defects([Defect.SLOW_FAILOVER])
    assert not Defects.parse([])


def test_an_unknown_name_is_refused_with_the_valid_names() -> None:
    with pytest.raises(UnknownDefect) as caught:
        Defects.parse(["slow-failover", "arp-on-fire"])
    message = str(caught.value)
    assert message.startswith("unknown defect 'arp-on-fire'; valid names: ")
    assert all(defect.value in message for defect in Defect)


def test_the_fabric_refuses_an_unknown_defect(lab_v4: Lab) -> None:
    with pytest.raises(UnknownDefect, match="'typo'"):
        ManualLab(lab_v4.with_defects(["typo"]))


@HEALTHY_OR_DEFECTIVE
def test_arp_backup_not_sent(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.ARP_BACKUP_NOT_SENT, defective)
    assert all(pe.node.rbs["rbs1"].connected for pe in lab.pes)
    remote = [pe.arp().counts()[1] for pe in lab.pes]
    assert (remote == [0, 0]) is defective


@HEALTHY_OR_DEFECTIVE
def test_backup_entries_flushed(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.BACKUP_ENTRIES_FLUSHED, defective)
    local, remote = lab.pe2.arp().counts()
    assert remote > 0
    lab.pe1.shut(lab.pe1.members())
    assert lab.pe2.arp().counts() == ((local, 0) if defective else (local, remote))


@HEALTHY_OR_DEFECTIVE
def test_force_master_ignored(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.FORCE_MASTER_IGNORED, defective)
    member = lab.pe2.show(ShowETrunk(1))[-1].split()
    # Eth-Trunk 10 Up force-master <state> <causation>: the mode is shown as configured.
    assert member[3] == "force-master"
    assert member[4] == ("Backup" if defective else "Master")
    assert lab.pe2.node.ce_forwarding() is not defective


@HEALTHY_OR_DEFECTIVE
def test_slow_failover(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.SLOW_FAILOVER, defective)
    settings = lab.lab.settings
    lab.pe1.shut(lab.pe1.members())
    lab.clock.advance(settings.simulation.route_convergence_s)
    moved = lab.pe2.tx_rate() == pytest.approx(lab.offered)
    assert moved is not defective
    late = SLOW_FAILOVER_BUDGETS * settings.budgets.convergence_s
    lab.clock.advance(late - settings.simulation.route_convergence_s)
    assert lab.pe2.tx_rate() == pytest.approx(lab.offered)


@HEALTHY_OR_DEFECTIVE
def test_rbs_ipv6_never_connects(lab_v4: Lab, lab_v6: Lab, defective: bool) -> None:
    ipv6 = configured_lab(lab_v6, Defect.RBS_IPV6_NEVER_CONNECTS, defective)
    ipv6.clock.advance(60)
    assert all(pe.node.rbs["rbs1"].connected is not defective for pe in ipv6.pes)
    states = {line.split()[-1] for pe in ipv6.pes for line in pe.show_rbs() if "TCP-State" in line}
    assert states == ({"Connecting", "Listening"} if defective else {"Connected"})
    ipv4 = configured_lab(lab_v4, Defect.RBS_IPV6_NEVER_CONNECTS, defective)
    assert all(pe.node.rbs["rbs1"].connected for pe in ipv4.pes)  # IPv4 is fine


@HEALTHY_OR_DEFECTIVE
def test_no_resync_after_recovery(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.NO_RESYNC_AFTER_RECOVERY, defective)
    lab.pe1.shut(lab.pe1.members())
    lab.clock.advance(30)
    lab.pe1.shut(lab.pe1.members(), down=False)
    assert (sum(lab.pe1.arp().counts()) == lab.hosts) is not defective


@HEALTHY_OR_DEFECTIVE
def test_counters_frozen(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.COUNTERS_FROZEN, defective)
    lab.clock.advance(1)
    assert lab.pe2.tx_rate() > 0  # counting until the first link event
    lab.pe1.shut(lab.pe1.members())
    lab.clock.advance(2)
    start = lab.pe2.tx_packets()
    lab.clock.advance(10)
    counted = lab.pe2.tx_packets() - start
    assert counted == (0 if defective else pytest.approx(10 * lab.offered))
    ping = asyncio.run(lab.pe2.runtime.ping(PingRequest("192.168.10.50", count=3)))
    assert "    3 packet(s) received" in ping  # forwarding works either way


@HEALTHY_OR_DEFECTIVE
def test_commit_drops_service_type(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.COMMIT_DROPS_SERVICE_TYPE, defective)
    for pe in lab.pes:
        assert ("arp" in pe.device.running.rbps["rbp1"].service_types) is not defective
        shown = current_configuration(pe.device.running)
        assert (" service-type arp" in shown) is not defective
        assert " backup-id 10 remote-backup-service rbs1" in shown
    assert lab.fabric.hot_backup.active is not defective


@HEALTHY_OR_DEFECTIVE
def test_rbs_never_reconnects(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.RBS_NEVER_RECONNECTS, defective)
    lab.pe1.cli("remote-backup-service rbs1", "shutdown", "commit")
    lab.pe1.cli("remote-backup-service rbs1", "undo shutdown", "commit")
    lab.clock.advance(60)
    assert all(pe.node.rbs["rbs1"].connected is not defective for pe in lab.pes)
    shown = [line for line in lab.pe2.show(ShowRbs("rbs1")) if "TCP-State" in line]
    assert ("Connected" in shown[0]) is not defective
