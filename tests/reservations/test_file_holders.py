"""`arpha labs` on one machine: who holds which lab folder's lock file, and which are free."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nornir_arpha.cli import app
from nornir_arpha.cli.common import console
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.reservations import LabLocked
from nornir_arpha.reservations.file_lock import lab_lock


@pytest.fixture
def pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(console, "width", 200)  # one table row per holder
    for name in ("pair-a", "pair-b"):
        shutil.copytree(SHIPPED_LABS / "sim", tmp_path / "labs" / name)
    monkeypatch.delenv("ARPHA_HISTORY", raising=False)  # no PostgreSQL: lock files only
    return tmp_path / "labs"


def test_arpha_labs_names_the_holder_of_a_lock_file_and_the_free_labs(
    pool: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI_PIPELINE_ID", "4711")
    with lab_lock(pool / "pair-b", wait_s=0, lab="pair-b"):
        listed = CliRunner().invoke(app, ["labs", "--lab-pool", str(pool)])
    assert listed.exit_code == 0, listed.output
    held = [line for line in listed.output.splitlines() if "pair-b" in line]
    assert held and f"pid {os.getpid()}" in held[0] and "CI_PIPELINE_ID=4711" in held[0]
    assert "Free: pair-a" in listed.output


def test_a_released_lock_file_is_free_again(pool: Path) -> None:
    with lab_lock(pool / "pair-a", wait_s=0):
        pass
    listed = CliRunner().invoke(app, ["labs", "--lab-pool", str(pool)])
    assert "No lab is held. Free: pair-a, pair-b." in listed.output


def test_the_held_message_names_the_pipeline(pool: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_RUN_ID", "99")
    with lab_lock(pool / "pair-a", wait_s=0), pytest.raises(LabLocked) as refused:
        lab_lock(pool / "pair-a", wait_s=0).__enter__()
    assert "GITHUB_RUN_ID=99" in str(refused.value)


def test_a_missing_pool_folder_is_one_line(tmp_path: Path) -> None:
    listed = CliRunner().invoke(app, ["labs", "--lab-pool", str(tmp_path / "none")])
    assert listed.exit_code == 2
    assert listed.output.strip() == f"--lab-pool {tmp_path / 'none'}: no such folder"
