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
timing, about half a command's round trip, instead of up to one poll interval late; a
gradual rise is placed within the same interval.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from nornir_arpha.tasks.polling import Deadline

logger = logging.getLogger(__name__)

FULL_RATE_SHARE = 0.95


class CounterReading(NamedTuple):
    """Packet counters summed over the carrying Eth-Trunks, and when they were read."""

    out_packets: int
    in_packets: int
    at: float  # monotonic


@dataclass(frozen=True)
class RateSample:
    """One interval between two counter readings, in lab time."""

    start_s: float  # since the fault
    end_s: float
    packets: int  # output (downstream)
    rate_pps: float  # output (downstream)
    in_rate_pps: float  # input (upstream)

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
    """

    converged: bool
    convergence_s: float | None
    threshold_pps: float
    samples: tuple[RateSample, ...] = field(default_factory=tuple)
    waited_s: float = 0.0

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


def measure_convergence(
    read_counters: Callable[[], CounterReading],
    fault_at: float,
    threshold: float,
    time_scale: float,
    deadline: Deadline,
) -> Convergence:
    """Poll the counters until both directions' rates reach `threshold`.

    Args:
        read_counters: reads the output and input packet counters
        fault_at: monotonic time the fault was committed (the measurement's zero)
        threshold: the rate to reach, in packets per lab second (e.g. 95 % of the offered)
        time_scale: lab seconds per wall second (1 for real labs)
        deadline: how long to keep polling and how often (wall time)

    Returns:
        the measurement, with every interval's rates
    """
    samples: list[RateSample] = []
    started = time.monotonic()
    previous = read_counters()
    while True:
        remaining = started + deadline.timeout_s - time.monotonic()
        if remaining <= 0:
            return Convergence(False, None, threshold, tuple(samples), time.monotonic() - started)
        time.sleep(min(deadline.interval_s, remaining))  # the poll interval, bounded above
        current = read_counters()
        wall = current.at - previous.at
        if wall > 0:
            lab_s = wall * time_scale
            packets = current.out_packets - previous.out_packets
            sample = RateSample(
                start_s=(previous.at - fault_at) * time_scale,
                end_s=(current.at - fault_at) * time_scale,
                packets=packets,
                rate_pps=packets / lab_s,
                in_rate_pps=(current.in_packets - previous.in_packets) / lab_s,
            )
            samples.append(sample)
            if sample.slowest_pps >= threshold:
                converged_at = max(
                    step_time(_until_full(samples, rate, threshold), rate)
                    for rate in (downstream, upstream)
                )
                return Convergence(
                    True,
                    max(0.0, converged_at),
                    threshold,
                    tuple(samples),
                    time.monotonic() - started,
                )
        previous = current


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
