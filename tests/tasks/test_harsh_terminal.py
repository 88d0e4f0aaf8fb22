"""The client against the rest of the `harsh` personality (issue 17), over SSH: paging,
80-column wrapping with `screen-width` refused, extra [Y/N] questions, configuration-locked
commits, slow streaming; and counters that refresh on an interval. Each test shows the
handling at work and, switched off, the same check failing.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest

from nornir_arpha.device import terminal, vrp
from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.device.session import ConnectionLost
from nornir_arpha.device.transport import NodelayTransport
from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.lab.intent import Confirmation
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.parsers import parse_arp_table
from nornir_arpha.parsers.exceptions import ParseError
from nornir_arpha.provision import open_lab
from nornir_arpha.sim import inferred, personality
from nornir_arpha.suite.failover import EDGE_SHARE, RefreshGrid, refreshed_readings
from nornir_arpha.suite.measure import CounterReading
from nornir_arpha.tasks import ChangeReport, configure_hot_backup
from tests.tasks.on_pe1 import display_on_pe1, on_pe1


def _harsh(**changes: Any) -> Lab:
    """The harsh lab with `section.field` settings changed (e.g. `session__screen_width`)."""
    lab = load_lab(SHIPPED_LABS / "sim-harsh")
    settings = lab.settings
    for key, value in changes.items():
        section, name = key.split("__")
        part = getattr(settings, section).model_copy(update={name: value})
        settings = settings.model_copy(update={section: part})
    return replace(lab, settings=settings)


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vrp, "BUSY_FIRST_PAUSE_S", 0.01)


@pytest.fixture
def running(request: pytest.FixtureRequest) -> Iterator[Lab]:
    with open_lab(_harsh(**getattr(request, "param", {}))) as live:
        yield live


def test_lines_cut_at_80_columns_are_joined_when_screen_width_is_refused(running: Lab) -> None:
    table = parse_arp_table(display_on_pe1(running, "display arp all"))
    assert table.total == len(table.entries) > 30  # its 88-dash rules came cut in two


def test_without_the_joining_the_cut_lines_do_not_parse() -> None:
    # The handling switched off: the client believes in a width the device does not cut at.
    with open_lab(_harsh(session__screen_width=200)) as live:
        output = display_on_pe1(live, "display arp all")
    with pytest.raises(ParseError):
        parse_arp_table(output)


def test_a_device_that_pages_anyway_has_its_more_prompt_answered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(terminal, "PAGING_OFF_COMMAND", "display version")  # paging stays on
    with open_lab(_harsh()) as live:
        output = display_on_pe1(live, "display arp all")
        assert inferred.MORE_PROMPT not in output
        table = parse_arp_table(output)
        assert table.total == len(table.entries) > 30
        # The handling switched off (a pager prompt the client does not know): no answer.
        unknown = _harsh(budgets__command_timeout_s=0.3, session__more_prompt="--x--")
        stuck = replace(live, settings=unknown.settings, hosts=live.hosts)
        with pytest.raises(ConnectionLost, match="no prompt/answer"):
            display_on_pe1(stuck, "display arp all")


def _configure(lab: Lab) -> list[str | None]:
    """Configure the pair; each PE's error (None: configured)."""
    nr = open_nornir(lab)
    try:
        results = nr.run(task=configure_hot_backup)
        reports = [multi[0].result for multi in results.values()]
        assert all(isinstance(report, ChangeReport) for report in reports), results
        return [report.error for report in reports]
    finally:
        nr.close_connections(on_good=True, on_failed=True)


def test_questions_the_policy_lists_are_answered(running: Lab, fast_retries: None) -> None:
    assert _configure(running) == [None, None]  # commits ask first on this firmware


@pytest.mark.parametrize(
    "running",
    [{"session__confirmations": [Confirmation(question="screen width", answer="y")]}],
    indirect=True,
    ids=["commit-question-unlisted"],
)
def test_an_unlisted_question_is_refused_naming_it_and_the_command(
    running: Lab, fast_retries: None
) -> None:
    """The policy switched off for the commit's question: refused at once, naming it (before
    the policy, the session waited out its timeout twice and blamed the SSH session)."""
    errors = _configure(running)
    assert all(error is not None for error in errors)
    text = " ".join(str(error) for error in errors)
    assert "'commit' asked" in text and inferred.COMMIT_QUESTION in text
    assert "session.confirmations" in text and "failed twice" not in text


CHUNK_LINES = 30


@pytest.fixture
def slow_stream(monkeypatch: pytest.MonkeyPatch) -> Iterator[Lab]:
    """The harsh lab in real time (its 0.2 lab-s pauses are 0.2 s), with 30-line chunks and
    a 0.45 s command timeout."""
    harsh = personality.PERSONALITIES["harsh"]
    monkeypatch.setitem(
        personality.PERSONALITIES, "harsh", replace(harsh, stream_chunk_lines=CHUNK_LINES)
    )
    lab = _harsh(simulation__time_scale=1.0, budgets__command_timeout_s=0.45)
    with open_lab(lab) as live:
        yield live


