"""`measure_convergence` places a step in rate inside the interval that straddles it."""

from __future__ import annotations

import time

import pytest

from nornir_arpha.polling import Deadline
from nornir_arpha.suite.measure import RateSample, measure_convergence, step_time


def intervals(rates: list[float], width: float = 0.5) -> list[RateSample]:
    return [
        RateSample(i * width, (i + 1) * width, round(rate * width), rate)
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


def test_measured_on_a_counter_that_steps_up() -> None:
    """A counter at 100/s that steps to 1000/s 0.25 s after the fault, read every 20 ms."""
    fault = time.monotonic()
    step = fault + 0.25

    def read() -> tuple[int, float]:
        now = time.monotonic()
        before, after = min(now, step) - fault, max(0.0, now - step)
        return round(100 * before + 1000 * after), now

    result = measure_convergence(read, fault, 950, 1.0, Deadline(2.0, 0.02))
    assert result.converged
    assert result.convergence_s == pytest.approx(0.25, abs=0.01)
