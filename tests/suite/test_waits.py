"""The suite's deliberate waits are waited out in full and recorded once each."""

from __future__ import annotations

import time

from nornir_arpha.suite.waits import take_recorded, wait_for, wait_until


def test_a_wait_is_recorded_with_its_span_and_taken_once() -> None:
    take_recorded()
    started = time.monotonic()
    wait_for(0.05, "a settle window")
    assert time.monotonic() - started >= 0.05
    [wait] = take_recorded()
    assert wait.reason == "a settle window"
    assert 0.05 <= wait.end - wait.start < 1.0
    assert take_recorded() == []


def test_a_moment_already_past_neither_waits_nor_records() -> None:
    take_recorded()
    wait_until(time.monotonic() - 1.0, "a budget that has passed")
    assert take_recorded() == []
