"""Bounded polling: read until a condition holds or a deadline passes, never a fixed sleep."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from nornir_arpha.lab import Lab

T = TypeVar("T")

# Counter rates are taken over the interval between two readings, each dated by its round
# trip's midpoint (1-2 ms uncertain on a loaded machine): shorter intervals would let that
# uncertainty, not the device, decide whether a rate reaches 95 %.
MIN_POLL_INTERVAL_S = 0.05


@dataclass(frozen=True)
class Polled(Generic[T]):
    """The last value read, whether it met the condition, and what it took."""

    value: T
    met: bool
    elapsed_s: float
    attempts: int


@dataclass(frozen=True)
class Deadline:
    """How long to poll and how often, in wall seconds."""

    timeout_s: float
    interval_s: float

    @classmethod
    def from_lab(cls, lab: Lab, lab_seconds: float) -> Deadline:
        """`lab_seconds` of lab time, polled at the lab's poll interval, as wall time.

        On a simulated lab, lab time runs `simulation.time_scale` times faster than the wall
        clock (see `Budgets`). The interval is at least `MIN_POLL_INTERVAL_S` of wall time.
        """
        interval = lab.settings.budgets.poll_interval_s / lab.time_scale
        return cls(lab_seconds / lab.time_scale, max(interval, MIN_POLL_INTERVAL_S))


NO_WAIT = Deadline(0.0, 0.0)


def poll(read: Callable[[], T], done: Callable[[T], bool], deadline: Deadline) -> Polled[T]:
    """Call `read` until `done(value)` or the deadline; at least once.

    Args:
        read: takes one reading (e.g. runs a display command and parses it)
        done: whether a reading meets the condition
        deadline: the timeout and the pause between readings

    Returns:
        the last reading, whether it met the condition, elapsed wall time and attempts
    """
    start = time.monotonic()
    attempts = 0
    while True:
        value = read()
        attempts += 1
        now = time.monotonic()
        if done(value):
            return Polled(value, True, now - start, attempts)
        remaining = start + deadline.timeout_s - now
        if remaining <= 0:
            return Polled(value, False, now - start, attempts)
        time.sleep(min(deadline.interval_s, remaining))
