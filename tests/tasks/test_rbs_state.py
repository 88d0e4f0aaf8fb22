"""`set_rbs_state` against the simulated lab: shut the RBS, see the channel drop on both PEs,
un-shut it and see it Connected again; a repeat changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from nornir.core import Nornir

from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.provision import open_lab
from nornir_arpha.suite import PeProbe
from nornir_arpha.tasks import ToggleReport, set_rbs_state
from nornir_arpha.tasks.pair import configure_pair, verify_pair
from nornir_arpha.tasks.polling import Deadline


@pytest.fixture
def configured() -> Iterator[tuple[Lab, Nornir]]:
    with open_lab(load_lab(SHIPPED_LABS / "sim")) as lab:
        nr = open_nornir(lab)
        try:
            assert configure_pair(nr, lab).ok
            sync = Deadline.from_lab(lab, lab.settings.budgets.arp_sync_s)
            assert verify_pair(nr, lab, sync).ok  # the RBS is Connected
            yield lab, nr
        finally:
            nr.close_connections(on_good=True, on_failed=True)


def test_set_rbs_state_drops_and_restores_the_channel(configured: tuple[Lab, Nornir]) -> None:
    lab, nr = configured
    deadline = Deadline.from_lab(lab, lab.settings.budgets.arp_sync_s)
    pe1 = nr.filter(name="PE1")

    down = pe1.run(task=set_rbs_state, up=False, deadline=deadline)["PE1"][0]
    assert not down.failed, down.result
    assert isinstance(down.result, ToggleReport)
    assert down.result.changed and down.result.confirmed
    assert down.result.state != "Connected"
    assert not PeProbe(nr, "PE2").rbs("rbs1")[0].connected  # the peer lost it too

    again = pe1.run(task=set_rbs_state, up=False, deadline=deadline)["PE1"][0]
    assert not again.failed and not again.result.changed

    up = pe1.run(task=set_rbs_state, up=True, deadline=deadline)["PE1"][0]
    assert not up.failed and up.result.changed and up.result.state == "Connected"
    assert "TCP-State Connected confirmed" in up.result.message
