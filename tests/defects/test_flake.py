"""Flake check: the healthy failover suite passes RUNS times in a row, each against a fresh
simulated lab. Slow (about RUNS x 15 s), so behind the `stress` marker:

    pytest -m stress tests/defects/test_flake.py -s

The result of the last recorded run is in docs/defects.md.
"""

from __future__ import annotations

import platform
import statistics
from collections.abc import Callable
from datetime import datetime

import pytest

from tests.defects.matrix import Run, execute

RUNS = 10

pytestmark = [pytest.mark.stress, pytest.mark.timeout(RUNS * 120)]


def test_the_healthy_suite_passes_ten_times_in_a_row(
    tmp_path_factory: pytest.TempPathFactory, record_property: Callable[[str, object], None]
) -> None:
    seconds: list[float] = []
    for attempt in range(1, RUNS + 1):
        outcome = execute(Run(None), tmp_path_factory.mktemp(f"healthy-{attempt}"))
        assert outcome.status == 0 and not outcome.failures, (
            f"healthy run {attempt} of {RUNS} failed:\n{outcome.output}"
        )
        seconds.append(outcome.seconds)
    summary = (
        f"{datetime.now():%Y-%m-%d %H:%M}, {platform.node()} ({platform.machine()}, "
        f"Python {platform.python_version()}): {RUNS}/{RUNS} passed; per run "
        f"min {min(seconds):.1f} s, median {statistics.median(seconds):.1f} s, "
        f"max {max(seconds):.1f} s, total {sum(seconds):.0f} s"
    )
    record_property("flake_check", summary)
    print(f"\nflake check: {summary}")
