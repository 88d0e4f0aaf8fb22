"""The suite's deliberate waits: spans a verdict must let pass in full.

A budget under test, a settle window, the span a rate is taken over and a held outage are
waited out on purpose (bounded polling could not shorten them: the verdict is about the whole
span). Each one is recorded, so that a run can tell its deliberate waiting from its own
overhead: summary.json's `deliberate_wait_s` per case, and benchmark figure 4's baseline.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DeliberateWait:
    """One wait: why, and its span in wall-clock (epoch) seconds."""

    reason: str
    start: float
    end: float


_recorded: list[DeliberateWait] = []


def wait_until(moment: float, reason: str, sleep: Callable[[float], None] = time.sleep) -> None:
    """Wait until monotonic time `moment` (at once if it has passed), and record the span;
    `sleep` waits (a timeline recorder reads in the wait, within it)."""
    remaining = moment - time.monotonic()
    if remaining <= 0:
        return
    start = time.time()
    sleep(remaining)
    _recorded.append(DeliberateWait(reason, start, time.time()))


def wait_for(seconds: float, reason: str, sleep: Callable[[float], None] = time.sleep) -> None:
    """Wait `seconds` (wall), and record the span (`sleep` as for `wait_until`)."""
    wait_until(time.monotonic() + seconds, reason, sleep)


def take_recorded() -> list[DeliberateWait]:
    """The waits recorded since the last call (the recorder starts empty again)."""
    taken = list(_recorded)
    _recorded.clear()
    return taken
