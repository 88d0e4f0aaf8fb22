"""The lab's platform profile (`platform:` in lab.yaml): defaults, and bad values refused with
one line naming the file and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nornir_arpha.cli import app
from nornir_arpha.lab import PlatformProfile, load_lab
from tests.lab.conftest import edit_yaml, the_issue


def test_without_a_platform_section_the_defaults_are_todays_values(sim_copy: Path) -> None:
    platform = load_lab(sim_copy).settings.platform
    assert platform == PlatformProfile()
    assert (platform.arp_backup_types, platform.etrunk_force_master) == (("R-",), "force-master")


def test_a_declared_profile_is_loaded(sim_copy: Path) -> None:
    declared = {"arp_backup_types": ["RMT-", "B/"], "etrunk_force_master": "Force-Master"}
    edit_yaml(sim_copy, "lab.yaml", lambda lab: lab.update(platform=declared))
    platform = load_lab(sim_copy).settings.platform
    assert platform.arp_backup_types == ("RMT-", "B/")
    assert platform.backed_up("RMT-3") and platform.backed_up("B/1")
    assert not platform.backed_up("R-1") and not platform.backed_up("D-1")


def test_an_empty_flag_list_declares_no_flag(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "lab.yaml", lambda lab: lab.update(platform={"arp_backup_types": []}))
    platform = load_lab(sim_copy).settings.platform
    assert not platform.backed_up("R-1") and not platform.backed_up("D-1")


@pytest.mark.parametrize(
    ("platform", "field", "said"),
    [
        ({"arp_backup_types": ["D-"]}, "platform.arp_backup_types.0", "starts like the flag"),
        ({"arp_backup_types": ["I"]}, "platform.arp_backup_types.0", "starts like the flag"),
        ({"arp_backup_types": ["r-"]}, "platform.arp_backup_types.0", "not an ARP TYPE flag"),
        ({"arp_backup_types": ["R -"]}, "platform.arp_backup_types.0", "not an ARP TYPE flag"),
        ({"arp_backup_types": "R-"}, "platform.arp_backup_types", "valid tuple"),
        ({"etrunk_force_master": ""}, "platform.etrunk_force_master", "at least 1 character"),
        ({"etrunk_force_master": "force master"}, "platform.etrunk_force_master", "pattern"),
        ({"arp_backup_type": ["R-"]}, "platform.arp_backup_type", "unknown key"),
    ],
    ids=[
        "dynamic-flag",
        "interface-flag",
        "lower-case",
        "blank-inside",
        "a-string-not-a-list",
        "empty-work-mode",
        "work-mode-with-a-blank",
        "misspelt-key",
    ],
)
def test_a_bad_platform_value_is_one_line_naming_file_and_field(
    sim_copy: Path, platform: dict[str, Any], field: str, said: str
) -> None:
    edit_yaml(sim_copy, "lab.yaml", lambda lab: lab.update(platform=platform))
    issue = the_issue(sim_copy, "lab.yaml", "", field)
    assert said in issue.message
    assert "\n" not in str(issue) and str(issue).startswith(f"{sim_copy / 'lab.yaml'}: {field}: ")


def test_arpha_lab_check_reports_the_bad_field_without_a_traceback(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "lab.yaml", lambda lab: lab.update(platform={"arp_backup_types": ["S-"]}))
    result = CliRunner().invoke(app, ["lab", "check", str(sim_copy)], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert "lab.yaml: platform.arp_backup_types.0: " in " ".join(result.output.split())
    assert "Traceback" not in result.output
