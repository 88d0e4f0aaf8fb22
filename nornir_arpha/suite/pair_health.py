"""Is the pair healthy? RBS Connected, every host's entry on both PEs, both sharing the load.

Checked after a fault is cleared (recovery), and before each fault so that a failover is
measured from a steady state, not from the tail of the previous one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from nornir_arpha.lab import Lab
from nornir_arpha.parsers.records import RbsInfo
from nornir_arpha.polling import Deadline, poll
from nornir_arpha.suite.failover import (
    ArpCoverage,
    arp_coverage,
    counter_reader,
    time_scale,
)
from nornir_arpha.suite.measure import Convergence, measure_convergence
from nornir_arpha.suite.probes import PeProbe

# Each PE carries its hash share again: at least this much of the offered rate.
MIN_SHARE = 0.2


@dataclass
class PairHealth:
    coverage: dict[str, ArpCoverage] = field(default_factory=dict)
    traffic: dict[str, Convergence] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return "; ".join(f"{host}: {c.summary()}" for host, c in self.coverage.items())

    def report(self) -> str:
        return "\n".join(self.problems)


def assess_pair(
    lab: Lab, probe: Callable[[str], PeProbe], when: str = "after the restore"
) -> PairHealth:
    """Poll both PEs within the lab's budgets and report what is not healthy.

    Args:
        lab: the lab
        probe: makes a `PeProbe` for a PE name
        when: how the problems are dated, e.g. "after the restore", "before the fault"

    Returns:
        the verdict, one sentence per problem
    """
    verdict = PairHealth()
    budgets = lab.settings.budgets
    sync = Deadline.from_lab(lab, budgets.arp_sync_s)
    expected = [str(ip) for ip in lab.settings.ce.host_ips()]
    for host in lab.pair:
        _check_resync(lab, probe(host), expected, sync, verdict, when)
    threshold = MIN_SHARE * lab.settings.ce.offered_pps
    for host in lab.pair:
        trunk = lab.intent(host).eth_trunk.name
        traffic = measure_convergence(
            counter_reader(lab, [probe(host)]),
            time.monotonic(),
            threshold,
            time_scale(lab),
            Deadline.from_lab(lab, budgets.convergence_s * 2),
        )
        verdict.traffic[host] = traffic
        if not traffic.converged:
            verdict.problems.append(
                f"{host}: 'display interface {trunk}' output counters rise at "
                f"{traffic.last_rate_pps:.0f} pps {when}, below its share "
                f"({threshold:.0f} pps, {MIN_SHARE:.0%} of the offered rate): the load is not "
                "shared again"
            )
    return verdict


def _check_resync(
    lab: Lab, pe: PeProbe, expected: list[str], sync: Deadline, verdict: PairHealth, when: str
) -> None:
    rbs_name = lab.intent(pe.host).rbs.name

    def read_rbs() -> RbsInfo:
        return pe.rbs(rbs_name)[0]

    def read_coverage() -> ArpCoverage:
        return arp_coverage(pe.host, pe.arp()[0], expected)

    rbs = poll(read_rbs, lambda info: info.connected, sync)
    if not rbs.met:
        verdict.problems.append(
            f"{pe.host}: 'display remote-backup-service {rbs_name}' shows TCP-State "
            f"{rbs.value.tcp_state} {when} (waited {rbs.elapsed_s * time_scale(lab):.1f} "
            "lab-s), not Connected"
        )
    coverage = poll(read_coverage, lambda c: c.complete, sync)
    verdict.coverage[pe.host] = coverage.value
    if not coverage.met:
        verdict.problems.append(f"{coverage.value.missing_sentence()} {when}")
