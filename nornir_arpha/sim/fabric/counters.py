"""Interface counters computed exactly from piecewise-constant packet rates.

Traffic in the lab changes rate only at events (a link fails, a PE learns a host, ...).
Between events a counter grows linearly, so its value at any instant is exact and costs
nothing to compute: no per-packet work, however high the offered rate.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

RATE_WINDOW_S = 300.0  # the "Last 300 seconds" rate lines


@dataclass(frozen=True)
class CounterReading:
    """A counter as `display interface` shows it.

    Attributes:
        packets: packets counted so far
        rate_pps: average packet rate over the last 300 lab seconds
        peak_pps: the highest rate seen
        peak_at: lab time the peak was reached
    """

    packets: float
    rate_pps: float
    peak_pps: float
    peak_at: float


class RateCounter:
    """A packet counter driven by a rate that changes only at given instants.

    Args:
        start: lab time the counter starts (at zero)
    """

    __slots__ = ("_double", "_peak", "_peak_at", "_rates", "_starts", "_values")

    def __init__(self, start: float) -> None:
        self._starts = [start]
        self._values = [0.0]
        self._rates = [0.0]
        self._peak = 0.0
        self._peak_at = start
        self._double: tuple[float, float] | None = None  # (since, value then)

    @property
    def rate(self) -> float:
        """The current rate, packets per lab second."""
        return self._rates[-1]

    def set_rate(self, now: float, rate: float) -> None:
        """From lab time `now` on, the counter grows at `rate` packets per lab second."""
        if rate == self._rates[-1]:
            return
        value = self.value(now)
        if now == self._starts[-1]:
            self._values[-1], self._rates[-1] = value, rate
        else:
            self._starts.append(now)
            self._values.append(value)
            self._rates.append(rate)
        if rate > self._peak:
            self._peak, self._peak_at = rate, now
        self._forget(now - RATE_WINDOW_S)

    def value(self, at: float) -> float:
        """Packets counted up to lab time `at` (extrapolated backwards before the start)."""
        index = max(bisect_right(self._starts, at) - 1, 0)
        return self._values[index] + self._rates[index] * (at - self._starts[index])

    def read(self, now: float, *, trunk: bool = False) -> CounterReading:
        """The counter, its 300-second average rate and its peak, at lab time `now`.

        `trunk`: read for the Eth-Trunk the port is a member of (see `double_from`).
        """
        value = self._trunk_value if trunk else self.value
        average = (value(now) - value(now - RATE_WINDOW_S)) / RATE_WINDOW_S
        peak = self._peak
        if trunk and self._double is not None and self._peak_at >= self._double[0]:
            peak *= 2
        return CounterReading(value(now), average, peak, self._peak_at)

    def double_from(self, now: float) -> None:
        """Defect counters-double-count: from the first call on, an Eth-Trunk reading this
        member's counter counts each of its packets twice."""
        if self._double is None:
            self._double = (now, self.value(now))

    def _trunk_value(self, at: float) -> float:
        if self._double is None or at < self._double[0]:
            return self.value(at)
        return 2 * self.value(at) - self._double[1]

    def _forget(self, before: float) -> None:
        """Drop segments that ended before `before`; the rate window never reads them."""
        keep = max(bisect_right(self._starts, before) - 1, 0)
        if keep:
            del self._starts[:keep], self._values[:keep], self._rates[:keep]
