"""Fixtures every test folder may use: the simulator labs, loaded once per session."""

from __future__ import annotations

import pytest

from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS


@pytest.fixture(scope="session")
def lab_v4() -> Lab:
    return load_lab(SHIPPED_LABS / "sim")


@pytest.fixture(scope="session")
def lab_v6() -> Lab:
    return load_lab(SHIPPED_LABS / "sim-ipv6")
