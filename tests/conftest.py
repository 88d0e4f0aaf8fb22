"""Fixtures every test folder may use: the simulator labs, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from nornir_arpha.lab import Lab, load_lab

LABS = Path(__file__).resolve().parents[1] / "labs"


@pytest.fixture(scope="session")
def lab_v4() -> Lab:
    return load_lab(LABS / "sim")


@pytest.fixture(scope="session")
def lab_v6() -> Lab:
    return load_lab(LABS / "sim-ipv6")
