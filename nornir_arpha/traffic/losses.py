"""Frames lost between two traffic marks, per host and direction, and the outage they mean.

Outage = lost frames / the flow's rate (the method of sonic-mgmt's convergence tests and
pyATS `check_traffic_loss`), or the backend's packet-loss duration where it reports one. A
direction's outage is its worst host's: the interruption some host saw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from nornir_arpha.traffic.source import HostFlow, TrafficMark, TrafficSourceError


@dataclass(frozen=True)
class HostLoss:
    """One host's flow in one direction between two marks."""

    host: str
    direction: str
    sent: int
    lost: int
    outage_s: float  # lab seconds

    def describe(self) -> str:
        return f"{self.host} {self.direction} ({self.lost} of {self.sent} frames lost)"


@dataclass(frozen=True)
class Losses:
    """Every flow's loss between two marks."""

    flows: tuple[HostLoss, ...]
    span_s: float  # lab seconds between the marks

    def worst(self, direction: str) -> HostLoss | None:
        mine = [loss for loss in self.flows if loss.direction == direction]
        return max(mine, key=lambda loss: loss.outage_s, default=None)

    def outage_s(self, direction: str) -> float:
        worst = self.worst(direction)
        return 0.0 if worst is None else worst.outage_s

    def lost(self, direction: str) -> int:
        return sum(loss.lost for loss in self.flows if loss.direction == direction)

    def losing(self, in_flight: int) -> list[HostLoss]:
        """The flows that lost more frames than may be on the wire at a reading."""
        return [loss for loss in self.flows if loss.lost > in_flight]


def losses_between(
    first: TrafficMark, last: TrafficMark, flows: Mapping[str, HostFlow], time_scale: float
) -> Losses:
    """The frames each flow lost from `first` to `last`.

    Args:
        first: the earlier mark
        last: the later mark
        flows: the flows to count, by name (each host's rate)
        time_scale: lab seconds per wall second (for the marks' span)

    Raises:
        TrafficSourceError: the marks are of different tester configurations, or lack a flow
    """
    if first.epoch != last.epoch:
        raise TrafficSourceError(
            "the tester's configuration changed between two readings (a host change restarts "
            "every flow's counts): read the traffic again after the change"
        )
    result = []
    for name, flow in flows.items():
        if name not in first.counts or name not in last.counts:
            raise TrafficSourceError(f"the tester's flow metrics lack flow '{name}'")
        a, b = first.counts[name], last.counts[name]
        sent = b.frames_tx - a.frames_tx
        lost = max(0, sent - (b.frames_rx - a.frames_rx))
        if a.loss_ms is not None and b.loss_ms is not None:
            outage = (b.loss_ms - a.loss_ms) / 1000
        else:
            outage = lost / flow.rate_pps
        result.append(HostLoss(flow.host, flow.direction, sent, lost, outage))
    span = ((last.sent + last.answered) - (first.sent + first.answered)) / 2 * time_scale
    return Losses(tuple(result), span)
