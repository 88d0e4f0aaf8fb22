"""A failover as one step: fault, judge the survivor, restore; the test cases get it from the
pytest plugin's `failover` fixture, and anything else can build it with `make_failover`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, ExitStack, contextmanager
from typing import Protocol

from nornir_arpha.checks.roles import e_trunk_role_problems, rbs_continuity_problems
from nornir_arpha.lab import Lab
from nornir_arpha.suite import PeProbe
from nornir_arpha.suite.failover import SurvivorVerdict, assess_survivor, pre_fault_readings
from nornir_arpha.suite.faults import LinkFault
from nornir_arpha.suite.outage import OutageWatch, TrafficFigures
from nornir_arpha.suite.pair_health import PairHealth, assess_pair
from nornir_arpha.suite.recorder import (
    UNRECORDED,
    FailoverTimeline,
    Recorder,
    TimelineRecorder,
    recording,
)
from nornir_arpha.traffic import TrafficSource, host_macs

FaultFactory = Callable[[str, str], AbstractContextManager[LinkFault]]


class Snapshots(Protocol):
    """Takes both PEs' state at a named phase (`before`, `after`) and keeps it."""

    def take(self, phase: str) -> object: ...


class FailoverRecord(Protocol):
    """Where a failover notes what it did and what the survivor showed."""

    pe: str
    fault: str

    def note_survivor(self, verdict: SurvivorVerdict) -> None: ...

    def note_traffic(self, figures: TrafficFigures) -> None: ...

    def note_timeline(self, timeline: FailoverTimeline) -> None: ...


class Failover(Protocol):
    """`with failover(pe, scope) as verdict:`; `first`, when given, is entered before the
    links are shut (another fault, e.g. the backup channel's loss) and `first_label` names it
    in the report."""

    def __call__(
        self,
        pe: str,
        scope: str,
        first: AbstractContextManager[object] | None = None,
        first_label: str = "",
    ) -> AbstractContextManager[SurvivorVerdict]: ...


# What each fault scope shuts on the faulted PE.
SCOPES = ("one-member", "all-members", "eth-trunk")


def fault_targets(lab: Lab, pe: str, scope: str) -> list[str]:
    """The interfaces a scope shuts.

    Raises:
        ValueError: unknown scope
    """
    trunk = lab.intent(pe).eth_trunk
    targets = {
        "one-member": trunk.members[:1],
        "all-members": list(trunk.members),
        "eth-trunk": [trunk.name],
    }
    if scope not in targets:
        raise ValueError(f"unknown fault scope '{scope}'; expected one of {', '.join(SCOPES)}")
    return targets[scope]


def steady_before_fault(
    lab: Lab,
    probe: Callable[[str], PeProbe],
    traffic: TrafficSource,
    macs: Mapping[str, str] | None,
    recorder: Recorder = UNRECORDED,
) -> tuple[PairHealth, OutageWatch]:
    """The pair in its steady state before a fault, and the traffic marked from there
    (`recorder` waits out the tester's settle window and keeps its marks).

    Raises:
        AssertionError: the pair is not in a steady state (naming what is wrong)
    """
    steady = assess_pair(lab, probe, "before the fault", macs)
    assert steady.passed, f"the pair is not in a steady state:\n{steady.report()}"
    watch = OutageWatch(lab, traffic, recorder)
    losing = watch.before_fault()
    assert not losing, f"the pair is not in a steady state: hosts losing frames: {losing}"
    return steady, watch


def roles_and_channel(
    lab: Lab, probe: Callable[[str], PeProbe], steady: PairHealth, channel_untouched: bool
) -> list[str]:
    """While an access-side fault lasts: the E-Trunk roles still follow the priorities (the
    PEs still hear each other) and, unless the fault is the channel's, the RBS has not
    flapped on either PE."""
    e_trunks = {pe: probe(pe).e_trunk(lab.intent(pe).e_trunk.id)[0] for pe in lab.pair}
    problems = [f"{p} while the fault lasts" for p in e_trunk_role_problems(e_trunks)]
    if channel_untouched:
        for pe in lab.pair:
            now = probe(pe).rbs(lab.intent(pe).rbs.name)[0]
            problems += rbs_continuity_problems(pe, steady.rbs[pe], now, "the fault")
    return problems


def make_failover(
    lab: Lab,
    link_fault: FaultFactory,
    probe: Callable[[str], PeProbe],
    state: Snapshots,
    record: FailoverRecord,
    traffic: TrafficSource,
) -> Failover:
    """`with failover(pe, scope) as verdict:` — see the plugin's `failover` fixture. Leaving
    the block restores the links, then judges the restore: the tester's outage while traffic
    moves back, and the pair's health (RBS, every host's entry on both PEs, load shared); any
    problem fails the case."""

    @contextmanager
    def failover(
        pe: str,
        scope: str,
        first: AbstractContextManager[object] | None = None,
        first_label: str = "",
    ) -> Iterator[SurvivorVerdict]:
        with recording(lab, probe, traffic, record) as recorder:
            yield from _failover(recorder, pe, scope, first, first_label)

    def _failover(
        recorder: TimelineRecorder,
        pe: str,
        scope: str,
        first: AbstractContextManager[object] | None,
        first_label: str,
    ) -> Iterator[SurvivorVerdict]:
        watched = recorder.probe  # every Eth-Trunk reading also goes to the timeline
        survivor = lab.peer_of(pe)
        targets = fault_targets(lab, pe, scope)
        partial = scope == "one-member" and len(targets) < len(lab.intent(pe).eth_trunk.members)
        carriers = (watched(survivor), watched(pe)) if partial else (watched(survivor),)
        then = f"{first_label}, then " if first_label else ""
        record.pe, record.fault = survivor, f"{pe} {scope}: {then}shut {', '.join(targets)}"
        macs = host_macs(traffic)
        steady, watch = steady_before_fault(lab, watched, traffic, macs, recorder)
        state.take("before")
        before = pre_fault_readings(lab, carriers, recorder)
        with ExitStack() as faults:
            if first is not None:
                faults.enter_context(first)
            applied = [faults.enter_context(link_fault(pe, target)) for target in targets]
            recorder.faults += applied
            verdict = assess_survivor(
                lab,
                watched(survivor),
                applied[-1].applied_at,
                carriers,
                before,
                macs=steady.macs,
                sweep=traffic.kind != "otg",
                recorder=recorder,
            )
            verdict.problems += roles_and_channel(lab, probe, steady, first is None)
            figures = verdict.judge_traffic(watch, applied[-1].applied_at)
            state.take("after")
            record.note_survivor(verdict)
            yield verdict
            watch.before_restore()
        restored_at = max(fault.restored_at for fault in applied)
        problems = watch.judge_restore(restored_at, figures)
        record.note_traffic(figures)  # the restore outage, now measured
        recovery = assess_pair(lab, watched, macs=macs, shares=steady.rates_pps)
        problems += recovery.problems
        if first is None:  # the fault did not touch the channel: it must not have flapped
            problems += [
                problem
                for pe in lab.pair
                for problem in rbs_continuity_problems(
                    pe, steady.rbs[pe], recovery.rbs[pe], "the fault and its restore"
                )
            ]
        assert not problems, "after the restore:\n" + "\n".join(problems)

    return failover
