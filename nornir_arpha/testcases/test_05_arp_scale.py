"""Case 8 (scale): thousands of hosts are synced within the lab's budget and survive a failover.

Run it against a large lab: `pytest -m scale --lab sim-scale` (4000 hosts).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.pytest_plugin.artifacts import CaseRecord
from nornir_arpha.suite import PeProbe
from nornir_arpha.suite.pair_health import assess_pair
from nornir_arpha.suite.step import Failover

# Below this many CE hosts a lab does not exercise ARP at scale.
SCALE_MIN_HOSTS = 1000

pytestmark = [pytest.mark.destructive, pytest.mark.scale, pytest.mark.usefixtures("hot_backup")]


def test_arp_scale_sync_and_failover(
    faulted_pe: str,
    live_lab: Lab,
    probe: Callable[[str], PeProbe],
    failover: Failover,
    arpha_record: CaseRecord,
) -> None:
    """Case 8: with thousands of CE hosts, both PEs list every host's entry (split between
    learned and backed-up) and the RBS is Connected within the lab's ARP sync budget; then all
    of one PE's Eth-Trunk members fail and the peer holds every entry, carries the whole
    offered rate within the convergence budget and reaches the hosts by ping."""
    hosts = live_lab.settings.ce.hosts
    if hosts < SCALE_MIN_HOSTS:
        pytest.skip(
            f"lab {live_lab.name} has {hosts} CE hosts, fewer than {SCALE_MIN_HOSTS}: run "
            "with a scale lab, e.g. --lab sim-scale"
        )
    synced = assess_pair(live_lab, probe, f"with {hosts} hosts")
    assert synced.passed, synced.report()
    split = [c.remote and c.local for c in synced.coverage.values() if c.told_apart]
    assert all(split), synced.summary()
    with failover(faulted_pe, "all-members") as verdict:
        assert verdict.passed, verdict.report()
