"""`arpha configure | verify | teardown` end to end (each run starts a fresh simulator)."""

from __future__ import annotations

from pathlib import Path

import pytest
from nornir.core import Nornir
from typer.testing import CliRunner

from nornir_arpha.cli import app, device
from nornir_arpha.lab import Lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.tasks.pair import PairOutcome
from tests.tasks.test_ownership import FOREIGN, commit_on_pe1

runner = CliRunner()


def arpha(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_configure_dry_run_prints_commands_and_candidate() -> None:
    code, output = arpha("configure", "--lab", str(SHIPPED_LABS / "sim"), "--dry-run")
    assert code == 0, output
    assert "fresh in-process simulator" in output
    assert output.count("dry run") >= 2
    assert "peer 2.2.2.2 source 1.1.1.1 port 2046" in output
    assert "device candidate (display configuration candidate):" in output
    assert "configure: OK" in output


def test_configure_commits_on_both_pes(tmp_path: Path) -> None:
    code, output = arpha(
        "configure", "--lab", str(SHIPPED_LABS / "sim-ipv6"), "--transcripts", str(tmp_path)
    )
    assert code == 0, output
    assert "5 step(s) committed" in output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["PE1.log", "PE2.log"]


def test_verify_on_an_unconfigured_lab_fails_like_a_bug_report() -> None:
    code, output = arpha("verify", "--lab", str(SHIPPED_LABS / "sim"), "--wait", "0")
    assert code == 1, output
    assert "[FAIL] PE1: RBS connected: no RBS rbs1 could be read" in output
    assert "display remote-backup-service rbs1" in output
    assert "verify: FAILED" in output


def test_teardown_of_a_clean_lab_changes_nothing() -> None:
    code, output = arpha("teardown", "--lab", str(SHIPPED_LABS / "sim"))
    assert code == 0, output
    assert output.count("unchanged") >= 2


def test_an_invalid_lab_exits_2(tmp_path: Path) -> None:
    code, output = arpha("configure", "--lab", str(tmp_path / "missing"))
    assert code == 2
    assert "lab folder not found" in output


def test_configure_refuses_what_is_not_the_labs_unless_take_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure_pair = device.configure_pair

    def with_foreign_e_trunk(nr: Nornir, lab: Lab, **options: bool) -> PairOutcome:
        commit_on_pe1(nr, FOREIGN["e-trunk-settings"][0])  # another user's, on the fresh sim
        return configure_pair(nr, lab, **options)

    monkeypatch.setattr(device, "configure_pair", with_foreign_e_trunk)
    code, output = arpha("configure", "--lab", str(SHIPPED_LABS / "sim"))
    assert code == 1, output
    assert "PE1: configure refused: not the lab's: E-Trunk 1" in output
    assert "'priority 50' on the device, 'priority 10' in the lab" in output
    assert "rerun with --take-over" in output
    assert "nothing sent: PE1 refused" in output

    code, output = arpha("configure", "--lab", str(SHIPPED_LABS / "sim"), "--take-over")
    assert code == 0, output
    assert "E-Trunk 1: replace 'peer-address 9.9.9.9 source-address 1.1.1.1'" in output
