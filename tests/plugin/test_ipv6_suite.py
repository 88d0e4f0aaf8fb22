"""The whole shipped suite on the IPv6 lab (RBS and E-Trunk peers over IPv6), in the default
run: every default case passes on a healthy simulated lab, with the tester's figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.plugin.conftest import ROOT


def test_the_default_suite_passes_on_the_ipv6_lab(tmp_path: Path) -> None:
    artifacts = tmp_path / "artifacts"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "nornir_arpha/testcases",
            "-p",
            "no:cacheprovider",
            "-q",
            "--lab=sim-ipv6",
            f"--artifacts={artifacts}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    summary = json.loads((artifacts / "summary.json").read_text())
    outcomes = {test["nodeid"].split("::")[-1]: test["outcome"] for test in summary["tests"]}
    assert set(outcomes.values()) == {"passed"}, outcomes
    assert "test_flaps_lose_no_entries[short]" in outcomes
    assert "test_inter_pe_path_loss_and_restore" in outcomes
    failovers = [t for t in summary["tests"] if t["traffic_source"]]
    assert failovers and {t["traffic_source"] for t in failovers} == {"otg"}
