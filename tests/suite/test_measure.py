"""`measure_convergence` places a step in rate inside the interval that straddles it, in both
directions, and converges at the later one; it retakes readings whose windows are too wide,
bounds the figure's error by the windows, and says when that bound exceeds its resolution."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from nornir_arpha.suite.measure import (
    READING_ATTEMPTS,
    CounterReading,
    RateSample,
    measure_convergence,
    step_time,
    tightest_reading,
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
        return CounterReading(
            round(stepping(fault, 0.25, 100)), round(1000 * (now - fault)), now, now
        )

    result = measure_convergence(read, fault, 950, 1.0, Deadline(2.0, 0.02), 0.01)
    assert result.converged
    assert result.convergence_s == pytest.approx(0.25, abs=0.01)


def test_the_later_direction_decides() -> None:
    """Output full at once, input (the CE still hashing onto a dead link) full after 0.3 s."""
    fault = time.monotonic()

    def read() -> CounterReading:
        now = time.monotonic()
        return CounterReading(
            round(1000 * (now - fault)), round(stepping(fault, 0.3, 500)), now, now
        )

    result = measure_convergence(read, fault, 950, 1.0, Deadline(2.0, 0.02), 0.01)
    assert result.converged
    assert result.convergence_s == pytest.approx(0.3, abs=0.01)
    assert result.samples[0].rate_pps >= 950 > result.samples[0].in_rate_pps


def test_a_direction_that_never_recovers_is_reported() -> None:
    fault = time.monotonic()

    def read() -> CounterReading:
        now = time.monotonic()
        return CounterReading(round(1000 * (now - fault)), round(400 * (now - fault)), now, now)

    result = measure_convergence(read, fault, 950, 1.0, Deadline(0.2, 0.02), 0.01)
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


class Windowed:
    """Readings of a counter at 1000/s whose windows follow `widths` (wall s, the last one
    repeated); each is taken at its window's end, the worst dating for its midpoint."""

    def __init__(self, widths: list[float]) -> None:
        self.widths = widths
        self.taken = 0
        self.zero = time.monotonic()

    def __call__(self) -> CounterReading:
        width = self.widths[min(self.taken, len(self.widths) - 1)]
        self.taken += 1
        answered = time.monotonic()
        packets = round(1000 * (answered - self.zero))
        return CounterReading(packets, packets, answered - width, answered)


def test_a_wide_reading_is_taken_again_and_the_tightest_kept() -> None:
    read = Windowed([0.05, 0.03, 0.04, 0.02])
    assert tightest_reading(read, 0.001).uncertainty_s == pytest.approx(0.02)
    assert read.taken == READING_ATTEMPTS


def test_a_narrow_enough_reading_is_not_repeated() -> None:
    read = Windowed([0.05, 0.001, 0.0])
    assert tightest_reading(read, 0.002).uncertainty_s == pytest.approx(0.001)
    assert read.taken == 2


def test_windows_are_carried_into_the_samples() -> None:
    read = Windowed([0.004])
    result = measure_convergence(read, read.zero, 450, 2.0, Deadline(1.0, 0.02), 1.0)
    assert result.converged  # 500 packets per lab second: the counters' 1000/s at time scale 2
    assert all(sample.uncertainty_s == pytest.approx(0.008) for sample in result.samples)


def test_a_step_dated_by_wide_windows_says_it_is_too_coarse() -> None:
    """Output at 500/s stepping to 1000/s 0.25 s after the fault; every window 10 ms wide,
    five times the 2 ms a 40 ms poll interval allows."""
    fault = time.monotonic()

    def read() -> CounterReading:
        answered = time.monotonic()
        out = stepping(fault, 0.25, 500) - 500 * 0.005  # taken mid-window: an exact midpoint
        return CounterReading(
            round(out), round(1000 * (answered - fault)), answered - 0.01, answered
        )

    result = measure_convergence(read, fault, 950, 1.0, Deadline(2.0, 0.04), 0.01)
    assert result.converged and result.convergence_s is not None
    assert result.error_s > 0.01
    assert abs(result.convergence_s - 0.25) <= result.error_s
    assert result.note.startswith("poll interval too coarse under load: reading uncertainty 10 ")
    assert "lab-ms > 2 lab-ms after 4 attempts" in result.note


