"""Each PE's forwarded rate and the tester's loss over one failover, for the report's picture.

The readings are those the step takes anyway: every `display interface <Eth-Trunk>` its
probes read (the pair checks, the convergence polls, the steady window, the recovery) and
every mark the outage watch takes. What nothing else reads — the faulted PE while the
survivor converges, the tester between the watch's marks — is read inside the waits the
step sits out anyway (`TimelineRecorder.fill`), once a poll interval and only when the
reading fits in the wait: the series add no wall time to a case.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from nornir_arpha.lab import Lab
from nornir_arpha.parsers.records import InterfaceInfo
from nornir_arpha.suite.probes import PeProbe, Reading
from nornir_arpha.tasks.polling import Deadline
from nornir_arpha.traffic import DIRECTIONS, DOWN, UP, TrafficMark, TrafficSource

logger = logging.getLogger(__name__)

RATE, LOSS = "rate", "loss"  # a PE's Eth-Trunk rate; the tester's frames lost (per lab s)
TESTER = "tester"
# Readings taken in waits, at most, per failover: a long hold keeps its picture readable.
MAX_IDLE_READINGS = 400


class Recorder(Protocol):
    """Where a step's waits and tester marks go (`TimelineRecorder`, or `UNRECORDED`)."""

    def fill(self, seconds: float) -> None:
        """Wait `seconds` of wall time (a sleep, for `suite/waits.py` and the polls)."""
        ...

    def note_mark(self, mark: TrafficMark) -> None:
        """A tester mark the step took."""
        ...


class _Unrecorded:
    """Waits are plain sleeps, marks are not kept."""

    def fill(self, seconds: float) -> None:
        time.sleep(seconds)

    def note_mark(self, mark: TrafficMark) -> None:
        pass


UNRECORDED: Recorder = _Unrecorded()


@dataclass(frozen=True)
class TimelineSeries:
    """One line of the picture.

    Attributes:
        kind: `rate` (a PE's Eth-Trunk, packets per lab s) or `loss` (the tester's frames
            lost per lab s, all hosts of the direction)
        source: the PE, or `tester`
        direction: `down` (core -> hosts: the Eth-Trunk's output) or `up` (its input)
        points: (lab s since the fault, the value over the interval that ends there)
    """

    kind: str
    source: str
    direction: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class FailoverTimeline:
    """A failover's series, and when its fault was restored (lab s since the fault)."""

    series: tuple[TimelineSeries, ...]
    restore_s: float | None


class _Count(NamedTuple):
    """Counts in both directions at one moment (monotonic wall s)."""

    at: float
    down: int
    up: int


class TimedFault(Protocol):
    """A fault's commits (monotonic; 0 until made): `LinkFault`, `PathFault`."""

    applied_at: float
    restored_at: float


class TimelineRecord(Protocol):
    """Where a failover's timeline goes (the case's record)."""

    def note_timeline(self, timeline: FailoverTimeline) -> None: ...


