"""Is the pair healthy? RBS Connected, every host's entry on both PEs with the right values,
the E-Trunk roles the priorities imply, both PEs sharing the load.

Checked after a fault is cleared (recovery), and before each fault so that a failover is
measured from a steady state, not from the tail of the previous one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from nornir_arpha.checks.arp_entries import entry_problems, owners_macs
from nornir_arpha.checks.roles import e_trunk_role_problems
from nornir_arpha.lab import Lab
from nornir_arpha.parsers.records import ArpTable, ETrunkInfo, RbsInfo
from nornir_arpha.suite.failover import (
    COUNTER_DEFECT,
    ArpCoverage,
    arp_coverage,
    counter_reader,
    counters_stand_still,
    ping_sample,
)
from nornir_arpha.suite.probes import PeProbe
from nornir_arpha.tasks.polling import Deadline, poll

# Each PE carries its hash share again: at least this much of the offered rate.
MIN_SHARE = 0.2
# Hosts per Eth-Trunk member from which every member surely carries some of the CE's hashing.
HOSTS_PER_MEMBER = 8


@dataclass
class PairHealth:
    """What both PEs showed; `problems` empty means healthy.

    Attributes:
        coverage: each PE's ARP coverage of the expected hosts
        tables: each PE's last `display arp all`
        macs: each host's real MAC (the tester's, or what the PE that learned it shows)
        rbs: each PE's last `display remote-backup-service`
        e_trunks: each PE's `display e-trunk`
        rates_pps: each PE's Eth-Trunk output rate (lab time)
        problems: one sentence per problem
    """

    coverage: dict[str, ArpCoverage] = field(default_factory=dict)
    tables: dict[str, ArpTable] = field(default_factory=dict)
    macs: dict[str, str] = field(default_factory=dict)
    rbs: dict[str, RbsInfo] = field(default_factory=dict)
    e_trunks: dict[str, ETrunkInfo] = field(default_factory=dict)
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
    lab: Lab,
    probe: Callable[[str], PeProbe],
    when: str = "after the restore",
    macs: Mapping[str, str] | None = None,
    shares: Mapping[str, float] | None = None,
    peers_heard: bool = True,
) -> PairHealth:
    """Poll both PEs within the lab's budgets and report what is not healthy.

    Args:
        lab: the lab
        probe: makes a `PeProbe` for a PE name
        when: how the problems are dated, e.g. "after the restore", "before the fault"
        macs: each host's real MAC (the tester's); None: what the learning PE shows
        shares: each PE's Eth-Trunk output rate before the fault (lab pps): after the
            restore each must carry it again, within `budgets.share_tolerance`
        peers_heard: the PEs can reach each other (False while the inter-PE path is down:
            then neither the RBS nor the E-Trunk roles are judged here)

    Returns:
        the verdict, one sentence per problem
    """
    verdict = PairHealth()
    budgets = lab.settings.budgets
    sync = Deadline.from_lab(lab, budgets.arp_sync_s)
    expected = [str(ip) for ip in lab.settings.ce.host_ips()]
    for host in lab.pair:
        _check_resync(lab, probe(host), expected, sync, verdict, when, peers_heard)
    _check_entries(lab, expected, verdict, when, macs)
    if peers_heard:
        _check_roles(lab, probe, verdict, when)
    probes = {host: probe(host) for host in lab.pair}
    _check_load_shared(lab, probes, verdict, when, expected, shares or {})
    if shares is not None:
        _check_shares_again(lab, verdict, shares, when)
        _check_members_forward(lab, probes, verdict, when)
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
    lab: Lab,
    pe: PeProbe,
    expected: list[str],
    sync: Deadline,
    verdict: PairHealth,
    when: str,
    peers_heard: bool,
) -> None:
    rbs_name = lab.intent(pe.host).rbs.name

    def read_rbs() -> RbsInfo:
        return pe.rbs(rbs_name)[0]

    rbs = poll(read_rbs, lambda info: info.connected or not peers_heard, sync)
    verdict.rbs[pe.host] = rbs.value
    if not rbs.met:
        verdict.problems.append(
            f"{pe.host}: 'display remote-backup-service {rbs_name}' shows TCP-State "
            f"{rbs.value.tcp_state} {when} (waited {rbs.elapsed_s * lab.time_scale:.1f} "
            "lab-s), not Connected"
        )
    table = poll(
        lambda: pe.arp()[0],
        lambda got: arp_coverage(pe.host, got, expected, lab.settings.platform).complete,
        sync,
    ).value
    coverage = arp_coverage(pe.host, table, expected, lab.settings.platform)
    verdict.tables[pe.host] = table
    verdict.coverage[pe.host] = coverage
    if not coverage.complete:
        verdict.problems.append(f"{coverage.missing_sentence()} {when}")


def _check_entries(
    lab: Lab,
    expected: list[str],
    verdict: PairHealth,
    when: str,
    macs: Mapping[str, str] | None,
) -> None:
    """Each PE's entries carry the hosts' MACs, on the Eth-Trunk, once each, footer agreeing."""
    if macs is None:
        learned, disagreements = owners_macs(verdict.tables, expected)
        verdict.macs = learned
        verdict.problems += [f"{problem} {when}" for problem in disagreements]
    else:
        verdict.macs = {ip: mac for ip, mac in macs.items() if ip in set(expected)}
    for pe, table in verdict.tables.items():
        trunk = lab.intent(pe).eth_trunk.name
        verdict.problems += [
            f"{problem} {when}"
            for problem in entry_problems(pe, table, verdict.macs, trunk, lab.settings.platform)
        ]


def _check_roles(lab: Lab, probe: Callable[[str], PeProbe], verdict: PairHealth, when: str) -> None:
    """The E-Trunk roles follow the configured priorities (the peers hear each other)."""
    for pe in lab.pair:
        verdict.e_trunks[pe] = probe(pe).e_trunk(lab.intent(pe).e_trunk.id)[0]
    verdict.problems += [f"{problem} {when}" for problem in e_trunk_role_problems(verdict.e_trunks)]


def _check_members_forward(
    lab: Lab, probes: dict[str, PeProbe], verdict: PairHealth, when: str
) -> None:
    """Every Eth-Trunk member forwards again: its counters move. With this many hosts per
    member, the CE's hashing puts some upstream on every member (it cannot be judged with
    fewer)."""
    members = sum(len(lab.intent(pe).eth_trunk.members) for pe in lab.pair)
    if lab.settings.ce.hosts < HOSTS_PER_MEMBER * members:
        return
    for pe, probe in probes.items():
        for member in lab.intent(pe).eth_trunk.members:
            if counters_stand_still(lab, probe, member):
                verdict.problems.append(
                    f"{pe}: 'display interface {member}' input and output counters stand still "
                    f"{when}: the member is up but does not forward"
                )


def _check_shares_again(
    lab: Lab, verdict: PairHealth, shares: Mapping[str, float], when: str
) -> None:
    """Each PE carries the share it carried before the fault."""
    tolerance = lab.settings.budgets.share_tolerance * lab.settings.ce.offered_pps
    for pe, before in shares.items():
        now = verdict.rates_pps.get(pe, 0.0)
        if abs(now - before) > tolerance:
            trunk = lab.intent(pe).eth_trunk.name
            verdict.problems.append(
                f"{pe}: 'display interface {trunk}' output counters rise at {now:.0f} pps {when}, "
                f"not the {before:.0f} pps it carried before the fault (± {tolerance:.0f} pps, "
                "budgets.share_tolerance of the offered rate): its share did not come back"
            )


def _check_load_shared(
    lab: Lab,
    probes: dict[str, PeProbe],
    verdict: PairHealth,
    when: str,
    expected: list[str],
    shares: Mapping[str, float],
) -> None:
    """Both PEs' Eth-Trunk output rates over the same poll intervals, until each carries at
    least its minimum share, and the share in `shares` where given (or the deadline passes:
    traffic moves back within the convergence budget)."""
    threshold = MIN_SHARE * lab.settings.ce.offered_pps
    tolerance = lab.settings.budgets.share_tolerance * lab.settings.ce.offered_pps

    def shared(got: dict[str, float]) -> bool:
        return (
            len(got) == len(probes)
            and min(got.values()) >= threshold
            and all(abs(got[pe] - share) <= tolerance for pe, share in shares.items())
        )

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

    rates = poll(read_rates, shared, deadline).value
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
