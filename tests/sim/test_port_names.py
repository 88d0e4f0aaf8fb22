"""The simulator's CLI takes every NE40E/NE8000 port name the lab checker accepts."""

from __future__ import annotations

import pytest

from nornir_arpha.sim.cli.params import Fit, InterfaceName
from nornir_arpha.sim.fabric.display_views import port_rate


@pytest.mark.parametrize(
    ("typed", "name", "rate"),
    [
        ("GigabitEthernet0/1/0", "GigabitEthernet0/1/0", "1G"),
        ("GE0/1/0", "GigabitEthernet0/1/0", "1G"),
        ("10GE0/1/0", "10GE0/1/0", "10G"),
        ("50|100GE0/1/0", "50|100GE0/1/0", "100G"),
        ("100GE0/1/1:1", "100GE0/1/1:1", "25G"),
        ("40GE1/0/3:2", "40GE1/0/3:2", "10G"),
    ],
    ids=["ge", "ge-short", "10ge", "dual-rate", "breakout", "40ge-breakout"],
)
def test_a_port_name_is_taken_whole_with_its_rate(typed: str, name: str, rate: str) -> None:
    assert InterfaceName().fit(typed) == (Fit.OK, name)
    assert port_rate(name) == rate


@pytest.mark.parametrize(
    ("typed", "fit"),
    [("7|100GE0/1/0", Fit.NO), ("100GE0/1/1:0", Fit.WRONG), ("100GE0/1/1:17", Fit.WRONG)],
    ids=["unknown-rate", "channel-0", "channel-past-16"],
)
def test_a_bad_port_name_is_refused(typed: str, fit: Fit) -> None:
    assert InterfaceName().fit(typed)[0] is fit
