"""Judging a survivor from its readings: counter sums, frozen counters, the counter-defect verdict.

A scripted probe stands in for the PE (the same path over SSH is covered by the detection
matrix); each `interface()` reading returns the next counters of its script and repeats the
last one once the script is used up.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence

import pytest

from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.parsers.records import ArpEntry, ArpTable, InterfaceInfo, PingResult
from nornir_arpha.suite.failover import (
    COUNTER_DEFECT,
    assess_survivor,
    counter_reader,
    counters_stand_still,
)
from nornir_arpha.suite.probes import PeProbe, Reading


def interface(name: str, in_packets: int | None, out_packets: int | None) -> InterfaceInfo:
    return InterfaceInfo(
        name=name,
        state="UP",
        line_protocol="UP",
        line_protocol_reason=None,
        description=None,
        ip_address=None,
        mac=None,
        in_packets=in_packets,
        in_bytes=None,
        out_packets=out_packets,
        out_bytes=None,
        in_rate_bps=None,
        in_rate_pps=None,
        out_rate_bps=None,
        out_rate_pps=None,
        members=(),
        ports_in_trunk=None,
        up_ports_in_trunk=None,
    )


def taken_now(command: str) -> Reading:
    """A reading of `command` taken at this instant (no round trip)."""
    now = time.monotonic()
    return Reading(command, "", now, now)


class ScriptedProbe(PeProbe):
    """A PE whose Eth-Trunk counters follow `counters` ((in, out) per reading)."""

    def __init__(
        self,
        host: str,
        counters: Sequence[tuple[int | None, int | None]],
        arp_ips: Sequence[str] = (),
        ping_ok: bool = True,
    ) -> None:
        self.host = host
        self._counters = list(counters)
        self._arp_ips = arp_ips
        self._ping_ok = ping_ok
        self.readings = 0

    def interface(self, name: str) -> tuple[InterfaceInfo, Reading]:
        in_packets, out_packets = self._counters[min(self.readings, len(self._counters) - 1)]
        self.readings += 1
        reading = taken_now(f"display interface {name}")
        return interface(name, in_packets, out_packets), reading

    def arp(self) -> tuple[ArpTable, Reading]:
        entries = tuple(
            ArpEntry(ip, "00e0-fc12-3456", 20, "D-0", "Eth-Trunk10", None, None)
            for ip in self._arp_ips
        )
        table = ArpTable(entries, len(entries), len(entries), 0, 0, 0, 0)
        return table, taken_now("display arp all")

    def ping(self, targets: Sequence[str], retry_count: int = 3) -> dict[str, PingResult]:
        received = 1 if self._ping_ok else 0
        return {
            ip: PingResult(ip, 1, received, 100.0 * (1 - received), None, None, None)
            for ip in targets
        }


@pytest.fixture
def lab() -> Lab:
    """labs/sim with a short convergence budget, so a failed measurement ends quickly."""
    lab = load_lab(SHIPPED_LABS / "sim")
    budgets = lab.settings.budgets.model_copy(update={"convergence_s": 0.5})
    return dataclasses.replace(lab, settings=lab.settings.model_copy(update={"budgets": budgets}))


def hosts(lab: Lab) -> list[str]:
    return [str(ip) for ip in lab.settings.ce.host_ips()]


@pytest.mark.parametrize(
    ("counters", "still"),
    [
        ([(100, 200), (100, 200)], True),
        ([(100, 200), (150, 200)], False),  # the CE's upstream arrives; the core sends elsewhere
        ([(100, 200), (100, 260)], False),
        ([(100, 200), (150, 260)], False),
    ],
    ids=["both-frozen", "input-moves", "output-moves", "both-move"],
)
def test_counters_stand_still_only_when_both_counters_freeze(
    lab: Lab, counters: list[tuple[int, int]], still: bool
) -> None:
    probe = ScriptedProbe("PE2", counters)
    assert counters_stand_still(lab, probe) is still
    assert probe.readings == 2


def test_counter_reader_sums_both_directions_over_the_carriers(lab: Lab) -> None:
    read = counter_reader(lab, [ScriptedProbe("PE1", [(10, 20)]), ScriptedProbe("PE2", [(1, 2)])])
    reading = read()
    assert (reading.in_packets, reading.out_packets) == (11, 22)


def test_a_trunk_without_an_input_counter_is_named(lab: Lab) -> None:
    read = counter_reader(lab, [ScriptedProbe("PE2", [(None, 20)])])
    with pytest.raises(
        AssertionError,
        match=r"PE2: 'display interface Eth-Trunk10' shows no "
        r"input packet counter",
    ):
        read()


def test_frozen_counters_on_a_forwarding_survivor_are_called_a_counter_defect(lab: Lab) -> None:
    probe = ScriptedProbe("PE2", [(500, 700)], arp_ips=hosts(lab))
    verdict = assess_survivor(lab, probe, time.monotonic())
    assert not verdict.passed
    (problem,) = verdict.problems
    assert problem.startswith(
        "PE2: 'display interface Eth-Trunk10' output counters rose at only 0 pps and input "
        "counters rose at only 0 pps, below 95 % of the offered 1000 pps"
    )
    assert problem.endswith(COUNTER_DEFECT)


@pytest.mark.parametrize(
    ("arp_complete", "ping_ok"),
    [(False, True), (True, False)],
    ids=["entries-missing", "ping-fails"],
)
def test_frozen_counters_without_proof_of_forwarding_are_not_blamed_on_counters(
    lab: Lab, arp_complete: bool, ping_ok: bool
) -> None:
    expected = hosts(lab)
    probe = ScriptedProbe(
        "PE2", [(500, 700)], arp_ips=expected if arp_complete else expected[1:], ping_ok=ping_ok
    )
    verdict = assess_survivor(lab, probe, time.monotonic())
    assert len(verdict.problems) == 2  # the missing entries or pings, and the rate
    assert not any(COUNTER_DEFECT in problem for problem in verdict.problems)
    assert any("output counters rose at only 0 pps" in problem for problem in verdict.problems)


def test_only_the_direction_that_falls_short_is_named(lab: Lab) -> None:
    """Output grows at the full rate, input stands still: the verdict blames the input."""
    rate = lab.settings.ce.offered_pps * lab.time_scale  # packets per wall second
    start = time.monotonic()

    class OutputOnly(ScriptedProbe):
        def interface(self, name: str) -> tuple[InterfaceInfo, Reading]:
            now = time.monotonic()
            out = round(rate * (now - start))
            return interface(name, 500, out), Reading(f"display interface {name}", "", now, now)

    verdict = assess_survivor(lab, OutputOnly("PE2", [], arp_ips=hosts(lab)), start)
    (problem,) = verdict.problems
    assert "input counters rose at only 0 pps" in problem
    assert "output counters" not in problem
