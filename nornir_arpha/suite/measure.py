"""Convergence measured by output-counter deltas between polls (never the 300 s rate line).

After a fault, the survivor's Eth-Trunk must carry the lab's whole offered downstream rate.
The survivor's output counter is read at every poll; the rate over each interval is
Δpackets / Δlab-time. The rate reaches the threshold in some interval; the step up to it
happened in the interval before (or at its end). That interval's average rate lies between
the rate before the step and the full rate, in proportion to the part of it that came after
the step, which places the step inside it (`step_time`). For one step in rate (the core
moving the traffic at once) this is exact up to the counter readings' timing, about half a
command's round trip, instead of up to one poll interval late; a gradual rise is placed
within the same interval.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from nornir_arpha.polling import Deadline

logger = logging.getLogger(__name__)

FULL_RATE_SHARE = 0.95


@dataclass(frozen=True)
class RateSample:
    """One interval between two counter readings, in lab time."""

    start_s: float  # since the fault
    end_s: float
    packets: int
    rate_pps: float


@dataclass(frozen=True)
class Convergence:
    """The outcome of a measurement.

    Attributes:
        converged: the rate reached the threshold before the deadline
        convergence_s: lab seconds from the fault to full rate (None if never)
        threshold_pps: the rate that counts as full
        samples: every interval measured, for the report
        waited_s: wall time spent polling
    """

    converged: bool
    convergence_s: float | None
    threshold_pps: float
    samples: tuple[RateSample, ...] = field(default_factory=tuple)
    waited_s: float = 0.0

    @property
    def last_rate_pps(self) -> float:
        return self.samples[-1].rate_pps if self.samples else 0.0

    def describe(self) -> str:
        rates = ", ".join(f"{s.rate_pps:.0f}" for s in self.samples[-6:])
        return f"last interval rates (pps, lab time): {rates or 'none measured'}"


def measure_convergence(
    read_counter: Callable[[], tuple[int, float]],
    fault_at: float,
    threshold: float,
    time_scale: float,
    deadline: Deadline,
) -> Convergence:
    """Poll an output counter until its rate reaches `threshold`.

    Args:
        read_counter: returns (output packets, monotonic time of the reading)
        fault_at: monotonic time the fault was committed (the measurement's zero)
        threshold: the rate to reach, in packets per lab second (e.g. 95 % of the offered)
        time_scale: lab seconds per wall second (1 for real labs)
        deadline: how long to keep polling and how often (wall time)

    Returns:
        the measurement, with every interval's rate
    """
    samples: list[RateSample] = []
    started = time.monotonic()
    previous = read_counter()
    while True:
        remaining = started + deadline.timeout_s - time.monotonic()
        if remaining <= 0:
            return Convergence(False, None, threshold, tuple(samples), time.monotonic() - started)
        time.sleep(min(deadline.interval_s, remaining))  # the poll interval, bounded above
        current = read_counter()
        wall = current[1] - previous[1]
        if wall > 0:
            packets = current[0] - previous[0]
            sample = RateSample(
                start_s=(previous[1] - fault_at) * time_scale,
                end_s=(current[1] - fault_at) * time_scale,
                packets=packets,
                rate_pps=packets / (wall * time_scale),
            )
            samples.append(sample)
            if sample.rate_pps >= threshold:
                return Convergence(
                    True,
                    max(0.0, step_time(samples)),
                    threshold,
                    tuple(samples),
                    time.monotonic() - started,
                )
        previous = current


def step_time(samples: Sequence[RateSample]) -> float:
    """When the rate stepped up to the last sample's, in lab seconds since the fault.

    Args:
        samples: the intervals measured, oldest first; the last one is the first at full rate

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
    rise = full.rate_pps - before.rate_pps
    if rise <= 0:
        return full.start_s
    after_step = min(1.0, max(0.0, (straddling.rate_pps - before.rate_pps) / rise))
    return straddling.end_s - after_step * (straddling.end_s - straddling.start_s)
