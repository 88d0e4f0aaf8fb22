"""The client against the `harsh` firmware personality (issue 17), over SSH.

Each behaviour the client must survive has a test that passes with its handling and fails
with that handling switched off: log lines in the session (turned off at open, stripped by
the parsers otherwise), busy answers (retried with backoff), Info/Warning lines after
commits.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from nornir.core import Nornir
from scrapli import Scrapli

from nornir_arpha.device import terminal, vrp
from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.lab import Lab, LabError, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.parsers import parse_arp_table
from nornir_arpha.parsers.exceptions import ParseError
from nornir_arpha.provision import check_lab, open_lab
from nornir_arpha.tasks import ChangeReport, collect_state, configure_hot_backup
from nornir_arpha.tasks.state import PeState
from tests.tasks.on_pe1 import display_on_pe1


@pytest.fixture
def harsh() -> Iterator[Lab]:
    with open_lab(load_lab(SHIPPED_LABS / "sim").with_personality("harsh")) as live:
        yield live


@pytest.fixture
def nr(harsh: Lab) -> Iterator[Nornir]:
    nr = open_nornir(harsh)
    try:
        yield nr
    finally:
        nr.close_connections(on_good=True, on_failed=True)


def _raw_session(lab: Lab) -> Scrapli:
    """A session opened as scrapli-community opens huawei_vrp (terminal logging left on)."""
    pe1 = lab.hosts["PE1"]
    conn = Scrapli(
        host=pe1.hostname,
        port=pe1.port,
        auth_username=pe1.username,
        auth_password=pe1.password.get_secret_value(),
        platform="huawei_vrp",
        transport="paramiko",
        auth_strict_key=False,
        ssh_config_file=False,
        timeout_ops=30,
    )
    conn.open()
    return conn


def test_log_lines_mid_display_are_dropped_by_the_parser_and_kept_in_the_output(
    harsh: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(terminal, "LOGS_OFF_COMMAND", "display version")  # logging stays on
    output = display_on_pe1(harsh, "display arp all")
    assert "%%01RBS/4/RBS_CHANNEL_STATUS_CHANGE" in output  # logs came mid-display
    table = parse_arp_table(output)
    assert table.total == len(table.entries)
    # The handling switched off: the same output does not parse.
    monkeypatch.setattr("nornir_arpha.parsers.base.strip_logs", lambda text: text)
    with pytest.raises(Exception, match="unrecognised line"):
        parse_arp_table(output)


def test_scrapli_communitys_opening_alone_leaves_lines_cut_at_80_columns(harsh: Lab) -> None:
    """scrapli-community's huawei_vrp opening writes `screen-width 256` and `y` blindly; the
    harsh firmware refuses it, and its output stays cut at 80 columns (the client's own
    opening reads the refusal and joins the cut lines: tests/tasks/test_harsh_terminal.py)."""
    conn = _raw_session(harsh)
    try:
        output = conn.send_command("display arp all").result
    finally:
        conn.close()
    assert max(len(line) for line in output.splitlines()) == 80
    with pytest.raises(ParseError):
        parse_arp_table(output)


def test_the_session_turns_terminal_logging_off_at_open(
    harsh: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    transcript = _transcript(harsh)
    assert b"undo terminal monitor" in transcript
    assert b"%%01" not in transcript
    # Without it (scrapli-community's opening only), the transcript holds log lines.
    monkeypatch.setattr(terminal, "LOGS_OFF_COMMAND", "display version")
    assert b"%%01" in _transcript(harsh)


def _transcript(lab: Lab) -> bytes:
    """PE1's channel while it opens and reads its state."""
    logs = io.BytesIO()
    nr = open_nornir(lab, channel_logs={"PE1": logs})
    try:
        result = nr.filter(name="PE1").run(task=collect_state)
        assert not result.failed, result
        return logs.getvalue()
    finally:
        nr.close_connections(on_good=True, on_failed=True)


def _busy_errors(nr: Nornir, rounds: int) -> list[str]:
    """Display errors naming busy over `rounds` reads of PE1's state (8 displays each; the
    harsh firmware answers every 29th display of a session busy)."""
    errors: list[str] = []
    for _ in range(rounds):
        state: PeState = nr.filter(name="PE1").run(task=collect_state)["PE1"][0].result
        errors += [d.error for d in state.displays.values() if "busy" in (d.error or "")]
    return errors


def test_busy_answers_are_retried_and_every_display_is_read(
    nr: Nornir, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vrp, "BUSY_FIRST_PAUSE_S", 0.01)
    assert _busy_errors(nr, rounds=4) == []
    assert "The system is busy" in caplog.text  # reported, naming the PE and command
    # The handling switched off (one attempt): a display fails on the busy answer.
    monkeypatch.setattr(vrp, "BUSY_ATTEMPTS", 1)
    assert _busy_errors(nr, rounds=4)


def test_commits_with_info_and_warning_lines_configure_the_pair(
    nr: Nornir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vrp, "BUSY_FIRST_PAUSE_S", 0.01)
    results = nr.run(task=configure_hot_backup)
    assert not results.failed, results
    reports = [multi[0].result for multi in results.values()]
    assert all(isinstance(r, ChangeReport) and r.committed for r in reports), reports


def test_an_unknown_personality_is_refused_naming_the_field() -> None:
    lab = load_lab(SHIPPED_LABS / "sim").with_personality("ne9999")
    with pytest.raises(LabError, match=r"simulation\.personality.*unknown personality 'ne9999'"):
        check_lab(lab)
