"""Convergence measured by packet-counter deltas between polls (never the 300 s rate line).

After a fault, the survivor's Eth-Trunk must carry the lab's whole offered rate in both
directions: downstream (its output counter: the core moved the traffic) and upstream (its
input counter: the CE rehashed its hosts off the failed links). Both counters are read at
every poll; the rate over each interval is Δpackets / Δlab-time. Convergence is the later of
the two directions' steps. In each, the rate reaches the threshold in some interval; the
step up to it happened in the interval before (or at its end). That interval's average rate
lies between the rate before the step and the full rate, in proportion to the part of it
that came after the step, which places the step inside it (`step_time`). For one step in
rate (the core moving the traffic at once) this is exact up to the counter readings'
timing, instead of up to one poll interval late; a gradual rise is placed within the same
interval.

A reading's timing: the device took it somewhere between the command's send and its answer
(its window); it is dated by the window's midpoint. Under CPU load the window widens (the
client's and the device's threads wait to be scheduled), and a 20 ms error of wall time is
200 lab-ms at time scale 10: enough to pass a straddling interval off as full or to move the
step by a poll interval. So a reading whose window is too wide is taken again at once (a
repeat runs warm and is fast), the tightest kept; the windows are carried into each interval
and into the step's placement as an error bound (`Convergence.error_s`), and a bound wider
than the measurement's resolution is stated (`Convergence.note`) instead of passed off as a
figure.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from nornir_arpha.tasks.polling import Deadline

logger = logging.getLogger(__name__)

FULL_RATE_SHARE = 0.95
# A reading's window may take at most this share of a poll interval: two readings' dating then
# moves an interval's rate by at most ~5 %, the headroom between the full rate and the 95 %
# threshold.
READING_SHARE = 0.05
# Readings taken at most to find one whose window is narrow enough. Under load the first
# command after a pause is slow (its threads wake from sleep) and an immediate repeat runs
# warm: display round trips in-process with two CPU hogs on 2 cores were 4.2 ms (median) for
# the first, 1.4 ms for the best of 4.
READING_ATTEMPTS = 4


class ReadWindow:
    """When a device reading was taken: after `sent`, before `answered` (monotonic, wall s).

    Nothing dates it closer (VRP's `Current system time:` shows whole seconds).
    """

    sent: float
    answered: float

    @property
    def at(self) -> float:
        """The window's midpoint: the reading's date, give or take half the window."""
        return (self.sent + self.answered) / 2

    @property
    def uncertainty_s(self) -> float:
        """The window's width (wall seconds)."""
        return self.answered - self.sent


@dataclass(frozen=True)
class CounterReading(ReadWindow):
    """Packet counters summed over the carrying Eth-Trunks, and the window they were read in."""

    out_packets: int
    in_packets: int
    sent: float
    answered: float

    def dated(self, at: float) -> CounterReading:
        """The same counters taken exactly at `at` (one end of the window, for error bounds)."""
        return replace(self, sent=at, answered=at)


@dataclass(frozen=True)
class RateSample:
    """One interval between two counter readings, in lab time."""

    start_s: float  # since the fault
    end_s: float
    packets: int  # output (downstream)
    rate_pps: float  # output (downstream)
    in_rate_pps: float  # input (upstream)
    uncertainty_s: float = 0.0  # the wider of its two readings' windows

    @property
    def slowest_pps(self) -> float:
        return min(self.rate_pps, self.in_rate_pps)


def downstream(sample: RateSample) -> float:
    return sample.rate_pps


def upstream(sample: RateSample) -> float:
    return sample.in_rate_pps


@dataclass(frozen=True)
class Convergence:
    """The outcome of a measurement.

    Attributes:
        converged: the rate reached the threshold before the deadline
        convergence_s: lab seconds from the fault to full rate (None if never)
        threshold_pps: the rate that counts as full
        samples: every interval measured, for the report
        waited_s: wall time spent polling
        error_s: how far `convergence_s` can be off because the readings behind it are
            dated only to their windows (lab seconds)
        note: why the figure is not to be trusted to the measurement's resolution, or empty
        steps_s: each direction's step (downstream, upstream), lab seconds after the fault
    """

    converged: bool
    convergence_s: float | None
    threshold_pps: float
    samples: tuple[RateSample, ...] = field(default_factory=tuple)
    waited_s: float = 0.0
    error_s: float = 0.0
    note: str = ""
    steps_s: tuple[float, float] | None = None

    @property
    def last_rate_pps(self) -> float:
        """Output (downstream) rate of the last interval."""
        return self.samples[-1].rate_pps if self.samples else 0.0

    @property
    def last_in_rate_pps(self) -> float:
        """Input (upstream) rate of the last interval."""
        return self.samples[-1].in_rate_pps if self.samples else 0.0

    def describe(self) -> str:
        rates = ", ".join(f"{s.rate_pps:.0f}/{s.in_rate_pps:.0f}" for s in self.samples[-6:])
        return f"last interval rates (out/in pps, lab time): {rates or 'none measured'}"


def tightest_reading(
    read_counters: Callable[[], CounterReading], limit_s: float, attempts: int = READING_ATTEMPTS
) -> CounterReading:
    """Read until a reading's window is at most `limit_s` wide, at most `attempts` times.

    Args:
        read_counters: takes one reading
        limit_s: the widest window wanted (wall seconds)
        attempts: readings taken at most (at least one)

    Returns:
        the first reading narrow enough, else the narrowest taken
    """
    best = read_counters()
    for _ in range(attempts - 1):
        if best.uncertainty_s <= limit_s:
            break
        best = min(best, read_counters(), key=lambda reading: reading.uncertainty_s)
    return best


def measure_convergence(
    read_counters: Callable[[], CounterReading],
    fault_at: float,
    threshold: float,
    time_scale: float,
    deadline: Deadline,
    resolution_s: float,
    before: Sequence[CounterReading] = (),
    pause: Callable[[float], None] = time.sleep,
) -> Convergence:
    """Poll the counters until both directions' rates reach `threshold`.

    Args:
        read_counters: reads the output and input packet counters
        fault_at: monotonic time the fault was committed (the measurement's zero)
        threshold: the rate to reach, in packets per lab second (e.g. 95 % of the offered)
        time_scale: lab seconds per wall second (1 for real labs)
        deadline: how long to keep polling and how often (wall time)
        resolution_s: the error the figure may carry, in lab seconds; a wider error bound
            is stated in the result's note
        before: readings taken before the fault, oldest first (`pre_fault_start`); their
            rate is the rate before the step, so a step in the first interval after the
            fault is placed like any other, not only to within that interval
        pause: how to wait between polls (a recorder reads other sources in the wait)

    Returns:
        the measurement, with every interval's rates and the figure's error bound
    """
    limit = READING_SHARE * deadline.interval_s
    samples: list[RateSample] = []
    started = time.monotonic()
    readings = pre_fault_start(before, fault_at, time_scale, threshold)
    readings = readings or [tightest_reading(read_counters, limit)]
    while True:
        remaining = started + deadline.timeout_s - time.monotonic()
        if remaining <= 0:
            return Convergence(False, None, threshold, tuple(samples), time.monotonic() - started)
        pause(min(deadline.interval_s, remaining))  # the poll interval, bounded above
        current = tightest_reading(read_counters, limit)
        if current.at <= readings[-1].at:
            readings[-1] = current  # no time between them: no rate
            continue
        samples.append(_sample(readings[-1], current, fault_at, time_scale))
        readings.append(current)
        if samples[-1].slowest_pps >= threshold:
            # The later step is the convergence; it lies between the latest of the
            # directions' earliest possible steps and the latest of their latest.
            steps = [
                _placed_step(readings, fault_at, time_scale, rate, threshold)
                for rate in (downstream, upstream)
            ]
            placed = max(steps, key=lambda placement: placement.step_s)
            earliest = max(p.step_s - p.span_s - p.dating_s for p in steps)
            latest = max(p.step_s + p.dating_s for p in steps)
            error = max(latest - placed.step_s, placed.step_s - earliest)
            widest = max(sample.uncertainty_s for sample in samples[-3:])
            return Convergence(
                True,
                max(0.0, placed.step_s),
                threshold,
                tuple(samples),
                time.monotonic() - started,
                error,
                _coarseness(error, resolution_s, widest, limit * time_scale, placed),
                (max(0.0, steps[0].step_s), max(0.0, steps[1].step_s)),
            )


def pre_fault_start(
    before: Sequence[CounterReading], fault_at: float, time_scale: float, threshold: float
) -> list[CounterReading]:
    """The readings before the fault to start a measurement from, or none.

    They serve only when their rate is below `threshold` in both directions: then the carrier
    kept that rate through the outage (a survivor keeps carrying its own share) and the rate
    before the step is known. A pre-fault rate already at full (a partial fault, judged on
    both PEs together, where the outage lowers the total) says nothing of the rate during
    the outage, and an interval straddling the fault from it would average the outage away.
    """
    dated = [reading for reading in before if reading.answered <= fault_at]
    if len(dated) < 2:
        return []
    samples = [_sample(a, b, fault_at, time_scale) for a, b in itertools.pairwise(dated)]
    if any(sample.rate_pps >= threshold or sample.in_rate_pps >= threshold for sample in samples):
        return []
    return dated


def _coarseness(
    error: float, resolution_s: float, widest: float, limit: float, placed: Placement
) -> str:
    """Why the convergence is known only to ±`error` (lab seconds), or "" within resolution."""
    if error <= resolution_s:
        return ""
    causes = []
    if widest > limit:
        causes.append(
            f"reading uncertainty {widest * 1000:.0f} lab-ms > {limit * 1000:.0f} lab-ms "
            f"after {READING_ATTEMPTS} attempts"
        )
    if placed.span_s:
        causes.append(
            f"the step fell in the first interval measured ({placed.step_s - placed.span_s:.2f}"
            f"-{placed.step_s:.2f} lab-s after the fault), with no earlier rate to place it by"
        )
    because = "; ".join(causes) or "the readings' windows"
    return (
        f"poll interval too coarse{' under load' if widest > limit else ''}: {because}; the "
        f"convergence is known only to ±{error:.2f} lab-s (resolution {resolution_s:g} lab-s)"
    )


def _sample(
    previous: CounterReading, current: CounterReading, fault_at: float, time_scale: float
) -> RateSample:
    """The interval between two readings, dated by their midpoints, in lab time."""
    lab_s = (current.at - previous.at) * time_scale
    packets = current.out_packets - previous.out_packets
    return RateSample(
        start_s=(previous.at - fault_at) * time_scale,
        end_s=(current.at - fault_at) * time_scale,
        packets=packets,
        rate_pps=packets / lab_s,
        in_rate_pps=(current.in_packets - previous.in_packets) / lab_s,
        uncertainty_s=max(previous.uncertainty_s, current.uncertainty_s) * time_scale,
    )


class Placement(NamedTuple):
    """One direction's step, and the two bounds on its error (lab seconds)."""

    step_s: float
    dating_s: float  # from dating each reading anywhere in its window
    span_s: float  # from a first interval that gives no earlier rate to place the step by


def _placed_step(
    readings: Sequence[CounterReading],
    fault_at: float,
    time_scale: float,
    rate: Callable[[RateSample], float],
    threshold: float,
) -> Placement:
    """One direction's step (`step_time` over the intervals up to the first at full rate).

    Returns:
        the step; how far it moves when each reading it depends on is dated at either end
        of its window instead of the midpoint (the windows' corners: over windows this narrow
        against an interval, the placement moves monotonically with each date); and, when
        the step fell in the first interval (or before it), how much of that interval it
        may lie in
    """

    def samples(dated: Sequence[CounterReading]) -> list[RateSample]:
        return [_sample(a, b, fault_at, time_scale) for a, b in itertools.pairwise(dated)]

    def placed(dated: Sequence[CounterReading]) -> float:
        return step_time(samples(dated), rate)

    full = len(_until_full(samples(readings), rate, threshold))
    # `step_time` reads at most the last three intervals: the four readings around them.
    behind = readings[max(0, full - 3) : full + 1]
    step = placed(behind)
    corners = itertools.product(*((r.dated(r.sent), r.dated(r.answered)) for r in behind))
    dating = max(abs(placed(corner) - step) for corner in corners)
    if full >= 3:
        return Placement(step, dating, 0.0)
    # Placed at the first full interval's start: the step lies in the interval before it,
    # or, when the first interval is already full, anywhere since the fault.
    earliest = samples(behind)[0].start_s if full == 2 else 0.0
    return Placement(step, dating, max(0.0, step - max(0.0, earliest)))


def _until_full(
    samples: Sequence[RateSample], rate: Callable[[RateSample], float], threshold: float
) -> Sequence[RateSample]:
    """The samples up to the first in which `rate` reached `threshold` (it stayed there: a
    direction's rate rises back to full once, when the fault's traffic has moved)."""
    first = next(i for i, sample in enumerate(samples) if rate(sample) >= threshold)
    return samples[: first + 1]


def step_time(
    samples: Sequence[RateSample], rate: Callable[[RateSample], float] = downstream
) -> float:
    """When the rate stepped up to the last sample's, in lab seconds since the fault.

    Args:
        samples: the intervals measured, oldest first; the last one is the first at full rate
        rate: which direction's rate (output by default)

    Returns:
        the moment inside the interval before the last at which a single step from the rate
        of the interval before that (the rate before the step) to the last one's rate gives
        that interval's average; the last interval's start when there is no earlier rate to
        compare (the step may lie anywhere in the first interval) or the rate did not rise
    """
    full = samples[-1]
    if len(samples) < 3:
        return full.start_s
    before, straddling = samples[-3], samples[-2]
    rise = rate(full) - rate(before)
    if rise <= 0:
        return full.start_s
    after_step = min(1.0, max(0.0, (rate(straddling) - rate(before)) / rise))
    return straddling.end_s - after_step * (straddling.end_s - straddling.start_s)
