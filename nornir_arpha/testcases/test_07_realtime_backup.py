"""Case 9: hosts that join or move after the initial sync are backed up in real time."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.suite import PeProbe
from nornir_arpha.suite.realtime import join_and_move
from nornir_arpha.traffic import TrafficSource

pytestmark = [pytest.mark.usefixtures("hot_backup")]


def test_a_joining_then_moving_host_reaches_the_peer(
    live_lab: Lab, probe: Callable[[str], PeProbe], traffic: TrafficSource, spare_host: str
) -> None:
    """Case 9: a new host joins behind the CE, then changes MAC (announced by ARP); each time
    the PE that learns it backs it up to its peer within the ARP sync budget, with the MAC."""
    problems = join_and_move(live_lab, probe, traffic, spare_host, "02:00:5e:00:53:01")
    assert not problems, "\n".join(problems)
