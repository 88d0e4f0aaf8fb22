"""Is the pair healthy? RBS Connected, every host's entry on both PEs, both sharing the load.

Checked after a fault is cleared (recovery), and before each fault so that a failover is
measured from a steady state, not from the tail of the previous one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from nornir_arpha.lab import Lab
from nornir_arpha.parsers.records import RbsInfo
from nornir_arpha.suite.failover import (
    COUNTER_DEFECT,
    ArpCoverage,
    counter_reader,
    counters_stand_still,
    ping_sample,
    read_coverage,
)
from nornir_arpha.suite.probes import PeProbe
from nornir_arpha.tasks.polling import Deadline, poll

# Each PE carries its hash share again: at least this much of the offered rate.
MIN_SHARE = 0.2


@dataclass
class PairHealth:
    coverage: dict[str, ArpCoverage] = field(default_factory=dict)
    rates_pps: dict[str, float] = field(default_factory=dict)  # Eth-Trunk output, lab time
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
    _check_load_shared(lab, {host: probe(host) for host in lab.pair}, verdict, when, expected)
    return verdict


def _counters_frozen(
    lab: Lab, pe: PeProbe, coverage: ArpCoverage | None, expected: list[str]
) -> bool:
    """Whether `pe` forwards (it lists every host, a ping sample answers) while its Eth-Trunk
    counters stand still."""
    if coverage is None or not coverage.complete:
        return False
    answered = all(result.received for result in pe.ping(ping_sample(expected)).values())
    return answered and counters_stand_still(lab, pe)


def _check_resync(
    lab: Lab, pe: PeProbe, expected: list[str], sync: Deadline, verdict: PairHealth, when: str
) -> None:
    rbs_name = lab.intent(pe.host).rbs.name

    def read_rbs() -> RbsInfo:
        return pe.rbs(rbs_name)[0]

    rbs = poll(read_rbs, lambda info: info.connected, sync)
    if not rbs.met:
        verdict.problems.append(
            f"{pe.host}: 'display remote-backup-service {rbs_name}' shows TCP-State "
            f"{rbs.value.tcp_state} {when} (waited {rbs.elapsed_s * lab.time_scale:.1f} "
            "lab-s), not Connected"
        )
    coverage = poll(partial(read_coverage, pe, expected), lambda c: c.complete, sync)
    verdict.coverage[pe.host] = coverage.value
    if not coverage.met:
        verdict.problems.append(f"{coverage.value.missing_sentence()} {when}")


def _check_load_shared(
    lab: Lab, probes: dict[str, PeProbe], verdict: PairHealth, when: str, expected: list[str]
) -> None:
    """Both PEs' Eth-Trunk output rates over the same poll intervals, until each carries at
    least its minimum share (or the deadline passes)."""
    threshold = MIN_SHARE * lab.settings.ce.offered_pps
    deadline = Deadline.from_lab(lab, lab.settings.budgets.convergence_s * 2)
    scale = lab.time_scale
    readers = {host: counter_reader(lab, [pe]) for host, pe in probes.items()}
    last = {host: read() for host, read in readers.items()}

    def read_rates() -> dict[str, float]:
        for host, read in readers.items():
            now, before = read(), last[host]
            if now.at - before.at >= deadline.interval_s / 2:  # too short says nothing
                verdict.rates_pps[host] = (now.out_packets - before.out_packets) / (
                    (now.at - before.at) * scale
                )
                last[host] = now
        return dict(verdict.rates_pps)

    rates = poll(
        read_rates,
        lambda got: len(got) == len(probes) and min(got.values()) >= threshold,
        deadline,
    ).value
    for host in lab.pair:
        rate = rates.get(host, 0.0)
        if rate < threshold:
            trunk = lab.intent(host).eth_trunk.name
            problem = (
                f"{host}: 'display interface {trunk}' output counters rise at {rate:.0f} pps "
                f"{when}, below its share ({threshold:.0f} pps, {MIN_SHARE:.0%} of the offered "
                "rate): the load is not shared"
            )
            if _counters_frozen(lab, probes[host], verdict.coverage.get(host), expected):
                problem += f"; {COUNTER_DEFECT}"
            verdict.problems.append(problem)
