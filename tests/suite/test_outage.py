"""The outage watch judges a failover and its restore from a tester's per-host frame counts.

A scripted tester stands in for the OTG endpoint (the endpoint itself is driven through
snappi in tests/sim): each flow sends 100 frames per second and loses them during the
intervals its script gives, counted from the fault (wall = lab seconds here).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping

import pytest

from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.lab.intent import OtgTester, Traffic
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.suite.measure import Convergence
from nornir_arpha.suite.outage import OutageWatch, counter_figures
from nornir_arpha.traffic import DOWN, UP, EmulatedHost, FlowCount, HostFlow, TrafficMark
from nornir_arpha.traffic.pe_counters import CounterTraffic

RATE = 100.0
HOSTS = ("192.168.10.2", "192.168.10.3")


@pytest.fixture
def lab() -> Lab:
    lab = load_lab(SHIPPED_LABS / "sim")
    settings = lab.settings
    tester = OtgTester(location="http://127.0.0.1:1", settle_s=0.05, in_flight_frames=0)
    return dataclasses.replace(
        lab,
        settings=settings.model_copy(
            update={
                "budgets": settings.budgets.model_copy(
                    update={"convergence_s": 0.2, "restore_outage_s": 0.1}
                ),
                "simulation": settings.simulation.model_copy(update={"time_scale": 1.0}),
                "traffic": Traffic(source="otg", otg=tester),
            }
        ),
    )


class ScriptedTester:
    """Flows that lose frames during `losses[flow]` intervals (s after `zero`)."""

    kind = "otg"

    def __init__(self, losses: Mapping[str, list[tuple[float, float]]]) -> None:
        self.zero = time.monotonic()
        self.losses = losses

    def describe(self) -> str:
        return "a scripted tester"

    def flows(self) -> Mapping[str, HostFlow]:
        return {f"{d} {host}": HostFlow(host, d, RATE) for host in HOSTS for d in (DOWN, UP)}

    def mark(self) -> TrafficMark:
        now = time.monotonic()
        elapsed = now - self.zero
        counts = {}
        for name in self.flows():
            lost_s = sum(
                max(0.0, min(elapsed, end) - start) for start, end in self.losses.get(name, [])
            )
            counts[name] = FlowCount(round(RATE * elapsed), round(RATE * (elapsed - lost_s)))
        return TrafficMark(now, now, 0, counts)

    def start(self) -> float:
        return 0.0

    def stop(self) -> None: ...

    def hosts(self) -> list[EmulatedHost]:
        return []

    def add_host(self, ip: str, mac: str | None = None) -> EmulatedHost:
        raise NotImplementedError

    def remove_host(self, ip: str) -> None: ...

    def change_mac(self, ip: str, mac: str) -> None: ...


CONVERGED = Convergence(True, 0.1, 950.0, steps_s=(0.1, 0.05))


def run_fault(lab: Lab, tester: ScriptedTester, fault_in: float = 0.1) -> tuple[object, ...]:
    """Watch one fault `fault_in` s after the script's zero; returns the figures, problems
    and notes."""
    watch = OutageWatch(lab, tester)
    assert watch.before_fault() == []
    return watch.judge_fault(tester.zero + fault_in, CONVERGED)


def test_a_host_that_converges_within_budget_gives_its_outage(lab: Lab) -> None:
    tester = ScriptedTester({"down 192.168.10.2": [(0.1, 0.2)]})
    figures, problems, notes = run_fault(lab, tester)
    assert problems == [] and notes == []
    assert figures.source == "otg"  # type: ignore[attr-defined]
    assert figures.outage_s[DOWN] == pytest.approx(0.1, abs=0.015)  # type: ignore[attr-defined]
    assert figures.outage_s[UP] == 0.0  # type: ignore[attr-defined]
    assert figures.worst == {DOWN: "192.168.10.2"}  # type: ignore[attr-defined]
    assert figures.hosts_losing == ()  # type: ignore[attr-defined]


def test_a_host_still_losing_after_the_budget_is_named(lab: Lab) -> None:
    tester = ScriptedTester({"up 192.168.10.3": [(0.11, 99.0)]})
    figures, problems, _ = run_fault(lab, tester)
    text = "\n".join(problems)  # type: ignore[arg-type]
    assert "1 host flows still lose frames 0.25 lab-s after the fault" in text
    assert "192.168.10.3 up (" in text
    assert "upstream outage" in text and "over the 0.2 s convergence budget" in text
    assert figures.hosts_losing and "192.168.10.3 up" in figures.hosts_losing[0]  # type: ignore[attr-defined]


def test_hosts_losing_before_the_fault_are_reported(lab: Lab) -> None:
    tester = ScriptedTester({"down 192.168.10.2": [(0.0, 99.0)]})
    losing = OutageWatch(lab, tester).before_fault()
    assert losing and losing[0].startswith("192.168.10.2 down (")


def test_counters_and_tester_far_apart_are_reported(lab: Lab) -> None:
    tester = ScriptedTester({"down 192.168.10.2": [(0.1, 0.25)]})
    watch = OutageWatch(lab, tester)
    watch.before_fault()
    late = Convergence(True, 0.9, 950.0, steps_s=(0.9, 0.0))
    _, _, notes = watch.judge_fault(tester.zero + 0.1, late)
    assert (
        notes and "the PE counters and the tester disagree: counters converged 0.90 s" in notes[0]
    )


def test_the_restore_outage_is_measured_against_its_own_budget(lab: Lab) -> None:
    tester = ScriptedTester({"down 192.168.10.3": [(0.5, 0.65)]})
    figures, _, _ = run_fault(lab, tester)
    watch = OutageWatch(lab, tester)
    watch.before_fault()
    watch.judge_fault(tester.zero + 0.1, CONVERGED)
    watch.before_restore()
    problems = watch.judge_restore(tester.zero + 0.5, figures)  # type: ignore[arg-type]
    assert figures.restore_outage_s == pytest.approx(0.15, abs=0.015)  # type: ignore[attr-defined]
    assert any("over the 0.1 s restore outage budget" in p for p in problems)


def test_with_counters_only_the_steps_stand_in_and_hosts_are_unknown(lab: Lab) -> None:
    watch = OutageWatch(lab, CounterTraffic(lab))
    assert watch.before_fault() == []
    figures, problems, notes = watch.judge_fault(time.monotonic(), CONVERGED)
    assert figures == counter_figures(CONVERGED)
    assert figures.source == "counters" and figures.outage_s == {DOWN: 0.1, UP: 0.05}
    assert figures.hosts_losing is None and problems == [] and notes == []
