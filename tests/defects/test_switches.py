"""How defects are switched on, and how an unknown name is refused: a lab error (exit 2,
naming lab.yaml and simulation.defects) or a usage error, listing the valid names, never a
traceback."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from nornir_arpha.cli import app
from nornir_arpha.cli import sim as sim_command
from nornir_arpha.lab import Lab, LabError, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.provision import check_lab, open_lab
from nornir_arpha.sim.defects import Defect

ROOT = Path(__file__).resolve().parents[2]
VALID_NAMES = "valid names: " + ", ".join(Defect)
runner = CliRunner()


def arpha(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "400"})
    return result.exit_code, result.output


LabWith = Callable[[list[str]], Path]


@pytest.fixture
def lab_with(tmp_path: Path) -> LabWith:
    """`lab_with(["name", ...])`: a copy of labs/sim whose lab.yaml injects those defects."""

    def make(defects: list[str]) -> Path:
        folder = tmp_path / f"lab-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(SHIPPED_LABS / "sim", folder)
        settings = yaml.safe_load((folder / "lab.yaml").read_text())
        settings["simulation"]["defects"] = defects
        (folder / "lab.yaml").write_text(yaml.safe_dump(settings))
        return folder

    return make


def test_lab_check_reports_an_unknown_defect_as_a_lab_error(lab_with: LabWith) -> None:
    folder = lab_with(["slow-failover", "arp-on-fire"])
    code, output = arpha("lab", "check", str(folder))
    assert code == 2, output
    assert f"{folder / 'lab.yaml'}: simulation.defects: unknown defect 'arp-on-fire'" in output
    assert VALID_NAMES in output
    assert "Traceback" not in output


def test_lab_check_lists_the_injected_defects(lab_with: LabWith) -> None:
    code, output = arpha("lab", "check", str(lab_with(["slow-failover"])))
    assert code == 0, output
    assert "Simulator defects injected: slow-failover" in output


def test_arpha_sim_refuses_an_unknown_defect_from_lab_yaml(lab_with: LabWith) -> None:
    code, output = arpha("sim", "--lab", str(lab_with(["arp-on-fire"])))
    assert code == 2, output
    assert "simulation.defects: unknown defect 'arp-on-fire'" in output and VALID_NAMES in output


@pytest.mark.parametrize("command", [["sim", "--defect"], ["run", "--sim-defect"]])
def test_an_unknown_defect_option_is_a_usage_error(command: list[str]) -> None:
    code, output = arpha(*command, "arp-on-fire")
    assert code == 2, output
    # The usage error is boxed and wrapped at the terminal's width: compare its words.
    words = " ".join(re.sub("[│╭╮╰╯─]", " ", output).split())
    assert "unknown defect 'arp-on-fire'" in words and VALID_NAMES in words
    assert "Traceback" not in output


def test_arpha_sim_serves_the_lab_with_its_and_the_options_defects(
    lab_with: LabWith, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[Lab] = []

    async def serve(lab: Lab, *_: object) -> None:
        served.append(lab)

    monkeypatch.setattr(sim_command, "_serve", serve)
    code, output = arpha(
        "sim", "--lab", str(lab_with(["slow-failover"])), "--defect", "counters-frozen"
    )
    assert code == 0, output
    assert served[0].settings.simulation.defects == ["slow-failover", "counters-frozen"]


def test_arpha_run_passes_the_defects_to_pytest(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    def main(args: list[str], plugins: list[object]) -> int:
        calls.append(args)
        return 0

    monkeypatch.setattr(pytest, "main", main)
    code, output = arpha(
        "run", "--sim-defect", "slow-failover", "--sim-defect", "counters-frozen", "-k", "x"
    )
    assert code == 0, output
    defects = [arg for arg in calls[0] if arg.startswith("--sim-defect")]
    assert defects == ["--sim-defect=slow-failover", "--sim-defect=counters-frozen"]
    assert "injected defects: slow-failover, counters-frozen" in " ".join(output.split())


def test_open_lab_refuses_an_unknown_defect_before_starting(lab_with: LabWith) -> None:
    lab = load_lab(lab_with(["arp-on-fire"]))
    with pytest.raises(LabError, match=r"simulation\.defects: unknown defect"), open_lab(lab):
        pass
    assert check_lab(load_lab(lab_with(["slow-failover"]))).settings.simulation.defects


def _pytest(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "nornir_arpha/testcases",
            "-p",
            "no:cacheprovider",
            "-q",
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_pytest_refuses_an_unknown_sim_defect_as_a_usage_error() -> None:
    result = _pytest("--sim-defect", "arp-on-fire")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "--sim-defect: unknown defect 'arp-on-fire'" in result.stderr
    assert VALID_NAMES in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_pytest_refuses_a_lab_with_an_unknown_defect(lab_with: LabWith) -> None:
    result = _pytest(f"--lab={lab_with(['arp-on-fire'])}")
    output = result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, output
    assert "simulation.defects: unknown defect 'arp-on-fire'" in output
    assert "Traceback" not in output
