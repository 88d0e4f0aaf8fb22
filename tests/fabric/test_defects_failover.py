"""The E-Trunk, channel, forwarding, counter and commit defects, healthy against defective.

Each test runs one scenario on a manual clock and reads what a client reads: `display
e-trunk`, `display remote-backup-service`, `display interface`, the running config, and the
delivery ledger the simulator's traffic generator counts frames from.
"""

from __future__ import annotations

import re

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.sim.defects import Defect
from nornir_arpha.sim.device_runtime import ShowETrunk, ShowInterface
from nornir_arpha.sim.fabric.delivery import DOWNSTREAM, UPSTREAM
from nornir_arpha.sim.fabric.traffic import SURVIVOR_DROP_EVERY
from nornir_arpha.sim.render.config_text import current_configuration
from tests.fabric.conftest import Pe
from tests.fabric.test_defects import HEALTHY_OR_DEFECTIVE, configured_lab

INTER_PE_PORT = "GigabitEthernet0/2/0"


def field(lines: list[str], name: str) -> str:
    """The value after `name :` in a display (first occurrence; two columns per line)."""
    pattern = re.compile(rf"(?:^|\s){re.escape(name)}\s*:\s*(\S+(?: \S+)*)")
    for line in lines:
        found = pattern.search(line)
        if found:
            return found.group(1)
    raise AssertionError(f"{name} not in {lines}")


def etrunk_state(pe: Pe) -> tuple[str, str]:
    shown = pe.show(ShowETrunk(1))
    return field(shown, "State"), field(shown, "Causation")


PACKETS_RE = re.compile(r"^\s*(?:Input|Output):\s*(?:\d+ bytes, )?(\d+) packets")


def packets(pe: Pe, interface: str) -> tuple[int, int]:
    """(input, output) packets of `display interface NAME` (Eth-Trunk or port layout)."""
    found = [
        int(m.group(1))
        for line in pe.show(ShowInterface(interface))
        if (m := PACKETS_RE.match(line))
    ]
    return found[0], found[1]


@HEALTHY_OR_DEFECTIVE
def test_etrunk_priority_inverted(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.ETRUNK_PRIORITY_INVERTED, defective)
    assert [field(pe.show(ShowETrunk(1)), "Priority") for pe in lab.pes] == ["10", "20"]
    roles = [etrunk_state(pe) for pe in lab.pes]
    expected = [("Backup", "PRI"), ("Master", "PRI")]
    assert roles == (expected if defective else expected[::-1])


@HEALTHY_OR_DEFECTIVE
def test_etrunk_ignores_peer_loss(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.ETRUNK_IGNORES_PEER_LOSS, defective)
    assert [etrunk_state(pe) for pe in lab.pes] == [("Master", "PRI"), ("Backup", "PRI")]
    lab.pe1.shut([INTER_PE_PORT])
    lab.clock.advance(5)  # over the 3 s fail time
    assert etrunk_state(lab.pe1) == ("Master", "TIMEOUT")
    assert etrunk_state(lab.pe2) == (("Backup", "PRI") if defective else ("Master", "TIMEOUT"))


@HEALTHY_OR_DEFECTIVE
def test_rbs_flaps_on_access_fault(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.RBS_FLAPS_ON_ACCESS_FAULT, defective)
    before = [field(pe.show_rbs(), "Last up time") for pe in lab.pes]
    lab.clock.advance(10)
    lab.pe1.shut(lab.pe1.members()[:1])
    fault = lab.fabric.clock.now
    lab.clock.advance(2)
    for pe, up in zip(lab.pes, before, strict=True):
        shown = pe.show_rbs()
        assert field(shown, "TCP-State") == "Connected"
        reconnected = pe.runtime.views.time(fault + 1.0)
        assert field(shown, "Last up time") == (reconnected if defective else up)
        assert any("Last down time" in line for line in shown) is defective
    assert lab.fabric.hot_backup.active


@HEALTHY_OR_DEFECTIVE
def test_survivor_drops_some(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.SURVIVOR_DROPS_SOME, defective)
    ledger = lab.fabric.track_delivery()
    traffic = lab.fabric.forwarding.traffic
    assert traffic is not None
    taken = [host for host in range(lab.hosts) if traffic.dn_pe[host] == 0]
    assert len(taken) == 56
    lab.pe1.shut(lab.pe1.members())
    lab.clock.advance(5)  # the core moved everything to PE2
    dropped = set(taken[::SURVIVOR_DROP_EVERY]) if defective else set()
    assert len(dropped) == (2 if defective else 0)
    lost = {host for host in range(lab.hosts) if not ledger.is_delivered(DOWNSTREAM, host)}
    assert lost == dropped
    assert sum(lab.pe2.arp().counts()) == lab.hosts  # every entry is there
    assert lab.pe2.tx_rate() == pytest.approx(lab.offered * (lab.hosts - len(dropped)) / 100)
    start = packets(lab.pe2, "Eth-Trunk10")[1]
    lab.clock.advance(10)
    sent = packets(lab.pe2, "Eth-Trunk10")[1] - start
    assert sent == pytest.approx(10 * lab.offered * (lab.hosts - len(dropped)) / 100, abs=1)
    # Both PEs up again: nothing is taken over, nothing dropped.
    lab.pe1.shut(lab.pe1.members(), down=False)
    lab.clock.advance(5)
    assert all(ledger.is_delivered(DOWNSTREAM, host) for host in range(lab.hosts))


