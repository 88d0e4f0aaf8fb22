"""Judge the surviving PE after a fault: full rate within budget, every host's entry, ping.

Each problem becomes one sentence that names the PE, the display command and what was
missing, so a failing test reads like a bug report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from nornir_arpha.checks.arp_entries import entry_problems
from nornir_arpha.checks.backup_entries import split_backups
from nornir_arpha.lab import Lab
from nornir_arpha.lab.intent import PlatformProfile
from nornir_arpha.parsers.records import ArpTable, PingResult
from nornir_arpha.suite.measure import (
    FULL_RATE_SHARE,
    READING_SHARE,
    Convergence,
    CounterReading,
    measure_convergence,
    tightest_reading,
)
from nornir_arpha.suite.outage import OutageWatch, TrafficFigures
from nornir_arpha.suite.probes import PeProbe
from nornir_arpha.suite.recorder import UNRECORDED, Recorder
from nornir_arpha.suite.waits import wait_for
from nornir_arpha.tasks.polling import Deadline

logger = logging.getLogger(__name__)

# Poll past the budget so a late convergence is measured and reported, not just "too slow".
OVERRUN_FACTOR = 4.0
PING_SAMPLE = 3
SHOWN_MISSING = 5
# Said of counters that stand still while the PE demonstrably forwards (ARP and ping).
COUNTER_DEFECT = (
    "yet every host's ARP entry is present and ping succeeds, so forwarding works, while "
    "neither the input nor the output packet counter moves: the interface counters are not "
    "counting (counter defect)"
)


@dataclass(frozen=True)
class ArpCoverage:
    """Which expected hosts a PE has an ARP entry for, split local / backed-up.

    `told_apart` is False when nothing tells the two apart (then every present host is in
    `local`, and only coverage can be judged); `notes` say what limited the split.
    """

    host: str
    expected: int
    local: tuple[str, ...]
    remote: tuple[str, ...]
    missing: tuple[str, ...]
    told_apart: bool = True
    notes: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def synced(self) -> bool:
        """Every host present, and backed-up entries among them where they can be told."""
        return self.complete and (bool(self.remote) or not self.told_apart)

    def summary(self) -> str:
        if not self.told_apart:
            present = self.expected - len(self.missing)
            return f"{present} of {self.expected} (local and backed-up not told apart)"
        return f"{len(self.local)} local + {len(self.remote)} backed-up of {self.expected}"

    def missing_sentence(self, command: str = "display arp all") -> str:
        shown = ", ".join(self.missing[:SHOWN_MISSING])
        more = ", ..." if len(self.missing) > SHOWN_MISSING else ""
        return (
            f"{self.host}: '{command}' lacks ARP entries for {len(self.missing)} of "
            f"{self.expected} hosts (first: {shown}{more})"
        )


def arp_coverage(
    host: str,
    table: ArpTable,
    expected: Sequence[str],
    platform: PlatformProfile,
    peer: ArpTable | None = None,
) -> ArpCoverage:
    """Match an ARP table against the expected host IPs.

    Args:
        host: the PE the table is from
        table: its `display arp all`
        expected: the hosts' IPs
        platform: the lab's platform profile (the TYPE flags of backed-up entries)
        peer: the other PE's table, for the pair's comparison (see `checks.backup_entries`)
    """
    split = split_backups(table, platform, peer)
    present = {entry.ip for entry in table.entries}
    local, remote, missing = [], [], []
    for ip in expected:
        if ip not in present:
            missing.append(ip)
        elif ip in split.backed_up:
            remote.append(ip)
        else:
            local.append(ip)
    notes = tuple(split.notes(host, table, platform))
    return ArpCoverage(
        host, len(expected), tuple(local), tuple(remote), tuple(missing), split.told_apart, notes
    )


def read_coverage(
    probe: PeProbe, expected: Sequence[str], platform: PlatformProfile
) -> ArpCoverage:
    """Run `display arp all` on the PE and match it against the expected host IPs."""
    return arp_coverage(probe.host, probe.arp()[0], expected, platform)


def read_pair_coverage(
    probes: Sequence[PeProbe], expected: Sequence[str], platform: PlatformProfile
) -> dict[str, ArpCoverage]:
    """Both PEs' `display arp all`, each matched against the expected hosts with the other's
    table for the pair's comparison."""
    first, second = probes
    tables = {first.host: first.arp()[0], second.host: second.arp()[0]}
    peers = {first.host: second.host, second.host: first.host}
    return {
        host: arp_coverage(host, table, expected, platform, tables[peers[host]])
        for host, table in tables.items()
    }


