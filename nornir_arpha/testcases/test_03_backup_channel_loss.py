"""Case 7: the hot-backup channel (RBS) is lost, then an access link fails."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.pytest_plugin.artifacts import CaseRecord
from nornir_arpha.pytest_plugin.snapshots import StateSnapshots
from nornir_arpha.suite import PeProbe
from nornir_arpha.suite.failover import assess_survivor
from nornir_arpha.suite.faults import ChannelFault, LinkFault
from nornir_arpha.suite.pair_health import assess_pair
from nornir_arpha.tasks.polling import Deadline, poll

pytestmark = [pytest.mark.destructive, pytest.mark.usefixtures("hot_backup")]


def test_backup_channel_loss_then_access_link_failure(
    live_lab: Lab,
    backup_channel_fault: Callable[[str], ChannelFault],
    link_fault: Callable[[str, str], AbstractContextManager[LinkFault]],
    probe: Callable[[str], PeProbe],
    state: StateSnapshots,
    arpha_record: CaseRecord,
) -> None:
    """Case 7: the first PE's RBS is shut (`shutdown` in the RBS view, REFERENCE §3.4), so
    the backup channel drops on both PEs; then all of that PE's Eth-Trunk members fail.

    Expected behaviour (inferred: REFERENCE §5 documents no withdrawal of backed-up entries
    when the channel drops): losing the channel stops the backup but withdraws nothing.
    The entries backed up before the loss stay on the peer until they age out (ARP aging,
    1200 s by default), so the peer still holds every host's entry, carries the whole
    offered rate within the convergence budget and reaches the hosts by ping. After the
    restore (members up, RBS un-shut) the channel reconnects (`TCP-State` Connected, checked
    by the fault's restore), the entries re-sync on both PEs and both carry traffic again.
    """
    pe = live_lab.pair[0]
    survivor = live_lab.peer_of(pe)
    rbs = live_lab.intent(survivor).rbs.name
    members = live_lab.intent(pe).eth_trunk.members
    steady = assess_pair(live_lab, probe, "before the fault")
    assert steady.passed, f"the pair is not in a steady state:\n{steady.report()}"
    arpha_record.pe = survivor
    arpha_record.fault = f"{pe}: RBS shutdown, then shut {', '.join(members)}"
    state.take("before")
    with backup_channel_fault(pe), ExitStack() as links:
        seen = poll(
            lambda: probe(survivor).rbs(rbs)[0],
            lambda info: not info.connected,
            Deadline.from_lab(live_lab, live_lab.settings.budgets.arp_sync_s),
        )
        assert seen.met, (
            f"{survivor}: 'display remote-backup-service {rbs}' still shows TCP-State "
            f"{seen.value.tcp_state} after {pe}'s RBS was shut: the channel did not drop"
        )
        applied = [links.enter_context(link_fault(pe, member)) for member in members]
        verdict = assess_survivor(live_lab, probe(survivor), applied[-1].applied_at)
        state.take("after")
        arpha_record.note_survivor(verdict)
        assert verdict.passed, (
            f"with the backup channel down, {survivor} lost what it had backed up:\n"
            + verdict.report()
        )
    recovery = assess_pair(live_lab, probe)
    assert recovery.passed, recovery.report()
