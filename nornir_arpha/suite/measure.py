"""Convergence measured by output-counter deltas between polls (never the 300 s rate line).

After a fault, the survivor's Eth-Trunk must carry the lab's whole offered downstream rate.
The survivor's output counter is read at every poll; the rate over each interval is
Δpackets / Δlab-time. Convergence is the start of the first interval whose rate reaches the
threshold: the true moment lies within one interval before it, so the error is at most one
poll interval plus one command's round trip.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
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
                    max(0.0, sample.start_s),
                    threshold,
                    tuple(samples),
                    time.monotonic() - started,
                )
        previous = current
