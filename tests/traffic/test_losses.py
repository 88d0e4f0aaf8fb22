"""Frames lost between two tester marks: per host and direction, outage = lost / rate (or the
backend's loss duration), a direction's outage is its worst host's."""

from __future__ import annotations

import pytest

from nornir_arpha.traffic import (
    DOWN,
    UP,
    FlowCount,
    HostFlow,
    TrafficMark,
    TrafficSourceError,
    losses_between,
)
from nornir_arpha.traffic.source import host_mac

FLOWS = {
    "down 10.0.0.2": HostFlow("10.0.0.2", DOWN, 10.0),
    "up 10.0.0.2": HostFlow("10.0.0.2", UP, 10.0),
    "down 10.0.0.3": HostFlow("10.0.0.3", DOWN, 10.0),
}


def mark(at: float, counts: dict[str, tuple[int, int]], epoch: int = 0) -> TrafficMark:
    return TrafficMark(at, at, epoch, {n: FlowCount(tx, rx) for n, (tx, rx) in counts.items()})


def test_each_host_loses_what_it_sent_but_did_not_receive() -> None:
    first = mark(0.0, {"down 10.0.0.2": (0, 0), "up 10.0.0.2": (0, 0), "down 10.0.0.3": (0, 0)})
    last = mark(
        2.0, {"down 10.0.0.2": (20, 14), "up 10.0.0.2": (20, 20), "down 10.0.0.3": (20, 17)}
    )
    losses = losses_between(first, last, FLOWS, time_scale=10.0)
    assert losses.span_s == pytest.approx(20.0)
    assert losses.outage_s(DOWN) == pytest.approx(0.6)  # the worst host: 6 frames at 10 pps
    assert losses.worst(DOWN) is not None and losses.worst(DOWN).host == "10.0.0.2"  # type: ignore[union-attr]
    assert losses.lost(DOWN) == 9 and losses.outage_s(UP) == 0.0
    assert [loss.describe() for loss in losses.losing(in_flight=1)] == [
        "10.0.0.2 down (6 of 20 frames lost)",
        "10.0.0.3 down (3 of 20 frames lost)",
    ]
    assert [loss.host for loss in losses.losing(in_flight=3)] == ["10.0.0.2"]


def test_the_backends_loss_duration_is_used_where_it_is_given() -> None:
    flows = {"down 10.0.0.2": FLOWS["down 10.0.0.2"]}
    first = TrafficMark(0, 0, 0, {"down 10.0.0.2": FlowCount(0, 0, 100.0)})
    last = TrafficMark(1, 1, 0, {"down 10.0.0.2": FlowCount(20, 14, 725.0)})
    assert losses_between(first, last, flows, 1.0).outage_s(DOWN) == pytest.approx(0.625)


@pytest.mark.parametrize(
    ("first", "last", "said"),
    [
        (mark(0, {}, epoch=0), mark(1, {}, epoch=1), "configuration changed"),
        (mark(0, {}), mark(1, {}), "lack flow 'down 10.0.0.2'"),
    ],
    ids=["other-epoch", "flow-missing"],
)
def test_marks_that_do_not_compare_are_refused(
    first: TrafficMark, last: TrafficMark, said: str
) -> None:
    with pytest.raises(TrafficSourceError, match=said):
        losses_between(first, last, FLOWS, 1.0)


def test_a_hosts_default_mac_is_locally_administered_and_follows_its_address() -> None:
    assert host_mac("192.168.10.2") == "02:00:c0:a8:0a:02"
    assert int(host_mac("10.0.0.3").split(":")[0], 16) & 0b11 == 0b10  # local, unicast