def ping_sample(expected: Sequence[str]) -> list[str]:
    """First, middle and last host: spread over the hash buckets of both PEs."""
    if len(expected) <= PING_SAMPLE:
        return list(expected)
    return [expected[0], expected[len(expected) // 2], expected[-1]]


@dataclass
class SurvivorVerdict:
    """What the survivor showed after a fault; `problems` empty means it passed; `notes` say
    what limits the figures (e.g. a poll interval too coarse under load) without failing."""

    host: str
    convergence: Convergence
    coverage: ArpCoverage
    pings: dict[str, PingResult]
    budget_s: float
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    traffic: TrafficFigures | None = None

    @property
    def passed(self) -> bool:
        return not self.problems

    def judge_traffic(self, watch: OutageWatch, fault_at: float) -> TrafficFigures:
        """Add the traffic source's figures, problems and notes on this fault."""
        self.traffic, problems, notes = watch.judge_fault(fault_at, self.convergence)
        self.problems += problems
        self.notes += notes
        return self.traffic

    def report(self) -> str:
        return "\n".join(self.problems + self.notes)


def counter_reader(lab: Lab, probes: Sequence[PeProbe]) -> Callable[[], CounterReading]:
    """Reads the PEs' Eth-Trunk output and input packet counters: their sums, dated by the
    window from the first command's send to the last one's answer. Each counter only rises,
    so the sum of counters read at different moments equals the pair's total at some moment
    between the earliest and the latest of them: inside that window."""

    def read() -> CounterReading:
        out_total, in_total, readings = 0, 0, []
        for probe in probes:
            trunk = lab.intent(probe.host).eth_trunk.name
            info, reading = probe.interface(trunk)
            if info.out_packets is None or info.in_packets is None:
                missing = "output" if info.out_packets is None else "input"
                raise AssertionError(
                    f"{probe.host}: 'display interface {trunk}' shows no {missing} packet counter"
                )
            out_total += info.out_packets
            in_total += info.in_packets
            readings.append(reading)
        return CounterReading(out_total, in_total, readings[0].sent, readings[-1].answered)

    return read


def pre_fault_readings(
    lab: Lab, carriers: Sequence[PeProbe], recorder: Recorder = UNRECORDED
) -> tuple[CounterReading, ...]:
    """Two counter readings of the carriers one poll interval apart, the second taken just
    before the fault is committed: the rate before the step, for `assess_survivor`.

    Returns:
        the readings, oldest first
    """
    return readings_apart(lab, carriers, lab.settings.budgets.poll_interval_s, recorder)


def readings_apart(
    lab: Lab, carriers: Sequence[PeProbe], lab_seconds: float, recorder: Recorder = UNRECORDED
) -> tuple[CounterReading, CounterReading]:
    """Two of the carriers' tightest counter readings `lab_seconds` apart (at least one
    poll interval): the span a rate is taken over; `recorder` waits it out.

    Returns:
        the readings, oldest first
    """
    deadline = Deadline.from_lab(lab, lab_seconds)
    read = counter_reader(lab, carriers)
    limit = READING_SHARE * deadline.interval_s
    first = tightest_reading(read, limit)
    span = max(deadline.timeout_s, deadline.interval_s)
    wait_for(span, "the span a rate is taken over", recorder.fill)
    return first, tightest_reading(read, limit)


def steady_rate_problems(
    lab: Lab,
    carriers: Sequence[PeProbe],
    names: str,
    command: str,
    recorder: Recorder = UNRECORDED,
) -> list[str]:
    """After convergence, the carriers' rates over `budgets.steady_window_s` are the offered
    rate within `budgets.rate_tolerance`, both ways: a shortfall is traffic lost, a surplus a
    counter that over-counts.

    Returns:
        one sentence per direction out of tolerance
    """
    budgets = lab.settings.budgets
    offered = lab.settings.ce.offered_pps
    first, last = readings_apart(lab, carriers, budgets.steady_window_s, recorder)
    span = (last.at - first.at) * lab.time_scale
    problems = []
    for direction, packets in (
        ("output", last.out_packets - first.out_packets),
        ("input", last.in_packets - first.in_packets),
    ):
        rate = packets / span
        off = rate / offered - 1
        if abs(off) <= budgets.rate_tolerance:
            continue
        side, meaning = (
            ("below", "traffic is lost")
            if off < 0
            else ("above", "the counters count more than the traffic (counter defect)")
        )
        problems.append(
            f"{names}: '{command}' {direction} counters rose at {rate:.0f} pps over {span:.1f} "
            f"lab-s after converging, {abs(off):.1%} {side} the offered {offered} pps "
            f"(budgets.rate_tolerance {budgets.rate_tolerance:.0%}): {meaning}"
        )
    return problems


def counters_stand_still(lab: Lab, probe: PeProbe, interface: str | None = None) -> bool:
    """Whether an interface's input and output packet counters both stay unchanged over one
    poll interval (default: the PE's Eth-Trunk). A trunk (or member) that is up receives the
    CE's upstream, so at least its input counter moves, even while the core still sends the
    downstream elsewhere."""
    name = interface or lab.intent(probe.host).eth_trunk.name
    before, _ = probe.interface(name)
    wait_for(
        Deadline.from_lab(lab, lab.settings.budgets.poll_interval_s).interval_s,
        "a poll interval for the counters to move",
    )
    after, _ = probe.interface(name)
    return (before.in_packets, before.out_packets) == (after.in_packets, after.out_packets)


def assess_survivor(
    lab: Lab,
    probe: PeProbe,
    fault_at: float,
    carriers: Sequence[PeProbe] = (),
    before: Sequence[CounterReading] = (),
    macs: Mapping[str, str] | None = None,
    sweep: bool = True,
    recorder: Recorder = UNRECORDED,
) -> SurvivorVerdict:
    """Measure convergence, then check the survivor's ARP table and ping a sample.

    Args:
        lab: the lab (offered rate, budgets, hosts, time scale)
        probe: the surviving PE
        fault_at: monotonic time the fault was committed
        carriers: the PEs that together must carry the offered rate (default: the survivor
            alone; with a partial fault the faulted PE still carries its share)
        before: the carriers' `pre_fault_readings`, taken before the fault
        macs: each host's real MAC: the survivor's entries must carry it
        sweep: ping every host (no tester counts each host's frames), else a sample
        recorder: waits out the polls and keeps the readings for the report's timeline

    Returns:
        the verdict with every problem found
    """
    budgets = lab.settings.budgets
    carriers = carriers or (probe,)
    names = "+".join(carrier.host for carrier in carriers)
    command = "display interface " + " / ".join(
        lab.intent(carrier.host).eth_trunk.name for carrier in carriers
    )
    convergence = measure_convergence(
        counter_reader(lab, carriers),
        fault_at,
        FULL_RATE_SHARE * lab.settings.ce.offered_pps,
        lab.time_scale,
        Deadline.from_lab(lab, budgets.convergence_s * OVERRUN_FACTOR),
        budgets.poll_interval_s,
        before,
        recorder.fill,
    )
    expected = [str(ip) for ip in lab.settings.ce.host_ips()]
    table = probe.arp()[0]
    coverage = arp_coverage(probe.host, table, expected, lab.settings.platform)
    pings = probe.ping(expected if sweep else ping_sample(expected))
    verdict = SurvivorVerdict(probe.host, convergence, coverage, pings, budgets.convergence_s)
    verdict.notes += coverage.notes
    if macs:
        trunk = lab.intent(probe.host).eth_trunk.name
        verdict.problems += [
            f"{problem} while the fault lasts"
            for problem in entry_problems(probe.host, table, macs, trunk, lab.settings.platform)
        ]

    failed_pings = [ip for ip, result in pings.items() if result.received == 0]
    offered = lab.settings.ce.offered_pps
    if not coverage.complete:
        verdict.problems.append(coverage.missing_sentence())
    if failed_pings:
        verdict.problems.append(
            f"{probe.host}: 'ping' got no reply from {len(failed_pings)} of {len(pings)} "
            f"pinged hosts ({', '.join(failed_pings)})"
        )
    if not convergence.converged:
        short = [
            f"{direction} counters rose at only {rate:.0f} pps"
            for direction, rate in (
                ("output", convergence.last_rate_pps),
                ("input", convergence.last_in_rate_pps),
            )
            if rate < convergence.threshold_pps
        ]
        rate = (
            f"{names}: '{command}' {' and '.join(short)}, below 95 % of the offered "
            f"{offered} pps, for {budgets.convergence_s * OVERRUN_FACTOR:.1f} lab-s after the "
            f"fault (budget {budgets.convergence_s:.1f} s; {convergence.describe()})"
        )
        if coverage.complete and not failed_pings and counters_stand_still(lab, probe):
            rate += f"; {COUNTER_DEFECT}"
        verdict.problems.append(rate)
    elif (
        convergence.convergence_s is not None and convergence.convergence_s > budgets.convergence_s
    ):
        verdict.problems.append(
            f"{names}: '{command}' reached 95 % of the offered {offered} pps in both "
            "directions only "
            f"{convergence.convergence_s:.2f} s after the fault, over the "
            f"{budgets.convergence_s:.1f} s convergence budget"
        )
    elif (
        convergence.convergence_s is not None
        and convergence.convergence_s + convergence.error_s > budgets.convergence_s
    ):
        # Within the budget only by a figure the readings cannot vouch for: not a pass.
        verdict.problems.append(
            f"{names}: '{command}' reached 95 % of the offered {offered} pps in both "
            f"directions {convergence.convergence_s:.2f} ± {convergence.error_s:.2f} s after "
            f"the fault: the {budgets.convergence_s:.1f} s convergence budget lies within that "
            f"error, so the budget cannot be shown met ({convergence.note})"
        )
    elif convergence.converged:
        verdict.problems += steady_rate_problems(lab, carriers, names, command, recorder)
    if convergence.note:
        verdict.notes.append(f"{names}: '{command}': {convergence.note}")
    return verdict