def test_narrow_windows_give_a_figure_without_a_note() -> None:
    """The same step, read with 0.2 ms windows."""
    fault = time.monotonic()

    def read() -> CounterReading:
        answered = time.monotonic()
        out = stepping(fault, 0.25, 500)
        return CounterReading(
            round(out), round(1000 * (answered - fault)), answered - 2e-4, answered
        )

    result = measure_convergence(read, fault, 950, 1.0, Deadline(2.0, 0.04), 0.01)
    assert result.convergence_s == pytest.approx(0.25, abs=0.01)
    assert result.error_s <= 0.01 and result.note == ""


def test_a_step_in_the_first_interval_is_known_only_to_that_interval() -> None:
    """Full at once: the step lies anywhere between the fault and the first reading."""
    fault = time.monotonic() - 0.3

    def read() -> CounterReading:
        now = time.monotonic()
        return CounterReading(round(1000 * (now - fault)), round(1000 * (now - fault)), now, now)

    result = measure_convergence(read, fault, 950, 1.0, Deadline(1.0, 0.02), 0.1)
    assert result.convergence_s is not None and result.convergence_s >= 0.3
    assert result.error_s == pytest.approx(result.convergence_s)
    assert "the step fell in the first interval measured (0.00-" in result.note
    assert "under load" not in result.note


def pre_fault(read: Callable[[], CounterReading], gap_s: float) -> list[CounterReading]:
    first = read()
    time.sleep(gap_s)
    return [first, read()]


def test_readings_before_the_fault_place_a_step_in_the_first_interval_after_it() -> None:
    """A survivor at 400/s (its own share, kept through the outage) steps to 1000/s 0.1 s
    after the fault, inside a 0.3 s poll interval: placed by the pre-fault rate, no note."""
    zero = time.monotonic()

    def read() -> CounterReading:
        now = time.monotonic()
        packets = round(400 * (now - zero) + 600 * max(0.0, now - (zero + 0.35)))
        return CounterReading(packets, packets, now, now)

    before = pre_fault(read, 0.2)
    fault = zero + 0.25
    while time.monotonic() < fault:
        time.sleep(0.005)
    result = measure_convergence(read, fault, 950, 1.0, Deadline(2.0, 0.3), 0.05, before)
    assert result.convergence_s == pytest.approx(0.1, abs=0.02)
    assert result.note == "" and result.error_s <= 0.05
    alone = measure_convergence(read, time.monotonic(), 950, 1.0, Deadline(2.0, 0.3), 0.05)
    assert alone.samples[0].start_s == pytest.approx(0.0, abs=0.01)  # no pre-fault interval


def test_readings_before_the_fault_at_full_rate_are_not_taken_as_the_rate_before_the_step() -> None:
    """Two PEs judged together: full before the fault, 500/s during a 0.2 s outage. Starting
    from the full pre-fault rate would average the outage away; the measurement starts
    after the fault instead."""
    zero = time.monotonic()
    fault = zero + 0.1

    def read() -> CounterReading:
        now = time.monotonic()
        outage = min(max(0.0, now - fault), 0.2)
        packets = round(1000 * (now - zero) - 500 * outage)
        return CounterReading(packets, packets, now, now)

    before = pre_fault(read, 0.05)
    while time.monotonic() < fault:
        time.sleep(0.005)
    result = measure_convergence(read, fault, 950, 1.0, Deadline(2.0, 0.04), 0.01, before)
    assert all(sample.end_s > 0 for sample in result.samples)
    assert result.convergence_s == pytest.approx(0.2, abs=0.02)
