"""CPU load for figures taken under load: child processes that spin, bounded in time."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from contextlib import contextmanager

HOGS = 2  # one per core of the CI machine size: the client and the simulator must compete


def _spin(until: float) -> None:
    while time.monotonic() < until:
        pass


@contextmanager
def cpu_hogs(count: int = HOGS, bound_s: float = 300.0) -> Iterator[None]:
    """`count` processes spinning until the block ends (killed) or `bound_s` has passed.

    Args:
        count: processes to start
        bound_s: the longest they spin, should the block never end (wall seconds)

    Yields:
        once all are started
    """
    # spawn, not fork: the caller runs threads (the simulator's loop, Nornir's workers).
    context = multiprocessing.get_context("spawn")
    until = time.monotonic() + bound_s  # CLOCK_MONOTONIC is system-wide: the children's too
    hogs = [context.Process(target=_spin, args=(until,), daemon=True) for _ in range(count)]
    for hog in hogs:
        hog.start()
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
        for hog in hogs:
            hog.join()