def test_a_display_streamed_slowly_is_read_whole(
    slow_stream: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`display interface` arrives in chunks 0.2 s apart, longer in all than the 0.45 s
    command timeout: counted from the last output, it is read whole."""
    output = display_on_pe1(slow_stream, "display interface")
    assert len(output.splitlines()) > 3 * CHUNK_LINES  # three pauses or more
    monkeypatch.setattr(NodelayTransport, "COUNT_FROM_OUTPUT", False)  # handling off
    with pytest.raises(ConnectionLost, match="no prompt/answer"):
        display_on_pe1(slow_stream, "display interface")


def _commit_rounds(lab: Lab, rounds: int) -> None:
    """`rounds` commits of a description change on PE1, in one session."""

    def work(conn: Any) -> None:
        with vrp.ConfigSession(conn, "PE1") as session:
            for number in range(rounds):
                session.send(["interface LoopBack0", f"description round {number}"])
                session.commit()

    on_pe1(lab, work)


@pytest.mark.parametrize(
    "running", [{"simulation__time_scale": 50.0}], indirect=True, ids=["quick-commits"]
)
def test_configuration_locked_answers_are_retried(
    running: Lab,
    fast_retries: None,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rounds = 7  # the harsh firmware answers every 7th commit of a session "locked"
    _commit_rounds(running, rounds)
    assert inferred.REFUSE_LOCKED in caplog.text
    monkeypatch.setattr(vrp, "BUSY_ATTEMPTS", 1)  # the handling switched off
    with pytest.raises(vrp.DeviceError, match="locked by other user"):
        _commit_rounds(running, rounds)


REFRESH_S = 0.03


def _refreshing_counter() -> CounterReading:
    """A counter of 1000 per second, shown as of its last refresh (every REFRESH_S)."""
    sent = time.monotonic()
    shown = math.floor(sent / REFRESH_S) * REFRESH_S
    return CounterReading(int(shown * 1000), int(shown * 1000), sent, time.monotonic())


def _read_mid_interval() -> CounterReading:
    """One plain reading taken in the second half of a refresh interval (bounded wait)."""
    give_up = time.monotonic() + 10 * REFRESH_S
    while time.monotonic() % REFRESH_S < REFRESH_S / 2 and time.monotonic() < give_up:
        continue
    return _refreshing_counter()


def _dated_by_refresh() -> CounterReading:
    fresh = refreshed_readings([_refreshing_counter], REFRESH_S)
    return (RefreshGrid(REFRESH_S).dated(fresh) or fresh)[0]


@pytest.mark.parametrize(
    ("read", "held"),
    [(_dated_by_refresh, True), (_read_mid_interval, False)],
    ids=["dated-by-refresh", "dated-by-read"],
)
def test_counter_readings_are_dated_by_the_refresh_they_show(
    read: Callable[[], CounterReading], held: bool
) -> None:
    """With `budgets.counter_refresh_s`, a reading is dated by the refresh it shows; dated by
    the read itself (the handling off), it is up to a whole interval late."""
    readings = [read() for _ in range(5)]
    # The value shown is the counter at its refresh: the date must be that refresh (within
    # half the widest edge window the client starts its grid from).
    slack = REFRESH_S * EDGE_SHARE / 2 + 1e-3
    dated = [r.sent - slack <= r.out_packets / 1000 <= r.answered + slack for r in readings]
    assert all(dated) is held


TIME_SCALE = 4.0  # the 1 lab-s commit takes 0.25 s


@pytest.mark.parametrize("by_answer", [True, False], ids=["dated-by-answer", "dated-by-midpoint"])
def test_a_slow_commit_is_dated_by_its_answer(
    by_answer: bool, fast_retries: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The harsh firmware's commit takes 1 lab-s and applies at its end: the change is dated
    no earlier than that (a fault's convergence is measured from it)."""
    monkeypatch.setattr(vrp.ConfigSession, "DATED_BY_ANSWER", by_answer)
    with open_lab(_harsh(simulation__time_scale=TIME_SCALE)) as live:
        sent, committed = _commit_once(live)
    assert (committed - sent >= inferred.HARSH_COMMIT_DELAY_S / TIME_SCALE) is by_answer


def _commit_once(lab: Lab) -> tuple[float, float]:
    """When PE1's commit of a description change was sent, and the date the client gives it."""

    def work(conn: Any) -> tuple[float, float]:
        with vrp.ConfigSession(conn, "PE1") as session:
            session.send(["interface LoopBack0", "description slow commit"])
            sent = time.monotonic()
            return sent, session.commit()

    sent, committed = on_pe1(lab, work)
    return float(sent), float(committed)
