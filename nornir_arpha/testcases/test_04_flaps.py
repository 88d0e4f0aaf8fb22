"""Case 6: the Eth-Trunk flaps again and again; no ARP entry is ever lost. A short series
runs by default, the full one under the stress marker."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import partial

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.pytest_plugin.artifacts import CaseRecord
from nornir_arpha.suite import PeProbe
from nornir_arpha.suite.failover import ArpCoverage, read_coverage
from nornir_arpha.suite.faults import LinkFault
from nornir_arpha.suite.pair_health import assess_pair
from nornir_arpha.tasks.polling import Deadline, poll

FLAPS = 10
SHORT_SERIES = 4  # two flaps per PE

pytestmark = [pytest.mark.destructive, pytest.mark.usefixtures("hot_backup")]


@pytest.mark.parametrize(
    "flaps",
    [
        pytest.param(SHORT_SERIES, id="short"),
        pytest.param(FLAPS, id="full", marks=pytest.mark.stress),
    ],
)
def test_flaps_lose_no_entries(
    flaps: int,
    live_lab: Lab,
    link_fault: Callable[[str, str], AbstractContextManager[LinkFault]],
    probe: Callable[[str], PeProbe],
    arpha_record: CaseRecord,
) -> None:
    """Case 6: `shutdown` / `undo shutdown` of a PE's Eth-Trunk, `flaps` times in a row,
    alternating between the PEs. While a PE is down its peer lists every host's entry
    (within the convergence budget); once it is back it lists every entry again (re-synced
    within the ARP sync budget) before the next flap. After the last flap the RBS is
    Connected, both PEs list every host and both carry traffic again."""
    expected = [str(ip) for ip in live_lab.settings.ce.host_ips()]
    budgets = live_lab.settings.budgets
    failover = Deadline.from_lab(live_lab, budgets.convergence_s)
    resync = Deadline.from_lab(live_lab, budgets.arp_sync_s)

    def coverage(host: str, deadline: Deadline) -> ArpCoverage:
        return poll(
            partial(read_coverage, probe(host), expected, live_lab.settings.platform),
            lambda c: c.complete,
            deadline,
        ).value

    arpha_record.fault = f"{flaps} Eth-Trunk shutdowns, alternating {' / '.join(live_lab.pair)}"
    problems: list[str] = []
    for flap in range(1, flaps + 1):
        pe = live_lab.pair[(flap - 1) % 2]
        with link_fault(pe, live_lab.intent(pe).eth_trunk.name):
            kept = coverage(live_lab.peer_of(pe), failover)
        back = coverage(pe, resync)
        problems += [
            f"flap {flap} ({pe} {when}): {found.missing_sentence()}"
            for when, found in (("down", kept), ("back up", back))
            if not found.complete
        ]
    health = assess_pair(live_lab, probe, f"after {flaps} flaps")
    arpha_record.arp_kept = health.summary()
    assert not problems and health.passed, "\n".join([*problems, *health.problems])
