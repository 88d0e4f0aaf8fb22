"""The first hour of a new user: the `arpha` command from any folder, shipped labs and cases."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from nornir_arpha.cli import app
from nornir_arpha.lab import load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS, shipped_lab_names

pytestmark = pytest.mark.timeout(120)

# Importing pytest fails in this interpreter: `arpha --help` must not need it.
BLOCK_PYTEST = """
import sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pytest", "_pytest"):
            raise ImportError(f"{name} is blocked")
sys.meta_path.insert(0, Blocker())
from nornir_arpha.cli import main
main()
"""


def arpha(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`arpha ARGS` as a user runs it, in `cwd`."""
    return subprocess.run(
        [sys.executable, "-m", "nornir_arpha.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100", **(env or {})},
        check=False,
    )


@pytest.mark.parametrize("option", ["--help", "--version"], ids=["help", "version"])
def test_help_and_version_do_not_load_pytest(option: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_PYTEST, option],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert ("Usage" if option == "--help" else "arpha (nornir_arpha) ") in done.stdout


@pytest.mark.slow  # a whole arpha run end to end: outside the default run, .ci/run runs it
def test_every_shipped_lab_is_found_by_name_from_any_folder(tmp_path: Path) -> None:
    assert set(shipped_lab_names()) == {
        "sim",
        "sim-ipv6",
        "sim-scale",
        "sim-long",
        "sim-ne8000",
        "example",
        "containerlab",
    }
    env = {"ARPHA_USERNAME": "qa", "ARPHA_PASSWORD": "pw"}
    for name in shipped_lab_names():
        done = arpha("lab", "check", name, cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"Lab {name} is valid" in done.stdout


def test_a_folder_wins_over_a_shipped_lab_of_the_same_name(tmp_path: Path) -> None:
    done = arpha("lab", "check", "sim", cwd=tmp_path)
    assert done.returncode == 0
    (tmp_path / "sim").mkdir()  # an empty folder of that name, in the working directory
    done = arpha("lab", "check", "sim", cwd=tmp_path)
    assert done.returncode == 2
    assert "file is missing" in done.stderr


@pytest.mark.parametrize("template", ["example", "containerlab", "sim"])
def test_lab_new_writes_a_lab_that_checks(template: str, tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "my-lab"
    made = runner.invoke(app, ["lab", "new", str(target), "--from", template])
    assert made.exit_code == 0, made.output
    os.environ.setdefault("ARPHA_USERNAME", "qa")
    os.environ.setdefault("ARPHA_PASSWORD", "pw")
    lab = load_lab(target)
    assert lab.settings == load_lab(SHIPPED_LABS / template).settings
    assert all(os.access(f, os.W_OK) for f in target.iterdir())


def test_lab_new_refuses_an_existing_folder_and_an_unknown_template(tmp_path: Path) -> None:
    runner = CliRunner()
    taken = runner.invoke(app, ["lab", "new", str(tmp_path)])
    assert taken.exit_code == 2
    assert "exists already" in " ".join(taken.output.split())  # wrapped at any width
    unknown = runner.invoke(app, ["lab", "new", str(tmp_path / "x"), "--from", "nope"])
    assert unknown.exit_code == 2
    assert "choose one of containerlab, example, sim" in unknown.output
    assert not (tmp_path / "x").exists()


@pytest.fixture
def secret_lab(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the sim lab whose password comes from the environment."""
    folder = tmp_path / "secret-lab"
    CliRunner().invoke(app, ["lab", "new", str(folder), "--from", "sim"])
    defaults = yaml.safe_load((folder / "defaults.yaml").read_text())
    defaults["password"] = "${ARPHA_TEST_SIM_PASSWORD}"
    (folder / "defaults.yaml").write_text(yaml.safe_dump(defaults))
    yield folder, "Sim-secret-4f1d0c"


def test_sim_json_and_inventory_never_show_a_password_from_the_environment(
    secret_lab: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, secret = secret_lab
    inventory = tmp_path / "bound"
    env = {**os.environ, "ARPHA_TEST_SIM_PASSWORD": secret, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "nornir_arpha.cli", "sim", "--lab", str(folder)]
    process = subprocess.Popen(
        [*command, "--json", "--inventory-out", str(inventory)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    try:
        lines = []
        for line in process.stdout:  # bounded by the test timeout
            lines.append(line)
            if line.rstrip() == "}":
                break
        described = json.loads("".join(lines))
        monkeypatch.setenv("ARPHA_TEST_SIM_PASSWORD", secret)
        bound = load_lab(inventory)
        for name, device in described["devices"].items():
            assert (bound.pe(name).hostname, bound.pe(name).port) == (
                device["host"],
                device["port"],
            )
            assert device["port"] > 0
            assert device["password"] == "(from the environment)"
        assert described["inventory"] == str(inventory.resolve())
        # The simulator's OTG tester: where it serves, and written into the copied lab.yaml.
        assert described["otg"].startswith("http://127.0.0.1:")
        assert bound.settings.traffic.otg is not None
        assert bound.settings.traffic.otg.location == described["otg"]
        assert "${ARPHA_TEST_SIM_PASSWORD}" in (inventory / "defaults.yaml").read_text()
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert secret not in "".join(lines) + out + err
    assert not any(secret in f.read_text() for f in inventory.iterdir() if f.is_file())


@pytest.mark.slow  # a whole arpha run end to end: outside the default run, .ci/run runs it
def test_a_detached_sim_keeps_state_from_configure_to_verify(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    started = arpha("sim", "--inventory-out", str(kept), "--detach", cwd=tmp_path)
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        unconfigured = arpha("verify", "--lab", str(kept), "--wait", "0", cwd=tmp_path)
        assert unconfigured.returncode == 1
        configured = arpha("configure", "--lab", str(kept), cwd=tmp_path)
        assert configured.returncode == 0, configured.stdout
        verified = arpha("verify", "--lab", str(kept), cwd=tmp_path)
        assert verified.returncode == 0, verified.stdout
        assert arpha("teardown", "--lab", str(kept), cwd=tmp_path).returncode == 0
    finally:
        stopped = arpha("sim", "--stop", str(kept), cwd=tmp_path)
    assert stopped.returncode == 0, stopped.stderr
    assert "stopped" in stopped.stdout
    assert not (kept / ".arpha-sim.json").exists()


def test_run_passes_pytest_options_through(tmp_path: Path) -> None:
    listed = arpha(
        "run", "--", "-k", "configured_and_verified", "--collect-only", "-q", cwd=tmp_path
    )
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "test_hot_backup_configured_and_verified" in listed.stdout
    assert re.search(r"\b1/\d+ tests collected", listed.stdout), listed.stdout


@pytest.mark.slow  # a whole arpha run end to end: outside the default run, .ci/run runs it
def test_run_k_selects_among_stress_cases_too(tmp_path: Path) -> None:
    artifacts = tmp_path / "artifacts"
    done = arpha("run", "-k", "flap", "--artifacts", str(artifacts), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    cases = [c.get("name") for c in ElementTree.parse(artifacts / "junit.xml").iter("testcase")]
    # The short series (default) and the full one (stress): -k picks among all cases.
    assert cases == ["test_flaps_lose_no_entries[short]", "test_flaps_lose_no_entries[full]"]


def test_run_with_a_selection_that_matches_nothing_says_so(tmp_path: Path) -> None:
    done = arpha("run", "-k", "no_such_case", cwd=tmp_path)
    assert done.returncode == 5
    assert "No test case matched the selection (-k no_such_case)" in done.stderr


@pytest.mark.slow  # a whole arpha run end to end: outside the default run, .ci/run runs it
def test_run_adds_a_teams_own_cases_to_the_shipped_suite(tmp_path: Path) -> None:
    own = tmp_path / "team_cases"
    own.mkdir()
    (own / "test_team.py").write_text(
        "def test_team_case(live_lab):\n    assert live_lab.name == 'sim'\n", encoding="utf-8"
    )
    listed = arpha("run", "--cases", str(own), "--", "--collect-only", "-q", cwd=tmp_path)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "test_team_case" in listed.stdout
    assert "test_hot_backup_configured_and_verified" in listed.stdout
    alone = arpha("run", "--no-shipped-cases", "--cases", str(own), cwd=tmp_path)
    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert "1 passed" in alone.stdout


COUNT_LAB_LOADS = """
import sys
from nornir_arpha.lab import loader
loads = []
original = loader._LabLoader.load
def counted(self):
    loads.append(self.folder)
    return original(self)
loader._LabLoader.load = counted
from nornir_arpha.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(f"lab loads: {len(loads)}")
"""


def test_run_parses_the_lab_once(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", COUNT_LAB_LOADS, "run", "--", "--collect-only", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "test_whole_eth_trunk_shutdown[PE1]" in done.stdout, done.stdout + done.stderr
    assert "lab loads: 1" in done.stdout
