"""`arpha restore` replays the journal; an interrupted configure is rolled back; a failed
teardown fails the run (against a simulator served by this process, like a real lab)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nornir_arpha.cli import app
from nornir_arpha.journal import Journal, journal_path
from nornir_arpha.tasks.polling import Deadline, poll
from tests.plugin.conftest import ExternalLab, edit_settings, running_configs, start_suite
from tests.plugin.test_unreachable import frozen

SETUP = "nornir_arpha/testcases/test_01_setup_and_sync.py::test_hot_backup_configured_and_verified"
WAIT = Deadline(timeout_s=60.0, interval_s=0.005)


def arpha(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_restore_undoes_a_configure_and_a_second_restore_finds_nothing(
    external_lab: ExternalLab,
) -> None:
    baseline = running_configs(external_lab)
    folder = str(external_lab.folder)
    code, output = arpha("configure", "--lab", folder)
    assert code == 0, output
    assert running_configs(external_lab) != baseline
    code, output = arpha("restore", "--lab", folder)
    assert code == 0, output
    assert "2 outstanding change(s)" in output
    assert "PE1: 1 change(s): restored" in output
    assert "PE2: 1 change(s): restored" in output
    assert "journal emptied" in output
    assert running_configs(external_lab) == baseline
    code, output = arpha("restore", "--lab", folder)
    assert code == 0, output
    assert "nothing outstanding" in output
    assert running_configs(external_lab) == baseline


def _configure_begun(path: Path) -> bool:
    return path.is_file() and '"what": "configure:' in path.read_text()


def test_sigint_during_configure_leaves_both_pes_at_baseline(
    external_lab: ExternalLab, tmp_path: Path
) -> None:
    baseline = running_configs(external_lab)
    journal = journal_path(external_lab.lab)
    suite = start_suite(external_lab.folder, tmp_path / "artifacts", SETUP)
    try:
        begun = poll(lambda: _configure_begun(journal), bool, WAIT)
        assert begun.met, "the run never began a configure"
        suite.send_signal(signal.SIGINT)
        output, _ = suite.communicate(timeout=60)
    finally:
        if suite.poll() is None:
            suite.kill()
            suite.communicate()
    assert suite.returncode != 0, output
    assert "configure interrupted: undoing" in output, output
    assert "NOT undone" not in output, output
    assert running_configs(external_lab) == baseline, output
    assert Journal(journal).outstanding() == []


@pytest.mark.slow  # a failover run end to end: outside the default run, .ci/run runs it
def test_a_failed_teardown_is_an_error_naming_what_each_pe_holds(
    external_lab: ExternalLab, tmp_path: Path
) -> None:
    edit_settings(external_lab, "budgets", command_timeout_s=2.0)  # frozen PEs time out fast
    journal = journal_path(external_lab.lab)
    artifacts = tmp_path / "artifacts"
    suite = start_suite(external_lab.folder, artifacts, SETUP)
    # The PEs stop answering once the teardown has begun: its commits cannot be made.
    begun = poll(lambda: '"what": "teardown:' in _text(journal), bool, WAIT)
    assert begun.met, "the run never began its teardown"
    with frozen(external_lab):
        output, _ = suite.communicate(timeout=120)
    assert suite.returncode == 1, output
    assert "1 passed, 1 error" in output, output
    assert "teardown failed on the PE pair" in output
    assert "PE1: failed:" in output and "PE2: failed:" in output
    assert f"`arpha restore --lab {external_lab.folder}` undoes what the lab's journal" in output
    junit = (artifacts / "junit.xml").read_text()
    assert "<error" in junit and "teardown failed on the PE pair" in junit


def _text(path: Path) -> str:
    return path.read_text() if path.is_file() else ""
