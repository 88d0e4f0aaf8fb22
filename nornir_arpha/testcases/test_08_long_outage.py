"""Cases 10 and 11 (`-m long`, labs/sim-long): the ARP timers at work over a long time."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.suite import PeProbe
from nornir_arpha.suite.realtime import join_then_leave
from nornir_arpha.traffic import TrafficSource

pytestmark = [pytest.mark.destructive, pytest.mark.long, pytest.mark.usefixtures("hot_backup")]


def test_a_failover_held_past_the_arp_timers_keeps_every_host(
    long_outage: Callable[[], list[str]],
) -> None:
    """Case 10 (`-m long`, labs/sim-long): the first PE's Eth-Trunk stays shut for the ARP
    aging plus the hosts' refresh; the survivor lists every host with its MAC throughout and
    the tester counts no lost frame once the convergence budget has passed."""
    problems = long_outage()
    assert not problems, "\n".join(problems)


def test_a_departed_hosts_entry_ages_out_on_both_pes(
    live_lab: Lab, probe: Callable[[str], PeProbe], traffic: TrafficSource, spare_host: str
) -> None:
    """Case 11: a host joins (and is backed up), then leaves; with nothing refreshing it,
    its entry goes from both PEs within the ARP aging plus the hosts' refresh interval."""
    problems = join_then_leave(live_lab, probe, traffic, spare_host)
    assert not problems, "\n".join(problems)
