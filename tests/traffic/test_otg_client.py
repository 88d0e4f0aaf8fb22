"""The `otg` traffic source against the simulator's OTG endpoint, through snappi: flows per
host deliver, and hosts join, change MAC and leave, which the PEs' ARP tables follow."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from nornir.core import Nornir

from nornir_arpha.checks.arp_entries import normal_mac
from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.lab import Lab, PlatformProfile, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.provision import open_lab
from nornir_arpha.suite import PeProbe
from nornir_arpha.tasks.pair import configure_pair, verify_pair
from nornir_arpha.tasks.polling import Deadline, poll
from nornir_arpha.traffic import DOWN, UP, TrafficSource, TrafficSourceError, open_traffic
from nornir_arpha.traffic.losses import losses_between

NEW_HOST = "192.168.10.200"


@pytest.fixture(scope="module")
def running() -> Iterator[tuple[Lab, Nornir, TrafficSource]]:
    with open_lab(load_lab(SHIPPED_LABS / "sim")) as lab, open_nornir(lab) as nr:
        assert configure_pair(nr, lab).ok
        assert verify_pair(nr, lab, Deadline.from_lab(lab, lab.settings.budgets.arp_sync_s)).ok
        with open_traffic(lab) as traffic:
            assert traffic.kind == "otg"
            traffic.start()
            yield lab, nr, traffic


def macs_on_both(lab: Lab, nr: Nornir, ip: str) -> dict[str, tuple[str, bool] | None]:
    """Each PE's entry for `ip`: (normalised MAC, backed up), or None."""
    found: dict[str, tuple[str, bool] | None] = {}
    for pe in lab.pair:
        entry = next((e for e in PeProbe(nr, pe).arp()[0].entries if e.ip == ip), None)
        found[pe] = (
            None
            if entry is None
            else (normal_mac(entry.mac), PlatformProfile().backed_up(entry.type))
        )
    return found


def synced(lab: Lab, nr: Nornir, ip: str, mac: str) -> dict[str, tuple[str, bool] | None]:
    """Both PEs' entries for `ip` once one learned `mac` and the other holds it backed up."""

    def done(entries: dict[str, tuple[str, bool] | None]) -> bool:
        kinds = sorted(entry[1] for entry in entries.values() if entry and entry[0] == mac)
        return kinds == [False, True]

    deadline = Deadline.from_lab(lab, lab.settings.budgets.arp_sync_s)
    outcome = poll(lambda: macs_on_both(lab, nr, ip), done, deadline)
    assert outcome.met, f"{ip} never showed {mac} learned on one PE, backed up on the other"
    return outcome.value


def test_every_host_has_a_flow_each_way_that_delivers(
    running: tuple[Lab, Nornir, TrafficSource],
) -> None:
    lab, _, traffic = running
    flows = traffic.flows()
    assert len(flows) == 2 * lab.settings.ce.hosts
    assert {flow.direction for flow in flows.values()} == {DOWN, UP}
    first = traffic.mark()
    assert first is not None
    last = poll(traffic.mark, lambda m: m is not None and m.sent > first.answered + 0.1,
                Deadline(2.0, 0.05)).value  # fmt: skip
    assert last is not None
    losses = losses_between(first, last, flows, lab.time_scale)
    assert losses.lost(DOWN) == losses.lost(UP) == 0
    assert all(loss.sent > 0 for loss in losses.flows)


def test_a_host_joins_moves_and_leaves_and_the_pes_follow(
    running: tuple[Lab, Nornir, TrafficSource],
) -> None:
    lab, nr, traffic = running
    before = traffic.mark()
    joined = traffic.add_host(NEW_HOST)
    assert f"down {NEW_HOST}" in traffic.flows()
    synced(lab, nr, NEW_HOST, normal_mac(joined.mac))
    with pytest.raises(TrafficSourceError, match="configuration changed"):
        losses_between(before, traffic.mark(), traffic.flows(), lab.time_scale)  # type: ignore[arg-type]

    moved = "02:00:00:00:99:01"
    traffic.change_mac(NEW_HOST, moved)
    synced(lab, nr, NEW_HOST, normal_mac(moved))

    traffic.remove_host(NEW_HOST)
    assert f"up {NEW_HOST}" not in traffic.flows()
    assert NEW_HOST not in {host.ip for host in traffic.hosts()}


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda t: t.add_host("10.9.9.9"), "outside the CE subnet 192.168.10.0/24"),
        (lambda t: t.add_host("192.168.10.2"), "already emulated"),
        (lambda t: t.remove_host("192.168.10.250"), "is not one the tester emulates"),
    ],
    ids=["outside-subnet", "twice", "unknown"],
)
def test_a_host_change_the_lab_cannot_have_is_refused(
    running: tuple[Lab, Nornir, TrafficSource], change: object, said: str
) -> None:
    with pytest.raises(TrafficSourceError, match=said):
        change(running[2])  # type: ignore[operator]
