"""A run on a lab an earlier run left damaged: refused at the gate on a real-style lab,
repaired (and reported) on a simulated one; never passed as if nothing were wrong."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nornir_arpha.cli import app
from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.device.vrp import RUNNING_COMMAND
from nornir_arpha.journal import Journal, journal_path
from nornir_arpha.suite import PeProbe
from nornir_arpha.tasks import ToggleReport, set_link_state
from nornir_arpha.tasks.polling import Deadline
from nornir_arpha.tasks.results import run_on
from tests.plugin.conftest import ExternalLab, edit_settings, start_suite
from tests.plugin.test_signals import FAILOVER

pytestmark = pytest.mark.timeout(180)
MEMBER = "GigabitEthernet0/1/1"
CASES = ("nornir_arpha/testcases/test_01_setup_and_sync.py", f"{FAILOVER}[PE1]")


def _shut_member(external_lab: ExternalLab) -> None:
    """What a run killed mid-fault leaves: PE1's member shut."""
    nr = open_nornir(external_lab.lab)
    try:
        report = run_on(
            nr, "PE1", set_link_state, ToggleReport, target=MEMBER, up=False,
            deadline=Deadline(10.0, 0.05),
        )  # fmt: skip
        assert report.confirmed, report.message
    finally:
        nr.close_connections()


def _running(external_lab: ExternalLab) -> dict[str, str]:
    """Both PEs' running config and PE1's member state, by display."""
    nr = open_nornir(external_lab.lab)
    try:
        shown = {pe: PeProbe(nr, pe).run(RUNNING_COMMAND).output for pe in ("PE1", "PE2")}
        shown["member"] = PeProbe(nr, "PE1").interface(MEMBER)[0].state
        return shown
    finally:
        nr.close_connections()


def test_a_real_style_lab_with_a_shut_member_is_refused_untouched(
    external_lab: ExternalLab, tmp_path: Path
) -> None:
    # As a real lab: nothing is repaired unasked.
    edit_settings(external_lab, "simulation", enabled=False)
    _shut_member(external_lab)
    before = _running(external_lab)
    assert before["member"] == "Administratively DOWN"
    artifacts = tmp_path / "artifacts"
    suite = start_suite(external_lab.folder, artifacts, *CASES)
    output, _ = suite.communicate(timeout=150)
    assert suite.returncode == 1, output
    assert "lab sim is not at its baseline; nothing was changed or judged" in output
    assert f"PE1: {MEMBER} is Administratively DOWN" in output
    assert "Traceback" not in output
    outcomes = [
        child.tag
        for case in ElementTree.parse(artifacts / "junit.xml").getroot().iter("testcase")
        for child in case
    ]
    assert outcomes.count("error") == 1 and "failure" not in outcomes
    assert _running(external_lab) == before


@pytest.mark.slow  # a suite run end to end: outside the default run, .ci/run runs it
def test_a_simulated_lab_with_a_shut_member_is_repaired_and_says_so(
    external_lab: ExternalLab, tmp_path: Path
) -> None:
    _shut_member(external_lab)
    artifacts = tmp_path / "artifacts"
    suite = start_suite(external_lab.folder, artifacts, *CASES)
    output, _ = suite.communicate(timeout=150)
    assert suite.returncode == 0, output
    repaired = f"repaired PE1: {MEMBER} is Administratively DOWN"
    assert f"lab gate: {repaired}" in output
    summary = json.loads((artifacts / "summary.json").read_text())
    assert any(line.startswith(repaired) for line in summary["lab_gate_repairs"])
    assert _running(external_lab)["member"] == "UP"


def _left_configured(external_lab: ExternalLab) -> None:
    """What a run stopped before its teardown leaves: the hot backup configured, outstanding
    in the lab's journal."""
    done = CliRunner().invoke(app, ["configure", "--lab", str(external_lab.folder)])
    assert done.exit_code == 0, done.output
    assert Journal(journal_path(external_lab.lab)).outstanding()


def test_an_outstanding_journal_on_a_real_style_lab_is_refused(
    external_lab: ExternalLab, tmp_path: Path
) -> None:
    _left_configured(external_lab)
    edit_settings(external_lab, "simulation", enabled=False)
    before = _running(external_lab)
    suite = start_suite(external_lab.folder, tmp_path / "artifacts", CASES[0])
    output, _ = suite.communicate(timeout=150)
    assert suite.returncode == 1, output
    assert "configure" in output and "outstanding in the journal" in output
    assert _running(external_lab) == before


@pytest.mark.slow  # a suite run end to end: outside the default run, .ci/run runs it
def test_an_outstanding_journal_on_a_simulated_lab_is_undone_first(
    external_lab: ExternalLab, tmp_path: Path
) -> None:
    baseline = _running(external_lab)
    _left_configured(external_lab)
    suite = start_suite(external_lab.folder, tmp_path / "artifacts", CASES[0])
    output, _ = suite.communicate(timeout=150)
    assert suite.returncode == 0, output
    assert "lab gate: journal: PE1 #" in output and ": undone:" in output
    assert _running(external_lab) == baseline  # undone, then configured and torn down again
