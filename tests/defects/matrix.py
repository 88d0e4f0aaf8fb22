"""The detection matrix: the failover suite against the simulator with one defect injected.

Each `Run` starts pytest on the shipped test cases in a subprocess, against a fresh simulated
lab, with `--sim-defect NAME` and a `-k` selection of the test cases that catch that defect, and
reads the outcome from its JUnit XML. `python -m tests.defects.matrix [--whole-suite]
[NAME ...]` prints, per run, the test cases that fail and the line naming the symptom (the
examples in docs/defects.md come from there).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from nornir_arpha.lab.shipped import SHIPPED_LABS

ROOT = Path(__file__).resolve().parents[2]
SETUP = "test_hot_backup_configured_and_verified"
FIRST_FAULT = "test_member_link_failure and PE1-one-member"
PATH_LOSS = "test_inter_pe_path_loss_and_restore"
REALTIME = "test_a_joining_then_moving_host_reaches_the_peer"
WHOLE_TRUNK = "test_whole_eth_trunk_shutdown and PE1"
LONG = "test_a_failover_held_past_the_arp_timers_keeps_every_host"


@dataclass(frozen=True)
class Run:
    """One suite run: which lab, which defect, which test cases, and what must be reported.

    Attributes:
        defect: the injected defect (None: a healthy run)
        lab: the name of a shipped lab (nornir_arpha/labs/)
        select: a pytest `-k` expression (None: every test case)
        symptom: a failure message must match this (None: every test case must pass)
        marker: a pytest `-m` expression, for cases outside the default markers
        counters: run on a copy of the lab whose traffic source is the PEs' counters (a lab
            without a tester: the MACs are judged against what the PEs learned)
    """

    defect: str | None
    lab: str = "sim"
    select: str | None = None
    symptom: str | None = None
    marker: str | None = None
    counters: bool = False

    @property
    def id(self) -> str:
        return f"{self.defect or 'healthy'}@{self.lab}{'+counters' if self.counters else ''}"


@dataclass(frozen=True)
class Failure:
    """A failed (or errored) test case, from the JUnit XML."""

    test: str
    message: str


@dataclass(frozen=True)
class Outcome:
    run: Run
    status: int
    passed: tuple[str, ...]
    failures: tuple[Failure, ...]
    seconds: float
    output: str

    def matching(self) -> list[Failure]:
        """The failures whose message names the run's symptom."""
        if self.run.symptom is None:
            return []
        pattern = re.compile(self.run.symptom)
        return [failure for failure in self.failures if pattern.search(failure.message)]


