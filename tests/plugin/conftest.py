"""A simulator outside the pytest run under test, and a lab folder that points at it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from scrapli import Scrapli

from nornir_arpha.cli.sim import write_inventory
from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.parsers import parse_interface
from nornir_arpha.sim import SimLabThread

ROOT = Path(__file__).resolve().parents[2]
# Distinctive, so finding it anywhere in the artifacts cannot be a coincidence.
PASSWORD = "Pw-7c1e9a-never-in-artifacts"


@dataclass
class ExternalLab:
    folder: Path
    lab: Lab
    sim: SimLabThread


@pytest.fixture
def external_lab(tmp_path: Path) -> Iterator[ExternalLab]:
    """A simulated lab served by this process, described by a lab folder with its fixed ports
    and a distinctive password, so a pytest subprocess uses it as a lab that is already up."""
    folder = tmp_path / "lab"
    shutil.copytree(SHIPPED_LABS / "sim", folder)
    defaults = yaml.safe_load((folder / "defaults.yaml").read_text())
    defaults["password"] = PASSWORD
    (folder / "defaults.yaml").write_text(yaml.safe_dump(defaults))
    with SimLabThread(load_lab(folder)) as sim:
        write_inventory(load_lab(folder), sim.endpoints, folder, sim.otg_location)
        yield ExternalLab(folder, load_lab(folder), sim)


def show(lab: ExternalLab, pe: str, *commands: str) -> list[str]:
    """The answers to display commands on one PE, read over SSH like a user would."""
    host, port = lab.sim.endpoints[pe]
    with Scrapli(
        host=host,
        port=port,
        auth_username="arpha",
        auth_password=lab.lab.pe(pe).password.get_secret_value(),
        auth_strict_key=False,
        ssh_config_file=False,
        platform="huawei_vrp",
        transport="paramiko",
    ) as conn:
        return [conn.send_command(command).result for command in commands]


def link_states(lab: ExternalLab, pe: str) -> dict[str, str]:
    """Every Eth-Trunk interface's state (`UP`, `Administratively DOWN`, ...), by display."""
    trunk = lab.lab.intent(pe).eth_trunk
    names = (trunk.name, *trunk.members)
    answers = show(lab, pe, *(f"display interface {name}" for name in names))
    return {
        name: parse_interface(answer).state for name, answer in zip(names, answers, strict=True)
    }


def running_configs(lab: ExternalLab) -> dict[str, str]:
    """`display current-configuration` of both PEs."""
    return {pe: show(lab, pe, "display current-configuration")[0] for pe in lab.lab.pair}


def start_suite(
    lab_folder: Path, artifacts: Path, *selection: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """Run the lab test cases as a separate pytest process against `lab_folder` (in `env`,
    else this process's environment)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            f"--lab={lab_folder}",
            f"--artifacts={artifacts}",
            f"--junitxml={artifacts / 'junit.xml'}",
            "-o",
            "junit_family=xunit2",
            *selection,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )


def edit_settings(lab: ExternalLab, section: str, **values: object) -> None:
    """Change `section` of the lab folder's lab.yaml (the running simulator keeps its own)."""
    path = lab.folder / "lab.yaml"
    settings = yaml.safe_load(path.read_text())
    settings[section].update(values)
    path.write_text(yaml.safe_dump(settings))