class TimelineRecorder:
    """Collects one failover's readings; `timeline` turns them into series. The step adds
    the faults it applies to `faults`: the last one's commit is the timeline's zero, and the
    latest restore is marked once every one is restored.

    Args:
        lab: the lab (the PEs' Eth-Trunks, the poll interval, the time scale)
        probe: the step's probe factory
        traffic: the lab's traffic source (its marks are kept when it is a tester)
    """

    def __init__(self, lab: Lab, probe: Callable[[str], PeProbe], traffic: TrafficSource) -> None:
        self.lab = lab
        self._probe = probe
        self._traffic = traffic
        self._interval_s = Deadline.from_lab(lab, 0.0).interval_s  # the poll interval, wall s
        self._counters: dict[str, list[_Count]] = {pe: [] for pe in lab.pair}
        self._losses: list[tuple[int, _Count]] = []  # (epoch, frames sent - received)
        self._directions: dict[str, str] = {}  # flow name -> direction
        self._idle_readings = 0
        self._idle_cost_s = 0.0  # how long the last idle reading took
        self.faults: list[TimedFault] = []

    def probe(self, host: str) -> PeProbe:
        """The step's probe for `host`, its Eth-Trunk readings kept."""
        return self._probe(host).observed(self._note_interface)

    def _note_interface(self, host: str, info: InterfaceInfo, reading: Reading) -> None:
        trunk = self.lab.intent(host).eth_trunk.name
        if info.name == trunk and info.out_packets is not None and info.in_packets is not None:
            self._counters[host].append(_Count(reading.at, info.out_packets, info.in_packets))

    def note_mark(self, mark: TrafficMark) -> None:
        """Keep the mark's frames lost so far per direction (sent minus received)."""
        if self._traffic.kind != "otg":
            return
        if set(self._directions) != set(mark.counts):
            self._directions = {name: f.direction for name, f in self._traffic.flows().items()}
        lost = dict.fromkeys(DIRECTIONS, 0)
        for name, count in mark.counts.items():
            direction = self._directions.get(name)
            if direction is not None:
                lost[direction] += count.frames_tx - count.frames_rx
        at = (mark.sent + mark.answered) / 2
        self._losses.append((mark.epoch, _Count(at, lost[DOWN], lost[UP])))

    def fill(self, seconds: float) -> None:
        """Wait `seconds`, reading in the wait what has not been read for a poll interval
        (a PE's Eth-Trunk, the tester), when the reading fits in what is left of it."""
        until = time.monotonic() + seconds
        while True:
            remaining = until - time.monotonic()
            if self._idle_readings < MAX_IDLE_READINGS and self._idle_cost_s < remaining:
                started = time.monotonic()
                if self._read_stale():
                    self._idle_readings += 1
                    self._idle_cost_s = time.monotonic() - started
                remaining = until - time.monotonic()
            if remaining <= 0:
                return
            time.sleep(min(remaining, self._interval_s))

    def _read_stale(self) -> bool:
        """Read each source whose latest reading is a poll interval old. Returns: any read."""
        stale = time.monotonic() - self._interval_s
        read = False
        for pe, counts in self._counters.items():
            if not counts or counts[-1].at < stale:
                self.probe(pe).interface(self.lab.intent(pe).eth_trunk.name)
                read = True
        if self._traffic.kind == "otg" and (not self._losses or self._losses[-1][1].at < stale):
            mark = self._traffic.mark()
            if mark is not None:
                self.note_mark(mark)
                read = True
        return read

    def timeline(self) -> FailoverTimeline:
        """The series in lab seconds since the fault.

        Returns:
            per PE and direction its rate, per direction the tester's loss (with a tester)

        Raises:
            ValueError: no fault was applied
        """
        if not self.faults:
            raise ValueError("no fault applied: a timeline counts from the fault")
        fault_at = max(fault.applied_at for fault in self.faults)
        restores = [fault.restored_at for fault in self.faults]
        restored_at = max(restores) if all(restores) else None
        scale = self.lab.time_scale
        spacing = self._interval_s / 2  # readings closer than this give no usable rate
        series = []
        for pe, counts in self._counters.items():
            for index, direction in enumerate(DIRECTIONS):
                points = _rates(counts, index, fault_at, scale, spacing)
                series.append(TimelineSeries(RATE, pe, direction, points))
        if self._losses:
            for index, direction in enumerate(DIRECTIONS):
                points = _loss_rates(self._losses, index, fault_at, scale, spacing)
                series.append(TimelineSeries(LOSS, TESTER, direction, points))
        restore = None if restored_at is None else (restored_at - fault_at) * scale
        return FailoverTimeline(tuple(s for s in series if s.points), restore)


@contextmanager
def recording(
    lab: Lab, probe: Callable[[str], PeProbe], traffic: TrafficSource, record: TimelineRecord
) -> Iterator[TimelineRecorder]:
    """A recorder for one failover. On the way out, passed or failed, its timeline goes to
    `record` once a fault was applied."""
    recorder = TimelineRecorder(lab, probe, traffic)
    try:
        yield recorder
    finally:
        if any(fault.applied_at for fault in recorder.faults):
            record.note_timeline(recorder.timeline())


def _rates(
    counts: Sequence[_Count], index: int, fault_at: float, scale: float, spacing: float
) -> tuple[tuple[float, float], ...]:
    """A counter's rise per lab s; a counter that went down (cleared) gives no point."""
    changes = _differences(counts, index, scale, spacing)
    return tuple((t - fault_at * scale, rate) for t, rate in changes if rate >= 0)


def _loss_rates(
    losses: Sequence[tuple[int, _Count]],
    index: int,
    fault_at: float,
    scale: float,
    spacing: float,
) -> tuple[tuple[float, float], ...]:
    """The frames lost per lab s between marks of one tester configuration (`epoch`); frames
    still in flight at a mark can make the difference negative, which counts as none lost."""
    points: list[tuple[float, float]] = []
    for epoch in dict.fromkeys(epoch for epoch, _ in losses):
        counts = [count for mark_epoch, count in losses if mark_epoch == epoch]
        points += _differences(counts, index, scale, spacing)
    return tuple(sorted((t - fault_at * scale, max(0.0, lost)) for t, lost in points))


def _differences(
    counts: Sequence[_Count], index: int, scale: float, spacing: float
) -> list[tuple[float, float]]:
    """(lab time of the later count, change per lab s) over counts at least `spacing` wall s
    apart; `index` 0 is downstream, 1 upstream."""
    result = []
    kept: _Count | None = None
    for count in sorted(counts):
        if kept is not None and count.at - kept.at < spacing:
            continue
        if kept is not None:
            change = (count[1 + index] - kept[1 + index]) / ((count.at - kept.at) * scale)
            result.append((count.at * scale, change))
        kept = count
    return result
