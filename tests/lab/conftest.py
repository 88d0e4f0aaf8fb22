"""Broken-lab helpers: a copy of the shipped `sim` lab to break, and issue lookups."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from nornir_arpha.lab import LabError, LabIssue, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
def sim_copy(tmp_path: Path) -> Path:
    target = tmp_path / "lab"
    shutil.copytree(SHIPPED_LABS / "sim", target)
    return target


def edit_yaml(folder: Path, name: str, edit: Edit) -> None:
    file = folder / name
    data = yaml.safe_load(file.read_text())
    edit(data)
    file.write_text(yaml.safe_dump(data))


def issues_of(folder: Path) -> list[LabIssue]:
    with pytest.raises(LabError) as caught:
        load_lab(folder)
    return caught.value.issues


def the_issue(folder: Path, file: str, where: str, field: str) -> LabIssue:
    issues = issues_of(folder)
    matching = [i for i in issues if i.file.name == file and i.where == where and i.field == field]
    assert matching, f"no issue for {file} / {where} / {field}; got: {[str(i) for i in issues]}"
    return matching[0]


def pe(name: str, *path: str, value: Any) -> Edit:
    def edit(hosts: dict[str, Any]) -> None:
        node = hosts[name]["data"]["hot_backup"]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return edit
