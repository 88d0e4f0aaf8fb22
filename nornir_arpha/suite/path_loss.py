"""The inter-PE path fails, then comes back: the step behind case 8.

While the path is down: the RBS drops on both PEs within `budgets.rbs_detection_s` (no
display shows the RBS's detection time, so the lab declares it); each E-Trunk goes Master
with causation TIMEOUT within its peer's fail time (`display e-trunk`, REFERENCE: a broken
inter-PE path yields Master/Master); every host's entry stays on both PEs (losing the channel
withdraws nothing); the traffic is not interrupted (each PE keeps forwarding with its members
in force-master). After the restore: the RBS reconnects, the entries re-sync with the right
values, the roles follow the priorities again and each PE carries its share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from functools import partial

from nornir_arpha.checks.roles import e_trunk_role_problems
from nornir_arpha.lab import Lab
from nornir_arpha.parsers.records import RbsInfo
from nornir_arpha.suite.faults import PathFault
from nornir_arpha.suite.outage import TrafficFigures
from nornir_arpha.suite.pair_health import assess_pair
from nornir_arpha.suite.probes import PeProbe
from nornir_arpha.suite.recorder import TimelineRecorder, recording
from nornir_arpha.suite.step import FailoverRecord, steady_before_fault
from nornir_arpha.tasks.polling import Deadline, poll
from nornir_arpha.traffic import TrafficSource, host_macs

PathOutage = Callable[[], AbstractContextManager["PathVerdict"]]


@dataclass
class PathVerdict:
    """What the pair showed while the inter-PE path was down; `problems` empty: passed."""

    traffic: TrafficFigures = field(default_factory=lambda: TrafficFigures("counters"))
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    def report(self) -> str:
        return "\n".join(self.problems + self.notes)


def channel_down_problems(lab: Lab, probe: Callable[[str], PeProbe]) -> list[str]:
    """Both PEs see the RBS down within `budgets.rbs_detection_s`."""
    deadline = Deadline.from_lab(lab, lab.settings.budgets.rbs_detection_s)
    problems = []
    for pe in lab.pair:
        name = lab.intent(pe).rbs.name
        seen = poll(partial(_rbs, probe(pe), name), lambda info: not info.connected, deadline)
        if not seen.met:
            problems.append(
                f"{pe}: 'display remote-backup-service {name}' still shows TCP-State "
                f"{seen.value.tcp_state} {seen.elapsed_s * lab.time_scale:.1f} lab-s after the "
                f"inter-PE path failed (budgets.rbs_detection_s "
                f"{lab.settings.budgets.rbs_detection_s:g})"
            )
    return problems


def _rbs(pe: PeProbe, name: str) -> RbsInfo:
    return pe.rbs(name)[0]


def roles_without_peer_problems(lab: Lab, probe: Callable[[str], PeProbe]) -> list[str]:
    """Each E-Trunk goes Master (TIMEOUT) within its peer's fail time, as `display e-trunk`
    states it (`Peer-Fail-Time`, 100 ms units), plus the lab's poll interval."""

    def read() -> list[str]:
        infos = {pe: probe(pe).e_trunk(lab.intent(pe).e_trunk.id)[0] for pe in lab.pair}
        return e_trunk_role_problems(infos, peer_heard=False)

    first = {pe: probe(pe).e_trunk(lab.intent(pe).e_trunk.id)[0] for pe in lab.pair}
    fail_s = max((info.peer_fail_time or info.fail_time or 30) / 10 for info in first.values())
    wait = fail_s + 2 * lab.settings.budgets.poll_interval_s
    outcome = poll(read, lambda problems: not problems, Deadline.from_lab(lab, wait))
    return [f"{problem} ({wait:g} lab-s after the path failed)" for problem in outcome.value]


def make_path_outage(
    lab: Lab,
    path_fault: Callable[[str], AbstractContextManager[PathFault]],
    probe: Callable[[str], PeProbe],
    record: FailoverRecord,
    traffic: TrafficSource,
) -> PathOutage:
    """`with path_outage() as verdict:` — the first PE's inter-PE port shut, then restored;
    leaving the block judges the restore and fails on any problem."""

    @contextmanager
    def path_outage() -> Iterator[PathVerdict]:
        with recording(lab, probe, traffic, record) as recorder:
            yield from _path_outage(recorder)

    def _path_outage(recorder: TimelineRecorder) -> Iterator[PathVerdict]:
        pe = lab.pair[0]
        watched = recorder.probe  # every Eth-Trunk reading also goes to the timeline
        macs = host_macs(traffic)
        steady, watch = steady_before_fault(lab, watched, traffic, macs, recorder)
        record.pe = " and ".join(lab.pair)
        record.fault = f"{pe}: shut {lab.inter_pe_ports(pe)[0]} (the inter-PE path)"
        with path_fault(pe) as fault:
            recorder.faults.append(fault)
            verdict = PathVerdict()
            verdict.problems += channel_down_problems(lab, probe)
            verdict.problems += roles_without_peer_problems(lab, probe)
            during = assess_pair(
                lab, watched, "while the inter-PE path is down", macs, peers_heard=False
            )
            verdict.problems += during.problems
            verdict.traffic, problems, verdict.notes = watch.judge_fault(fault.applied_at)
            verdict.problems += problems
            record.note_traffic(verdict.traffic)
            yield verdict
            watch.before_restore()
        problems = watch.judge_restore(fault.restored_at, verdict.traffic)
        record.note_traffic(verdict.traffic)
        problems += assess_pair(lab, watched, macs=macs, shares=steady.rates_pps).problems
        assert not problems, "after the restore:\n" + "\n".join(problems)

    return path_outage