RUNS = (
    Run(None),
    Run(None, lab="sim-ipv6", select=SETUP),
    Run(None, lab="sim-long", select=LONG, marker="long"),
    Run(
        "arp-backup-not-sent",
        select=SETUP,
        symptom=r"PE\d: ARP entry for every CE host: \d+ of 100 CE hosts have no ARP entry"
        r".*\(\d+ learned locally, 0 backed up from the peer\)",
    ),
    Run(
        "backup-entries-flushed",
        select="test_member_link_failure and PE1-all-members",
        symptom=r"PE2: 'display arp all' lacks ARP entries for \d+ of 100 hosts",
    ),
    Run(
        "force-master-ignored",
        select=SETUP,
        symptom=r"PE2: E-Trunk member Master \(force-master\): Eth-Trunk10 is Backup in "
        r"work mode force-master",
    ),
    Run(
        "slow-failover",
        # The recovery case then finds the restored PE without its share of the traffic.
        select="(test_whole_eth_trunk_shutdown or test_recovery_resyncs_and_shares_the_load)"
        " and PE1",
        symptom=r"PE2: 'display interface Eth-Trunk10' reached 95 % of the offered 1000 pps "
        r"in both directions only \d+\.\d+ s after the fault, over the 3\.0 s convergence budget",
    ),
    Run(
        "rbs-ipv6-never-connects",
        lab="sim-ipv6",
        select=SETUP,
        symptom=r"PE\d: RBS connected: TCP-State is (Connecting|Listening), expected Connected",
    ),
    Run("rbs-ipv6-never-connects", select=SETUP),  # IPv4 is fine
    Run(
        "no-resync-after-recovery",
        select="test_recovery_resyncs_and_shares_the_load and PE1",
        symptom=r"PE1: 'display arp all' lacks ARP entries for \d+ of 100 hosts .* after the "
        r"restore",
    ),
    Run(
        "counters-frozen",
        select="test_member_link_failure and PE1-all-members",
        symptom=r"PE2: 'display interface Eth-Trunk10' output counters rose at only 0 pps.*"
        r"yet every host's ARP entry is present and ping succeeds.*neither the input nor the "
        r"output packet counter moves.*\(counter defect\)",
    ),
    Run(
        "commit-drops-service-type",
        select=SETUP,
        symptom=r"PE\d: RBP bound with service-type arp: 'service-type arp' is missing",
    ),
    Run(
        "rbs-never-reconnects",
        select="test_backup_channel_loss",
        symptom=r"PE1: remote-backup-service rbs1 undo shutdown: TCP-State Connected NOT "
        r"confirmed .*last TCP-State (Connecting|Listening)",
    ),
    Run(
        "backup-wrong-mac",
        select=FIRST_FAULT,
        symptom=r"PE1: 'display arp all' shows the wrong MAC for \d+ hosts: [\d.]+ has \S+, "
        r"the host's MAC is \S+",
    ),
    Run(
        "arp-footer-miscount",
        select=FIRST_FAULT,
        symptom=r"PE\d: 'display arp all' footer disagrees with its rows: Total:\d+ but \d+ "
        r"rows, Remote:\d+ but \d+ rows",
    ),
    Run(
        "backup-duplicate-rows",
        select=PATH_LOSS,
        symptom=r"PE\d: 'display arp all' lists \d+ hosts more than once: [\d.]+ \(2 rows\)"
        r".* after the restore",
    ),
    Run(
        "backup-wrong-interface",
        select=FIRST_FAULT,
        symptom=r"PE1: 'display arp all' shows \d+ hosts' entries off Eth-Trunk10: [\d.]+ on "
        r"GE0/2/0",
    ),
    Run(
        "etrunk-priority-inverted",
        select=FIRST_FAULT,
        symptom=r"'display e-trunk 1' shows the roles against the priorities: PE1 Backup "
        r"\(priority 10, causation PRI\), PE2 Master \(priority 20",
    ),
    Run(
        "rbs-flaps-on-access-fault",
        select=FIRST_FAULT,
        symptom=r"PE\d: 'display remote-backup-service rbs1' shows the channel re-established "
        r"during the fault \(Last up time",
    ),
    Run(
        "survivor-drops-some",
        select=WHOLE_TRUNK,
        symptom=r"tester flow metrics .*: \d+ host flows still lose frames [\d.]+ lab-s after "
        r"the fault .*: [\d.]+ down \(\d+ of \d+ frames lost\)",
    ),
    Run(
        "counters-double-count",
        select=FIRST_FAULT,
        symptom=r"PE\d(\+PE\d)?: 'display interface Eth-Trunk10( / Eth-Trunk10)?' output "
        r"counters rose at \d+ pps over [\d.]+ lab-s after converging, [\d.]+% above the "
        r"offered 1000 pps .*counter defect",
    ),
    Run(
        "member-stays-blocked",
        select=FIRST_FAULT,
        symptom=r"tester flow metrics .*: upstream outage [\d.]+ s at the restore \(worst host "
        r"[\d.]+ up \(\d+ of \d+ frames lost\)\), over the [\d.]+ s restore outage budget",
    ),
    Run(
        "teardown-removes-trunk-address",
        select=SETUP,
        symptom=r"teardown left the PEs off their baseline:\s+PE\d: 'display "
        r"current-configuration' after teardown differs from before the run in \d+ lines: "
        r"- ip address 192.168.10.1",
    ),
    Run(
        "etrunk-ignores-peer-loss",
        select=PATH_LOSS,
        symptom=r"PE2: 'display e-trunk 1' shows Backup \(PRI\) with the peer unreachable, "
        r"expected Master \(TIMEOUT\)",
    ),
    Run(
        "no-realtime-backup",
        select=REALTIME,
        symptom=r"'display arp all' [\d.]+ lab-s after host [\d.]+ joined: expected .* got "
        r"PE\d: \w+ \(learned\); PE\d: no entry",
    ),
    Run(
        "backup-entries-age-out",
        lab="sim-long",
        select=LONG,
        marker="long",
        symptom=r"PE2: 'display arp all' lacks ARP entries for \d+ of 100 hosts .* \d+ lab-s "
        r"into the outage",
    ),
    Run(
        "backup-never-ages-out",
        lab="sim-long",
        select="test_a_departed_hosts_entry_ages_out_on_both_pes",
        marker="long",
        symptom=r"'display arp all' [\d.]+ lab-s after host [\d.]+ left .*: its entry is still "
        r"there: .*\(backed up\)",
    ),
    Run(
        "mac-change-not-backed-up",
        select=REALTIME,
        symptom=r"after host [\d.]+ moved to MAC \S+: expected .* got PE\d: (\w+) \(learned\); "
        r"PE\d: (?!\1)\w+ \(backed up\)",
    ),
    Run(
        "rbs-slow-path-detection",
        select=PATH_LOSS,
        symptom=r"PE\d: 'display remote-backup-service rbs1' still shows TCP-State Connected "
        r"[\d.]+ lab-s after the inter-PE path failed \(budgets.rbs_detection_s",
    ),
    Run(
        "core-moves-half-back",
        select=WHOLE_TRUNK,
        symptom=r"PE1: 'display interface Eth-Trunk10' output counters rise at \d+ pps after the "
        r"restore, not the \d+ pps it carried before the fault .*its share did not come back",
    ),
    # Without a tester the MACs are judged against what the PEs learned: their disagreement.
    Run(None, select=WHOLE_TRUNK, counters=True),
    Run(
        "resync-installs-swapped-macs",
        select=WHOLE_TRUNK,
        counters=True,
        symptom=r"'display arp all': the two PEs learned [\d.]+ with different MACs \(PE1 "
        r"\S+ and PE2 \S+\) after the restore",
    ),
)


