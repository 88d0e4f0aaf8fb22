"""The shipped suite on the IPv6 lab (RBS and E-Trunk peers over IPv6), in the default run:
every case that exercises the channel between the PEs (setup and sync, the whole Eth-Trunk
shut on each PE, the channel loss, the inter-PE path loss, the short flap series on both PEs)
passes on a healthy simulated lab, with the tester's figures. The whole suite runs on labs/sim
in .ci/run's `arpha run`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.plugin.conftest import ROOT

# The cases whose outcome depends on the channel's address family.
OVER_THE_CHANNEL = (
    "hot_backup_configured or every_host or whole_eth_trunk or backup_channel or inter_pe or flaps"
)


def test_the_suite_passes_on_the_ipv6_lab(tmp_path: Path) -> None:
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
            "-k",
            OVER_THE_CHANNEL,
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
