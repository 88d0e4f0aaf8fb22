"""The `traffic` section of lab.yaml: which source, and a tester's location and ports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nornir_arpha.lab import load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from tests.lab.conftest import edit_yaml, the_issue


def _traffic(**settings: Any) -> Any:
    return lambda lab: lab.update(traffic=settings)


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real-lab templates read their credentials from the environment."""
    monkeypatch.setenv("ARPHA_USERNAME", "qa")
    monkeypatch.setenv("ARPHA_PASSWORD", "not-a-secret")


def test_a_lab_without_a_traffic_section_counts_on_the_pes() -> None:
    traffic = load_lab(SHIPPED_LABS / "example").settings.traffic
    assert traffic.source == "counters" and traffic.otg is None


def test_the_containerlab_lab_names_its_tester_ports() -> None:
    otg = load_lab(SHIPPED_LABS / "containerlab").settings.traffic.otg
    assert otg is not None and [port.location for port in otg.ce_ports] == [
        "eth1",
        "eth2",
        "eth3",
        "eth4",
    ]


def test_otg_without_its_section_is_refused(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "lab.yaml", _traffic(source="otg"))
    issue = the_issue(sim_copy, "lab.yaml", "", "traffic")
    assert "needs an 'otg' section with the endpoint's location" in issue.message


@pytest.mark.parametrize(
    ("location", "said"),
    [
        ("127.0.0.1:443", "is not an http(s)://host:port URL"),
        ("http://127.0.0.1:99999", "'http://127.0.0.1:99999': Port out of range"),
    ],
    ids=["no-scheme", "bad-port"],
)
def test_a_bad_tester_location_is_named(sim_copy: Path, location: str, said: str) -> None:
    edit_yaml(sim_copy, "lab.yaml", _traffic(source="otg", otg={"location": location}))
    issue = the_issue(sim_copy, "lab.yaml", "traffic.otg", "location")
    assert said in issue.message


def test_port_0_is_the_simulators_endpoint_only_on_a_lab_it_starts(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "lab.yaml", _traffic(source="otg", otg={"location": "http://x:0"}))
    edit_yaml(sim_copy, "hosts.yaml", lambda hosts: hosts["PE1"].update(port=2201))
    issue = the_issue(sim_copy, "lab.yaml", "traffic.otg", "location")
    assert "port 0 (the simulator's own endpoint) needs a simulated lab" in issue.message


def test_restore_outage_budget_defaults_to_the_convergence_budget(sim_copy: Path) -> None:
    budgets = load_lab(sim_copy).settings.budgets
    assert budgets.restore_budget_s == budgets.convergence_s
    edit_yaml(sim_copy, "lab.yaml", lambda lab: lab["budgets"].update(restore_outage_s=1.5))
    assert load_lab(sim_copy).settings.budgets.restore_budget_s == 1.5
