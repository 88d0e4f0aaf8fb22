"""Teardown is judged against the configuration read before the run's first change."""

from __future__ import annotations

from nornir_arpha.suite.config_baseline import config_drift

BEFORE = {"PE1": ("sysname PE1", "interface Eth-Trunk10", " ip address 192.168.10.1 24")}


def test_the_same_configuration_has_no_drift() -> None:
    assert config_drift(BEFORE, dict(BEFORE)) == []


def test_lines_left_or_lost_are_named_per_pe() -> None:
    after = {"PE1": ("sysname PE1", "interface Eth-Trunk10", " e-trunk 1")}
    assert config_drift(BEFORE, after) == [
        "PE1: 'display current-configuration' after teardown differs from before the run in "
        "2 lines: - ip address 192.168.10.1 24 | + e-trunk 1"
    ]
