"""A failover held past the ARP timers: the step behind case 10.

Snapshots miss what happens to backed-up entries over time. Here the first PE's Eth-Trunk
stays shut for the ARP aging (from `display arp interface`, else `budgets.arp_aging_s`) plus
the hosts' refresh interval (`budgets.host_arp_refresh_s`) and a convergence budget more;
throughout, the survivor must list every host with the right MAC (checked a few times over
the hold), and the tester must count no lost frame from the convergence budget on. On the
simulator the time scale makes this seconds of wall time (labs/sim-long).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager

from nornir_arpha.checks.arp_entries import entry_problems
from nornir_arpha.lab import Lab
from nornir_arpha.suite.failover import arp_coverage
from nornir_arpha.suite.faults import LinkFault
from nornir_arpha.suite.pair_health import assess_pair
from nornir_arpha.suite.probes import PeProbe
from nornir_arpha.suite.recorder import TimelineRecorder, recording
from nornir_arpha.suite.step import FailoverRecord, steady_before_fault
from nornir_arpha.suite.waits import wait_until
from nornir_arpha.traffic import TrafficSource, host_macs

logger = logging.getLogger(__name__)

CHECKPOINTS = 4


def aging_s(lab: Lab, pe: PeProbe) -> float:
    """The PE's ARP aging on its Eth-Trunk: as `display arp interface` states it, else as
    the lab declares it (`budgets.arp_aging_s`)."""
    shown = pe.arp_aging_s(lab.intent(pe.host).eth_trunk.name)
    return float(shown) if shown is not None else lab.settings.budgets.arp_aging_s


def hold_failover(
    lab: Lab,
    link_fault: Callable[[str, str], AbstractContextManager[LinkFault]],
    probe: Callable[[str], PeProbe],
    record: FailoverRecord,
    traffic: TrafficSource,
) -> list[str]:
    """Shut the first PE's Eth-Trunk past the ARP timers; what went wrong meanwhile.

    Returns:
        one sentence per problem, dated in lab seconds since the fault

    Raises:
        AssertionError: the pair is not in a steady state before the fault
    """
    with recording(lab, probe, traffic, record) as recorder:
        return _hold(lab, link_fault, recorder, record, traffic)


def _hold(
    lab: Lab,
    link_fault: Callable[[str, str], AbstractContextManager[LinkFault]],
    recorder: TimelineRecorder,
    record: FailoverRecord,
    traffic: TrafficSource,
) -> list[str]:
    """`hold_failover`'s body, its readings and waits going to `recorder`."""
    budgets = lab.settings.budgets
    probe = recorder.probe  # every Eth-Trunk reading also goes to the timeline
    pe = lab.pair[0]
    survivor = lab.peer_of(pe)
    trunk = lab.intent(pe).eth_trunk.name
    expected = [str(ip) for ip in lab.settings.ce.host_ips()]
    macs = host_macs(traffic)
    steady, watch = steady_before_fault(lab, probe, traffic, macs, recorder)
    hold = aging_s(lab, probe(survivor)) + budgets.host_arp_refresh_s + budgets.convergence_s
    record.pe, record.fault = survivor, f"{pe}: shut {trunk} for {hold:g} lab-s"
    problems: list[str] = []
    with link_fault(pe, trunk) as fault:
        recorder.faults.append(fault)
        figures, found, _ = watch.judge_fault(fault.applied_at)
        problems += found
        converged = traffic.mark()
        for checkpoint in range(1, CHECKPOINTS + 1):
            due = fault.applied_at + hold * checkpoint / CHECKPOINTS / lab.time_scale
            wait_until(due, "the held outage", recorder.fill)
            since = (time.monotonic() - fault.applied_at) * lab.time_scale
            table = probe(survivor).arp()[0]
            coverage = arp_coverage(survivor, table, expected, lab.settings.platform)
            if not coverage.complete:
                problems.append(f"{coverage.missing_sentence()} {since:.0f} lab-s into the outage")
            problems += [
                f"{problem} {since:.0f} lab-s into the outage"
                for problem in entry_problems(
                    survivor,
                    table,
                    macs or steady.macs,
                    lab.intent(survivor).eth_trunk.name,
                    lab.settings.platform,
                )
            ]
        problems += watch.losses_since(converged, "during the held outage")
        watch.before_restore()
    problems += watch.judge_restore(fault.restored_at, figures)
    record.note_traffic(figures)
    return problems + assess_pair(lab, probe, macs=macs, shares=steady.rates_pps).problems
