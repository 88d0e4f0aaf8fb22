"""Firmware personalities (issue 17): listed, chosen, and the failover suite on each.

The whole failover suite per personality takes about a minute each, so it carries the
`slow` marker (`.ci/run` runs it after the default run).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nornir_arpha.cli import app
from nornir_arpha.sim.personality import DEFAULT_PERSONALITY, PERSONALITIES

ROOT = Path(__file__).resolve().parents[2]


def test_arpha_sim_lists_the_personalities() -> None:
    result = CliRunner().invoke(app, ["sim", "--list-personalities"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())  # whatever the console's width
    for record in PERSONALITIES.values():
        assert f"{record.name}: {record.summary}" in text
    assert "(the default)" in PERSONALITIES[DEFAULT_PERSONALITY].summary


def test_arpha_sim_refuses_an_unknown_personality_with_the_valid_names() -> None:
    result = CliRunner().invoke(app, ["sim", "--personality", "ne9999"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "unknown personality 'ne9999'; valid: harsh, ne40e-v8r12" in text


# The lab each personality runs on: `harsh` needs a lab that declares what its firmware
# does (counters refreshed every 0.5 lab-s; restores lengthened by its slow commits).
LAB_OF = {"harsh": "sim-harsh"}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PERSONALITIES))
def test_the_failover_suite_passes_on_every_personality(name: str, tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "nornir_arpha/testcases",
        f"--lab={LAB_OF.get(name, 'sim')}",
        f"--sim-personality={name}",
        f"--artifacts={tmp_path / 'artifacts'}",
    ]
    env = {**os.environ, "ARPHA_STATE_DIR": str(tmp_path / "state")}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