def lab_argument(run: Run, folder: Path) -> str:
    """`--lab`'s value for `run`: the shipped lab, or its copy in `folder` with counters."""
    if not run.counters:
        return run.lab
    copy = folder / "lab"
    shutil.copytree(SHIPPED_LABS / run.lab, copy, dirs_exist_ok=True)
    settings = yaml.safe_load((copy / "lab.yaml").read_text())
    settings["traffic"] = {"source": "counters"}
    (copy / "lab.yaml").write_text(yaml.safe_dump(settings, sort_keys=False))
    return str(copy)


def command(run: Run, lab: str, junit: Path, artifacts: Path) -> list[str]:
    """The pytest command line of `run` against `lab` (a shipped lab's name or a folder)."""
    args = [
        sys.executable,
        "-m",
        "pytest",
        "nornir_arpha/testcases",
        "-p",
        "no:cacheprovider",
        "-q",
        f"--lab={lab}",
        f"--artifacts={artifacts}",
        f"--junitxml={junit}",
        "-o",
        "junit_family=xunit2",
    ]
    if run.defect is not None:
        args.append(f"--sim-defect={run.defect}")
    if run.select is not None:
        args += ["-k", run.select]
    if run.marker is not None:
        args += ["-m", run.marker]
    return args


def read_junit(path: Path) -> tuple[tuple[str, ...], tuple[Failure, ...]]:
    """The passed test cases and the failed or errored ones of a JUnit XML report."""
    passed: list[str] = []
    failures: list[Failure] = []
    for case in ET.parse(path).getroot().iter("testcase"):
        name = case.get("name", "?")
        problems = [*case.findall("failure"), *case.findall("error")]
        for problem in problems:
            text = "\n".join(filter(None, (problem.get("message"), problem.text)))
            failures.append(Failure(name, text))
        if not problems and case.find("skipped") is None:
            passed.append(name)
    return tuple(passed), tuple(failures)


def execute(run: Run, folder: Path) -> Outcome:
    """Run the suite for `run` in a subprocess; its files go to `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    junit = folder / "junit.xml"
    started = time.monotonic()
    process = subprocess.run(
        command(run, lab_argument(run, folder), junit, folder / "artifacts"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    seconds = time.monotonic() - started
    output = process.stdout + process.stderr
    passed, failures = read_junit(junit) if junit.exists() else ((), ())
    return Outcome(run, process.returncode, passed, failures, seconds, output)


def execute_all(runs: Sequence[Run], folder: Path, workers: int = 2) -> dict[Run, Outcome]:
    """Every run, `workers` at a time (each in its own folder under `folder`)."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = pool.map(lambda run: execute(run, folder / run.id), runs)
        return {outcome.run: outcome for outcome in outcomes}


def headline(failure: Failure, symptom: str | None) -> str:
    """The line of a failure's message that names the symptom (else the first PE's line)."""
    lines = [line.strip().removeprefix("AssertionError: ") for line in failure.message.split("\n")]
    named = [line for line in lines if symptom and re.search(symptom, line)]
    about_a_pe = [line for line in lines if re.search(r"\bPE\d[:+]", line)]
    return (named or about_a_pe or lines or [""])[0]


def main(arguments: Sequence[str]) -> None:
    """Run the matrix and print, per run, each failing test case and its symptom line.

    `python -m tests.defects.matrix [--whole-suite] [DEFECT ...]`: the rows of the given
    defects (default: all) with their `-k` selections as CI runs them, or with every test
    case (`--whole-suite`, to see everything a defect breaks).
    """
    whole = "--whole-suite" in arguments
    wanted = {name for name in arguments if not name.startswith("--")}
    runs = [
        replace(run, select=None) if whole else run
        for run in RUNS
        if run.defect is None or not wanted or run.defect in wanted
    ]
    if whole:
        runs = [run for run in runs if run.defect or run.lab == "sim"]
    with tempfile.TemporaryDirectory() as folder:
        for run, outcome in execute_all(runs, Path(folder)).items():
            selection = f" -k '{run.select}'" if run.select else ""
            print(f"## {run.id}{selection}: status {outcome.status}, {outcome.seconds:.1f} s")
            for failure in outcome.failures:
                print(f"- {failure.test}: {headline(failure, run.symptom)}")


if __name__ == "__main__":
    main(sys.argv[1:])
