"""A run's reports: JUnit properties, summary.json, transcripts, and no credentials."""

from __future__ import annotations

import itertools
import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

from nornir_arpha.history.database import open_history
from nornir_arpha.history.runs import Series
from tests.history.pictures import drawn_lines
from tests.plugin.conftest import PASSWORD, ExternalLab, start_suite

CASES = (
    "nornir_arpha/testcases/test_01_setup_and_sync.py",
    "nornir_arpha/testcases/test_02_failover.py::test_whole_eth_trunk_shutdown[PE2]",
)


def test_reports_carry_properties_and_never_the_password(
    external_lab: ExternalLab, tmp_path: Path
) -> None:
    artifacts = tmp_path / "artifacts"
    history = tmp_path / "history.sqlite"
    suite = start_suite(
        external_lab.folder, artifacts, *CASES, f"--history={history}", "--html-report"
    )
    output, _ = suite.communicate(timeout=240)
    assert suite.returncode == 0, output
    check_timeline(str(history), artifacts / "report.html")

    cases = {
        case.get("name"): {p.get("name"): p.get("value") for p in case.iter("property")}
        for case in ElementTree.parse(artifacts / "junit.xml").getroot().iter("testcase")
    }
    failover = cases["test_whole_eth_trunk_shutdown[PE2]"]
    assert failover["devices"] == "PE1,PE2"
    assert failover["firmware.PE1"].startswith("NE40E V800R")
    assert failover["pe"] == "PE1"
    assert 0 < float(failover["convergence_ms"]) <= 3000.0
    assert "PE1: " in failover["arp_kept"]
    # The simulator's OTG tester: the Eth-Trunk shut loses exactly the core's route
    # convergence downstream and the CE's link detection upstream (lab.yaml simulation).
    assert failover["traffic_source"] == "otg"
    assert abs(float(failover["outage_ms.down"]) - 1000) <= 100
    assert abs(float(failover["outage_ms.up"]) - 300) <= 100
    assert float(failover["restore_outage_ms"]) <= 3000
    assert failover["hosts_losing"] == "0"

    summary = json.loads((artifacts / "summary.json").read_text())
    assert summary["lab"] == "sim"
    assert summary["traffic"].startswith("the OTG traffic generator at http://127.0.0.1:")
    assert "traffic figures from the OTG traffic generator" in output
    assert {t["nodeid"].split("::")[-1] for t in summary["tests"]} >= set(cases)
    # The verdict windows waited out on purpose: at least the convergence budget plus the
    # tester's settle window after the fault (3 + 1 lab-s at time scale 10), each span dated.
    recorded = next(t for t in summary["tests"] if "whole_eth_trunk" in t["nodeid"])
    spans = recorded["deliberate_waits"]
    assert recorded["deliberate_wait_s"] >= 0.4
    assert recorded["deliberate_wait_s"] == pytest.approx(sum(b - a for a, b in spans), abs=0.01)
    assert all(a < b for a, b in spans)
    test_dir = next((artifacts / "tests").glob("*whole_eth_trunk_shutdown*"))
    transcript = (test_dir / "transcripts" / "PE1.log").read_text()
    assert "display interface Eth-Trunk10" in transcript
    assert (test_dir / "before" / "PE2.json").exists()
    assert (test_dir / "after" / "PE2.json").exists()

    files = [f for f in artifacts.rglob("*") if f.is_file()]
    assert len(files) > 5
    leaking = [str(f) for f in files if PASSWORD in f.read_text(errors="replace")]
    assert not leaking, f"the password appears in {leaking}"
    assert PASSWORD not in output


@pytest.mark.slow  # a suite run end to end: outside the default run, .ci/run runs it
def test_a_lab_without_a_tester_says_its_figures_come_from_the_counters(
    external_lab: ExternalLab, tmp_path: Path
) -> None:
    settings = yaml.safe_load((external_lab.folder / "lab.yaml").read_text())
    del settings["traffic"]
    (external_lab.folder / "lab.yaml").write_text(yaml.safe_dump(settings))
    artifacts = tmp_path / "artifacts"
    suite = start_suite(external_lab.folder, artifacts, *CASES)
    output, _ = suite.communicate(timeout=240)
    assert suite.returncode == 0, output
    assert "traffic figures from the PEs' Eth-Trunk counters" in output
    summary = json.loads((artifacts / "summary.json").read_text())
    failover = next(t for t in summary["tests"] if "whole_eth_trunk" in t["nodeid"])
    assert failover["traffic_source"] == "counters"
    assert failover["hosts_losing"] is None and failover["restore_outage_ms"] is None
    assert failover["outage_ms"]["down"] is not None


def check_timeline(history: str, report: Path) -> None:
    """The failover `test_whole_eth_trunk_shutdown[PE2]` in the history: PE2's rate drops to
    nothing in both directions while its Eth-Trunk is shut, PE1 carries the offered rate
    once converged, each carried its share before; the tester lost frames downstream only
    around the fault. The report draws each of those series."""
    run = open_history(history, create=False).load(1)
    case = next(c for c in run.cases if c.name == "test_whole_eth_trunk_shutdown[PE2]")
    assert case.restore_s is not None and case.convergence_ms is not None
    converged, restored, offered = case.convergence_ms / 1000, case.restore_s, run.offered_pps
    rates = {(s.source, s.direction): s for s in case.pe_series()}
    assert set(rates) == {(pe, d) for pe in ("PE1", "PE2") for d in ("down", "up")}
    for direction in ("down", "up"):
        before = {pe: _between(rates[pe, direction], -9.0, 0.0) for pe in ("PE1", "PE2")}
        assert all(0.2 * offered < v < 0.8 * offered for vs in before.values() for v in vs)
        assert (
            _between(rates["PE2", direction], 0.0, restored)
            and max(_between(rates["PE2", direction], 0.0, restored)) < 0.02 * offered
        )
        carried = _between(rates["PE1", direction], converged, restored)
        assert carried and min(carried) >= 0.95 * offered, carried
    losses = {s.direction: s for s in case.loss_series()}
    budget = (case.convergence_budget_ms or 0) / 1000
    assert max(_between(losses["down"], -9.0, budget)) > 0.1 * offered
    assert max(_between(losses["down"], budget, 99.0)) < 0.02 * offered
    lines = drawn_lines(report.read_text(), case.name)
    drawn = {"rate-PE1-down", "rate-PE1-up", "rate-PE2-down", "rate-PE2-up", "loss-down"}
    assert drawn | {"loss-up", "fault", "restore", "offered"} <= set(lines)


def _between(series: Series, start: float, end: float) -> list[float]:
    """The values over the intervals that lie wholly between `start` and `end` (lab s)."""
    pairs = itertools.pairwise(series.points)
    return [v for (t0, _), (t, v) in pairs if t0 >= start and t <= end]
