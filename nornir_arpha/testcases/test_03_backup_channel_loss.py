"""Case 7: the hot-backup channel (RBS) is lost, then an access link fails."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.suite import PeProbe
from nornir_arpha.suite.faults import ChannelFault
from nornir_arpha.suite.step import Failover
from nornir_arpha.tasks.polling import Deadline, poll

pytestmark = [pytest.mark.destructive, pytest.mark.usefixtures("hot_backup")]


def test_backup_channel_loss_then_access_link_failure(
    live_lab: Lab,
    backup_channel_fault: Callable[[str], AbstractContextManager[ChannelFault]],
    failover: Failover,
    probe: Callable[[str], PeProbe],
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

    @contextmanager
    def channel_lost() -> Iterator[None]:
        with backup_channel_fault(pe):
            seen = poll(
                lambda: probe(survivor).rbs(rbs)[0],
                lambda info: not info.connected,
                Deadline.from_lab(live_lab, live_lab.settings.budgets.arp_sync_s),
            )
            assert seen.met, (
                f"{survivor}: 'display remote-backup-service {rbs}' still shows TCP-State "
                f"{seen.value.tcp_state} after {pe}'s RBS was shut: the channel did not drop"
            )
            yield

    with failover(pe, "all-members", channel_lost(), "RBS shutdown") as verdict:
        assert verdict.passed, (
            f"with the backup channel down, {survivor} lost what it had backed up:\n"
            + verdict.report()
        )
