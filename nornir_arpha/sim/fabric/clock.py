"""The lab clock: lab seconds, and an event queue that every protocol timer of a lab runs on.

Model code reads `clock.now` (lab seconds since the lab started) and schedules callbacks
in lab time. Events run strictly in (time, scheduling order), each seeing `now` equal to
its own time, so a lab's behaviour depends only on its seed and on when commands arrive,
never on how late the event loop wakes up.

Two clocks:
- `RealtimeClock`: lab time = wall time x time_scale. Anything that reads state calls
  `sync()` first, which runs every event that is due; a wakeup on the asyncio loop keeps
  the lab moving (and its logs timely) while nobody looks.
- `ManualClock`: time moves only through `advance()` or `sleep()`; for deterministic tests.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import time
import weakref
from collections.abc import Callable
from datetime import datetime, timedelta

logger = logging.getLogger(__name__)

Callback = Callable[[], None]

# A wakeup closer than this (wall seconds) to the previous one is merged into it.
WAKEUP_GRANULARITY_S = 0.005


class Timer:
    """A scheduled callback; `cancel()` makes it a no-op."""

    __slots__ = ("callback", "cancelled", "when")

    def __init__(self, when: float, callback: Callback) -> None:
        self.when = when
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        """Make the callback a no-op (it stays queued until its time)."""
        self.cancelled = True


class LabClock:
    """Event queue in lab seconds; subclasses decide how lab time relates to wall time.

    Args:
        epoch: the wall-clock date and time shown for lab time 0
    """

    def __init__(self, epoch: datetime) -> None:
        self.epoch = epoch
        self.now = 0.0
        self._queue: list[tuple[float, int, Timer]] = []
        self._order = itertools.count()

    def call_at(self, when: float, callback: Callback) -> Timer:
        """Run `callback` at lab time `when` (or at once, in order, if that has passed)."""
        timer = Timer(max(when, self.now), callback)
        heapq.heappush(self._queue, (timer.when, next(self._order), timer))
        self._queued(timer.when)
        return timer

    def call_later(self, delay: float, callback: Callback) -> Timer:
        """Run `callback` `delay` lab seconds from now."""
        return self.call_at(self.now + delay, callback)

    def datetime_at(self, lab_time: float) -> datetime:
        """The wall-clock date and time a device shows for `lab_time`."""
        return self.epoch + timedelta(seconds=lab_time)

    def sync(self) -> None:
        """Bring the lab up to the present: run every event that is due."""
        self._run_until(self._target())

    async def sleep(self, lab_seconds: float) -> None:
        """Let `lab_seconds` of lab time pass."""
        raise NotImplementedError

    def _run_until(self, target: float) -> None:
        queue = self._queue
        while queue and queue[0][0] <= target:
            when, _, timer = heapq.heappop(queue)
            if timer.cancelled:
                continue
            self.now = when
            timer.callback()
        self.now = max(self.now, target)

    def _next_event(self) -> float | None:
        while self._queue and self._queue[0][2].cancelled:
            heapq.heappop(self._queue)
        return self._queue[0][0] if self._queue else None

    def _target(self) -> float:
        raise NotImplementedError

    def _queued(self, when: float) -> None:
        """Hook: an event was queued for lab time `when`."""


class ManualClock(LabClock):
    """A clock that stands still until told to move: deterministic tests.

    Args:
        epoch: the date and time shown for lab time 0 (a fixed date by default)
    """

    def __init__(self, epoch: datetime | None = None) -> None:
        super().__init__(epoch or datetime(2026, 1, 1, 8, 0, 0))

    def advance(self, lab_seconds: float) -> None:
        """Move time forward, running every event that falls due on the way."""
        self._run_until(self.now + lab_seconds)

    async def sleep(self, lab_seconds: float) -> None:
        """Advance the clock by `lab_seconds` (time passes only for whoever sleeps)."""
        self.advance(lab_seconds)
        await asyncio.sleep(0)

    def _target(self) -> float:
        return self.now


class RealtimeClock(LabClock):
    """Lab time runs `time_scale` times faster than the monotonic wall clock.

    Args:
        time_scale: lab seconds per wall second
        epoch: the date and time shown for lab time 0 (now, by default)
    """

    def __init__(self, time_scale: float, epoch: datetime | None = None) -> None:
        super().__init__(epoch or datetime.now().replace(microsecond=0))
        self.time_scale = time_scale
        self._wall_zero = time.monotonic()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakeup: asyncio.TimerHandle | None = None
        self._wakeup_at = float("inf")

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Keep the lab moving on `loop` (the simulator's one event-loop thread)."""
        self._loop = loop
        self._arm()

    def detach(self) -> None:
        """Stop waking up on the loop (the lab is shutting down)."""
        if self._wakeup is not None:
            self._wakeup.cancel()
        self._loop, self._wakeup, self._wakeup_at = None, None, float("inf")

    def sync(self) -> None:
        """Run every event due by the wall clock, then re-arm the loop wakeup."""
        super().sync()
        self._arm()

    async def sleep(self, lab_seconds: float) -> None:
        """Sleep the wall time that `lab_seconds` of lab time takes."""
        await asyncio.sleep(lab_seconds / self.time_scale)
        self.sync()

    def _target(self) -> float:
        return (time.monotonic() - self._wall_zero) * self.time_scale

    def _wall(self, lab_time: float) -> float:
        return self._wall_zero + lab_time / self.time_scale

    def _queued(self, when: float) -> None:
        if self._wall(when) < self._wakeup_at - WAKEUP_GRANULARITY_S:
            self._arm()

    def _arm(self) -> None:
        if self._loop is None or self._loop.is_closed():
            return
        when = self._next_event()
        if when is None:
            return
        wall = max(self._wall(when), time.monotonic() + WAKEUP_GRANULARITY_S)
        if self._wakeup is not None:
            if abs(wall - self._wakeup_at) < WAKEUP_GRANULARITY_S:
                return
            self._wakeup.cancel()
        self._wakeup_at = wall
        # A weak reference: a lab nobody holds any more stops waking up the loop.
        self._wakeup = self._loop.call_later(wall - time.monotonic(), _wake, weakref.ref(self))

    def _wake(self) -> None:
        self._wakeup, self._wakeup_at = None, float("inf")
        self.sync()


def _wake(clock: weakref.ref[RealtimeClock]) -> None:
    alive = clock()
    if alive is not None:
        alive._wake()
