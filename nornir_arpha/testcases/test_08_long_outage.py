"""Case 10: a failover held longer than the ARP aging and the hosts' refresh interval."""

from __future__ import annotations

from collections.abc import Callable

import pytest

pytestmark = [pytest.mark.destructive, pytest.mark.long, pytest.mark.usefixtures("hot_backup")]


def test_a_failover_held_past_the_arp_timers_keeps_every_host(
    long_outage: Callable[[], list[str]],
) -> None:
    """Case 10 (`-m long`, labs/sim-long): the first PE's Eth-Trunk stays shut for the ARP
    aging plus the hosts' refresh; the survivor lists every host with its MAC throughout and
    the tester counts no lost frame once the convergence budget has passed."""
    problems = long_outage()
    assert not problems, "\n".join(problems)
