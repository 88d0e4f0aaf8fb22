"""Cases 3-5: shut Eth-Trunk links on one PE; the other PE keeps every host reachable.

The survivor must carry the whole offered downstream rate (measured by output-counter
deltas between polls) within the lab's convergence budget, list every host's ARP entry, and
reach a sample of hosts by ping. After the restore, both PEs share the load again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.pair import PairOutcome
from nornir_arpha.pytest_plugin.artifacts import CaseRecord
from nornir_arpha.pytest_plugin.faults import LinkFault, StateSnapshots
from nornir_arpha.suite import PeProbe
from nornir_arpha.suite.failover import SurvivorVerdict, assess_survivor
from nornir_arpha.suite.recovery import assess_recovery

FaultFactory = Callable[[str, str], AbstractContextManager[LinkFault]]

pytestmark = pytest.mark.destructive


def _targets(lab: Lab, pe: str, scope: str) -> list[str]:
    trunk = lab.intent(pe).eth_trunk
    return {"one-member": trunk.members[:1], "all-members": trunk.members}.get(scope, [trunk.name])


@contextmanager
def failover(
    lab: Lab,
    pe: str,
    scope: str,
    link_fault: FaultFactory,
    probe: Callable[[str], PeProbe],
    state: StateSnapshots,
    record: CaseRecord,
) -> Iterator[SurvivorVerdict]:
    """Apply the fault, give the survivor's verdict while it is active, then restore."""
    survivor = lab.peer_of(pe)
    targets = _targets(lab, pe, scope)
    record.pe, record.fault = survivor, f"{pe} {scope}: shut {', '.join(targets)}"
    state.take("before")
    with ExitStack() as faults:
        applied = [faults.enter_context(link_fault(pe, target)) for target in targets]
        verdict = assess_survivor(lab, probe(survivor), applied[-1].applied_at)
        state.take("after")
        if verdict.convergence.convergence_s is not None:
            record.convergence_ms = verdict.convergence.convergence_s * 1000
        record.arp_kept = f"{survivor}: {verdict.coverage.summary()}"
        yield verdict


@pytest.mark.parametrize("scope", ["one-member", "all-members"])
def test_member_link_failure(
    faulted_pe: str,
    scope: str,
    hot_backup: PairOutcome,
    live_lab: Lab,
    link_fault: FaultFactory,
    probe: Callable[[str], PeProbe],
    state: StateSnapshots,
    arpha_record: CaseRecord,
) -> None:
    """Case 3: shut one or all Eth-Trunk members of a PE; the peer PE keeps every host."""
    if scope == "one-member" and len(live_lab.intent(faulted_pe).eth_trunk.members) < 2:
        pytest.skip(f"{faulted_pe}'s Eth-Trunk has a single member: one-member = all-members")
    with failover(live_lab, faulted_pe, scope, link_fault, probe, state, arpha_record) as verdict:
        if scope == "one-member":
            # The faulted PE still has a live member: the survivor need not carry everything.
            assert verdict.coverage.complete, verdict.coverage.missing_sentence()
        else:
            assert verdict.passed, verdict.report()


def test_whole_eth_trunk_shutdown(
    faulted_pe: str,
    hot_backup: PairOutcome,
    live_lab: Lab,
    link_fault: FaultFactory,
    probe: Callable[[str], PeProbe],
    state: StateSnapshots,
    arpha_record: CaseRecord,
) -> None:
    """Case 4: `shutdown` on a PE's Eth-Trunk interface; the peer PE keeps every host."""
    with failover(
        live_lab, faulted_pe, "eth-trunk", link_fault, probe, state, arpha_record
    ) as verdict:
        assert verdict.passed, verdict.report()


def test_recovery_resyncs_and_shares_the_load(
    faulted_pe: str,
    hot_backup: PairOutcome,
    live_lab: Lab,
    link_fault: FaultFactory,
    probe: Callable[[str], PeProbe],
    state: StateSnapshots,
    arpha_record: CaseRecord,
) -> None:
    """Case 5: after the restore, the RBS is Connected, both PEs list every host again
    (re-synced), and both carry downstream traffic again."""
    with failover(live_lab, faulted_pe, "all-members", link_fault, probe, state, arpha_record):
        pass  # the survivor was judged inside; the fault is cleared on leaving
    verdict = assess_recovery(live_lab, probe)
    arpha_record.arp_kept = verdict.summary()
    assert verdict.passed, verdict.report()