@HEALTHY_OR_DEFECTIVE
def test_counters_double_count(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.COUNTERS_DOUBLE_COUNT, defective)
    members = lab.pe2.members()

    def member_sum() -> tuple[int, int]:
        counts = [packets(lab.pe2, name) for name in members]
        return sum(c[0] for c in counts), sum(c[1] for c in counts)

    trunk0, members0 = packets(lab.pe2, "Eth-Trunk10"), member_sum()
    lab.clock.advance(10)
    trunk1, members1 = packets(lab.pe2, "Eth-Trunk10"), member_sum()
    assert [t1 - t0 for t0, t1 in zip(trunk0, trunk1, strict=True)] == [
        m1 - m0 for m0, m1 in zip(members0, members1, strict=True)
    ]  # before the first link event, right either way
    lab.pe1.shut(lab.pe1.members()[:1])
    lab.clock.advance(2)
    trunk0, members0 = packets(lab.pe2, "Eth-Trunk10"), member_sum()
    lab.clock.advance(10)
    trunk1, members1 = packets(lab.pe2, "Eth-Trunk10"), member_sum()
    factor = 2 if defective else 1
    member_delta = [m1 - m0 for m0, m1 in zip(members0, members1, strict=True)]
    assert member_delta[1] == pytest.approx(10 * lab.pe2.tx_rate(), abs=1)
    assert [t1 - t0 for t0, t1 in zip(trunk0, trunk1, strict=True)] == pytest.approx(
        [factor * d for d in member_delta], abs=2
    )


@HEALTHY_OR_DEFECTIVE
def test_member_stays_blocked(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.MEMBER_STAYS_BLOCKED, defective)
    ledger = lab.fabric.track_delivery()
    port = lab.pe1.members()[0]
    link = next(ln.index for ln in lab.fabric.links.ce_links if (ln.pe, ln.port) == (0, port))
    traffic = lab.fabric.forwarding.traffic
    assert traffic is not None
    on_link = [host for host in range(lab.hosts) if traffic.ce_assign[host] == link]
    assert on_link
    lab.pe1.shut([port])
    lab.clock.advance(5)
    lab.pe1.shut([port], down=False)
    lab.clock.advance(5)
    shown = lab.pe1.show(ShowInterface(port))
    assert shown[0].startswith(f"{port} current state : UP")
    start = packets(lab.pe1, port)
    lab.clock.advance(10)
    moved = [b - a for a, b in zip(start, packets(lab.pe1, port), strict=True)]
    # The CE hashes the same hosts onto the port again either way.
    assert [h for h in range(lab.hosts) if traffic.ce_assign[h] == link] == on_link
    if defective:
        assert moved == [0, 0]
        assert not any(ledger.is_delivered(UPSTREAM, host) for host in on_link)
    else:
        assert moved[0] == pytest.approx(10 * lab.offered * len(on_link) / lab.hosts, abs=1)
        assert all(ledger.is_delivered(UPSTREAM, host) for host in on_link)
    assert all(ledger.is_delivered(DOWNSTREAM, host) for host in range(lab.hosts))


def trunk_section(pe: Pe) -> list[str]:
    """The `interface Eth-Trunk10` section of `display current-configuration`."""
    lines = current_configuration(pe.device.running)
    start = lines.index("interface Eth-Trunk10")
    end = lines.index("#", start)
    return lines[start:end]


@HEALTHY_OR_DEFECTIVE
def test_teardown_removes_trunk_address(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.TEARDOWN_REMOVES_TRUNK_ADDRESS, defective)
    address = " ip address 192.168.10.1 255.255.255.0"
    assert address in trunk_section(lab.pe1)  # the set-up commits keep it
    assert " e-trunk 1" in trunk_section(lab.pe1)
    lab.pe1.cli(
        "interface eth-trunk 10", "undo remote-backup-profile rbp1", "undo e-trunk", "commit"
    )
    section = trunk_section(lab.pe1)
    assert " e-trunk 1" not in section
    assert (address in section) is not defective
    assert address in trunk_section(lab.pe2)  # untouched: no commit there


@HEALTHY_OR_DEFECTIVE
def test_rbs_slow_path_detection(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.RBS_SLOW_PATH_DETECTION, defective)
    lab.pe1.shut([INTER_PE_PORT])
    lab.clock.advance(5)  # past the 3 s echo timeout, short of 4x it
    states = {field(pe.show_rbs(), "TCP-State") for pe in lab.pes}
    assert ("Connected" in states) is defective
    lab.clock.advance(10)  # past 4x the echo timeout: down either way
    assert "Connected" not in {field(pe.show_rbs(), "TCP-State") for pe in lab.pes}


@HEALTHY_OR_DEFECTIVE
def test_core_moves_half_back(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.CORE_MOVES_HALF_BACK, defective)
    before = lab.pe1.tx_rate()
    assert before > 0
    lab.pe1.shut(lab.pe1.members())
    lab.clock.advance(5)
    assert lab.pe1.tx_rate() == 0
    lab.pe1.shut(lab.pe1.members(), down=False)
    lab.clock.advance(5)
    # Nothing is lost either way: only where the core sends it differs.
    assert lab.pe1.tx_rate() + lab.pe2.tx_rate() == pytest.approx(lab.offered)
    if defective:
        assert 0.3 * before < lab.pe1.tx_rate() < 0.7 * before
    else:
        assert lab.pe1.tx_rate() == pytest.approx(before)
