"""Firmware personalities (issue 17): listed, chosen, and the failover suite on each.

The whole failover suite per personality takes about a minute each, so it carries the
`slow` marker (`.ci/run` runs it after the default run). The default run keeps the sync case
(case 2) and one whole Eth-Trunk failover on each personality's own lab (ne8000-v8r23's
needs its platform profile: the same case with the profile left at its defaults, slow,
fails); the default personality runs the rest of the default run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from nornir_arpha.cli import app
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.sim.personality import DEFAULT_PERSONALITY, PERSONALITIES

ROOT = Path(__file__).resolve().parents[2]
SYNC_CASE = "nornir_arpha/testcases/test_01_setup_and_sync.py::" + (
    "test_every_host_is_on_both_pes_split_local_and_backed_up"
)


# The shipped labs that declare what a personality's firmware needs: sim-harsh its counters
# refreshed every 0.5 lab-s and the restores its slow commits lengthen.
SHIPPED_LAB_OF = {"ne8000-v8r23": "sim-ne8000", "harsh": "sim-harsh"}


def lab_for(personality: str, folder: Path, platform: dict[str, Any] | None = None) -> Path:
    """A lab that runs `personality`: its shipped lab (`SHIPPED_LAB_OF`) or `sim` told to play
    it, copied to `folder` with its `platform:` section replaced by `platform` (when given)."""
    shipped = SHIPPED_LAB_OF.get(personality, "sim")
    lab = folder / f"lab-{personality}"
    shutil.copytree(SHIPPED_LABS / shipped, lab)
    settings = yaml.safe_load((lab / "lab.yaml").read_text())
    settings["simulation"]["personality"] = personality
    if personality == "unflagged-backup":  # what a lab on such firmware declares
        settings["platform"] = {"arp_backup_types": []}
    if platform is not None:
        settings["platform"] = platform
    (lab / "lab.yaml").write_text(yaml.safe_dump(settings))
    return lab


def start_suite(lab: Path, tmp_path: Path, *selection: str) -> subprocess.Popen[str]:
    """pytest on the shipped test cases (or `selection` of them) against `lab`, started."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        *(selection or ["nornir_arpha/testcases"]),
        f"--lab={lab}",
        f"--artifacts={tmp_path / 'artifacts'}",
    ]
    env = {**os.environ, "ARPHA_STATE_DIR": str(tmp_path / "state")}
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finished(suite: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    """A started suite, waited for."""
    stdout, stderr = suite.communicate(timeout=900)
    return subprocess.CompletedProcess(suite.args, suite.returncode, stdout, stderr)


def run_suite(lab: Path, tmp_path: Path, *selection: str) -> subprocess.CompletedProcess[str]:
    """`start_suite`, waited for."""
    return finished(start_suite(lab, tmp_path, *selection))


def case_message(tmp_path: Path) -> str:
    """The sync case's message in the run's summary.json (its notes, when it passed)."""
    summary = json.loads((tmp_path / "artifacts" / "summary.json").read_text())
    return next(t["message"] for t in summary["tests"] if t["nodeid"] == SYNC_CASE)


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
    assert (
        "unknown personality 'ne9999'; valid: harsh, ne40e-v8r12, ne8000-v8r23, unflagged-backup"
        in text
    )


NE40E_FLAG = {"arp_backup_types": ["R-"]}
NO_FLAG_NOTE = (
    "cannot tell local from backed-up entries: the lab's platform.arp_backup_types declares "
    "no TYPE flag and the footer has no Remote count; coverage judged only"
)
UNLISTED_FLAG = (
    "rows carry TYPE RMT-0, which the lab's platform.arp_backup_types (R-) does not list"
)
# id: (personality, platform (None: the lab's own), passes, what the run says, in the default run)
SYNC_RUNS: dict[str, tuple[str, dict[str, Any] | None, bool, str, bool]] = {
    # in the default run through test_setup_and_one_failover_pass_on_every_personality
    "ne8000-profile-with-its-flag": ("ne8000-v8r23", None, True, "", False),
    "ne8000-profile-left-at-the-ne40e-flag": (
        "ne8000-v8r23", NE40E_FLAG, False, UNLISTED_FLAG, False
    ),
    # the note path's logic runs in the default run: tests/checks/test_backup_entries.py
    "unflagged-profile-declares-no-flag": ("unflagged-backup", None, True, NO_FLAG_NOTE, False),
    "unflagged-profile-expects-a-flag": (
        "unflagged-backup", NE40E_FLAG, False, "shows no backed-up entries from its peer", False
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("personality", "platform", "passes", "said"),
    [
        pytest.param(*run[:4], id=name, marks=[] if run[4] else [pytest.mark.slow])
        for name, run in SYNC_RUNS.items()
    ],
)
def test_the_sync_case_passes_through_the_labs_platform_profile(
    tmp_path: Path, personality: str, platform: dict[str, Any] | None, passes: bool, said: str
) -> None:
    """Case 2 with the lab's own profile passes (with a note where nothing tells backups
    apart, else none); with the profile left at the NE40E flag it fails, naming why."""
    done = run_suite(lab_for(personality, tmp_path, platform), tmp_path, SYNC_CASE)
    assert (done.returncode == 0) is passes, done.stdout[-4000:] + done.stderr[-2000:]
    if not passes:
        assert said in done.stdout
    else:
        message = case_message(tmp_path)
        assert said in message if said else message == ""


FAILOVER_CASE = "nornir_arpha/testcases/test_02_failover.py::test_whole_eth_trunk_shutdown[PE1]"
# What the sync case says on each personality's own lab (the default one runs everywhere else)
SAID_ON = {"ne8000-v8r23": "", "harsh": "", "unflagged-backup": NO_FLAG_NOTE}


@pytest.fixture(scope="module")
def short_runs(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[subprocess.CompletedProcess[str], Path]]:
    """The sync case and one whole Eth-Trunk failover on each personality's lab, the runs
    side by side (each one mostly waits on its lab's clock)."""
    started = {}
    for name in SAID_ON:
        folder = tmp_path_factory.mktemp(name)
        started[name] = (
            start_suite(lab_for(name, folder), folder, SYNC_CASE, FAILOVER_CASE),
            folder,
        )
    return {name: (finished(suite), folder) for name, (suite, folder) in started.items()}


@pytest.mark.parametrize("name", sorted(SAID_ON))
def test_setup_and_one_failover_pass_on_every_personality(
    name: str, short_runs: dict[str, tuple[subprocess.CompletedProcess[str], Path]]
) -> None:
    """The default run's share of the per-personality suite (the whole of it: slow, below)."""
    done, folder = short_runs[name]
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "2 passed" in done.stdout
    message = case_message(folder)
    assert SAID_ON[name] in message if SAID_ON[name] else message == ""


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PERSONALITIES))
def test_the_failover_suite_passes_on_every_personality(name: str, tmp_path: Path) -> None:
    done = run_suite(lab_for(name, tmp_path), tmp_path)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
