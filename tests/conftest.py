"""Fixtures every test folder may use: the simulator labs, loaded once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from tests.test_quality import STARTED_CHECKS, start_check


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start the selected code checks now, in the background (see `start_check`)."""
    names = [
        item.callspec.params["name"]
        for item in items
        if isinstance(item, pytest.Function) and item.originalname == "test_code_quality"
    ]
    config.stash[STARTED_CHECKS] = {name: start_check(name) for name in names}


@pytest.fixture(scope="session", autouse=True)
def _state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Lab journals in a folder of this run, never in the user's state folder (subprocesses
    started by tests inherit it)."""
    folder = tmp_path_factory.mktemp("arpha-state")
    saved = os.environ.get("ARPHA_STATE_DIR")
    os.environ["ARPHA_STATE_DIR"] = str(folder)
    yield folder
    if saved is None:
        del os.environ["ARPHA_STATE_DIR"]
    else:
        os.environ["ARPHA_STATE_DIR"] = saved


@pytest.fixture(scope="session", autouse=True)
def _history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`arpha run`'s run history in a file of this run, never in the user's data folder."""
    where = tmp_path_factory.mktemp("arpha-history") / "history.sqlite"
    saved = os.environ.get("ARPHA_HISTORY")
    os.environ["ARPHA_HISTORY"] = str(where)
    yield where
    if saved is None:
        del os.environ["ARPHA_HISTORY"]
    else:
        os.environ["ARPHA_HISTORY"] = saved


@pytest.fixture(scope="session")
def lab_v4() -> Lab:
    return load_lab(SHIPPED_LABS / "sim")


@pytest.fixture(scope="session")
def lab_v6() -> Lab:
    return load_lab(SHIPPED_LABS / "sim-ipv6")
