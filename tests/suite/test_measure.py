"""`measure_convergence` places a step in rate inside the interval that straddles it, in both
directions, and converges at the later one."""

from __future__ import annotations

import time

import pytest

from nornir_arpha.suite.measure import (
    CounterReading,
    RateSample,
    measure_convergence,
    step_time,
    upstream,
)
from nornir_arpha.tasks.polling import Deadline


def intervals(rates: list[float], width: float = 0.5) -> list[RateSample]:
    return [
        RateSample(i * width, (i + 1) * width, round(rate * width), rate, in_rate_pps=1000.0)
        for i, rate in enumerate(rates)
    ]


def test_a_step_inside_an_interval_is_placed_where_the_average_says() -> None:
    # 400 pps until 1.2 s, then 1000 pps: the interval 1.0-1.5 averages 400*0.4 + 1000*0.6.
    samples = intervals([400, 400, 760, 1000])
    assert step_time(samples) == pytest.approx(1.2)


def test_a_step_on_an_interval_boundary_is_that_boundary() -> None:
    assert step_time(intervals([400, 400, 400, 1000])) == pytest.approx(1.5)
    assert step_time(intervals([400, 400, 1000])) == pytest.approx(1.0)


def test_without_an_earlier_rate_the_full_interval_start_is_kept() -> None:
    assert step_time(intervals([700, 1000])) == pytest.approx(0.5)
    assert step_time(intervals([1000])) == pytest.approx(0.0)


def test_no_rise_keeps_the_full_interval_start() -> None:
    assert step_time(intervals([1000, 1000, 1000])) == pytest.approx(1.0)


def stepping(fault: float, step_after: float, low: float) -> float:
    """Packets counted since the fault by a counter at `low`/s that steps to 1000/s."""
    now = time.monotonic()
    step = fault + step_after
    before, after = min(now, step) - fault, max(0.0, now - step)
    return low * before + 1000 * after


def test_measured_on_a_counter_that_steps_up() -> None:
    """Output at 100/s stepping to 1000/s 0.25 s after the fault (input full), every 20 ms."""
    fault = time.monotonic()

    def read() -> CounterReading:
        now = time.monotonic()
        return CounterReading(round(stepping(fault, 0.25, 100)), round(1000 * (now - fault)), now)

    result = measure_convergence(read, fault, 950, 1.0, Deadline(2.0, 0.02))
    assert result.converged
    assert result.convergence_s == pytest.approx(0.25, abs=0.01)


def test_the_later_direction_decides() -> None:
    """Output full at once, input (the CE still hashing onto a dead link) full after 0.3 s."""
    fault = time.monotonic()

    def read() -> CounterReading:
        now = time.monotonic()
        return CounterReading(round(1000 * (now - fault)), round(stepping(fault, 0.3, 500)), now)

    result = measure_convergence(read, fault, 950, 1.0, Deadline(2.0, 0.02))
    assert result.converged
    assert result.convergence_s == pytest.approx(0.3, abs=0.01)
    assert result.samples[0].rate_pps >= 950 > result.samples[0].in_rate_pps


def test_a_direction_that_never_recovers_is_reported() -> None:
    fault = time.monotonic()

    def read() -> CounterReading:
        now = time.monotonic()
        return CounterReading(round(1000 * (now - fault)), round(400 * (now - fault)), now)

    result = measure_convergence(read, fault, 950, 1.0, Deadline(0.2, 0.02))
    assert not result.converged and result.convergence_s is None
    assert result.last_rate_pps >= 900 and result.last_in_rate_pps == pytest.approx(400, rel=0.2)
    assert result.describe().startswith("last interval rates (out/in pps, lab time): ")


def test_step_time_reads_the_direction_it_is_given() -> None:
    samples = [
        RateSample(i * 0.5, (i + 1) * 0.5, 500, 1000.0, in_rate_pps=rate)
        for i, rate in enumerate([400, 400, 760, 1000])
    ]
    assert step_time(samples, upstream) == pytest.approx(1.2)
    assert step_time(samples) == pytest.approx(1.5)  # output was full all along: no rise
