"""Busy and locked answers are sent again: at once first, then with a doubling pause."""

from __future__ import annotations

import pytest
from scrapli.response import Response

from nornir_arpha.device import vrp

BUSY = "Error: The system is busy. Please try again later."


def answer(text: str) -> Response:
    response = Response(
        "192.0.2.1", "display interface Eth-Trunk10", failed_when_contains=["Error:"]
    )
    response.record_response(text.encode())
    return response


def test_the_first_retry_is_at_once_and_the_pauses_then_double(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(vrp.time, "sleep", pauses.append)
    answers = iter([BUSY, BUSY, BUSY, BUSY, "Eth-Trunk10 current state : UP"])
    got = vrp.retrying("PE1", "display interface Eth-Trunk10", lambda: answer(next(answers)))
    assert not got.failed
    first = vrp.BUSY_FIRST_PAUSE_S
    # A reading of the lab's clock is not held up by one busy moment.
    assert pauses == [0.0, first, 2 * first, 4 * first]


def test_still_busy_after_every_attempt_is_the_last_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vrp.time, "sleep", lambda _: None)
    sent: list[str] = []

    def send() -> Response:
        sent.append("sent")
        return answer(BUSY)

    got = vrp.retrying("PE1", "display interface Eth-Trunk10", send)
    assert got.failed and BUSY in got.result
    assert len(sent) == vrp.BUSY_ATTEMPTS
