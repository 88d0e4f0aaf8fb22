"""Runs over several labs and workers (pytest-xdist), and two runs on one fixed-port lab.

- `pytest -n 4 --sim-labs 4`: every case passes on every lab, each lab's cases on a worker
  of its own, and one JUnit file, summary.json, HTML report and history run hold them all,
  with the summary table printed once.
- A lab another run holds: under xdist the run fails with one error naming the holder (no
  INTERNALERROR); with --lock-wait it waits for the holder and then runs; with the
  reservations in PostgreSQL, a run from another checkout of the lab is refused too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nornir_arpha.reservations.file_lock import lab_lock
from nornir_arpha.reservations.postgres import PgReservations
from tests.history.test_release_runs import postgres_history  # noqa: F401 (a fixture)
from tests.plugin.conftest import ROOT, ExternalLab, start_suite

pytestmark = pytest.mark.slow

LABS = 4


def test_four_workers_each_run_one_simulated_lab(tmp_path: Path) -> None:
    artifacts = tmp_path / "artifacts"
    history = tmp_path / "history.sqlite"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "nornir_arpha/testcases", "-p", "no:cacheprovider",
         "-v", "-n", str(LABS), f"--sim-labs={LABS}", f"--artifacts={artifacts}",
         f"--junitxml={artifacts / 'junit.xml'}", f"--history={history}", "--html-report"],
        cwd=ROOT, capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    # Each lab's cases on one worker, a different one per lab.
    ran = re.findall(r"\[(gw\d+)\] \[ *\d+%\] PASSED \S+::\S+\[(sim-\d+)[\]-]", done.stdout)
    workers_of = {lab: {gw for gw, on in ran if on == lab} for _, lab in ran}
    assert sorted(workers_of) == [f"sim-{n}" for n in range(1, LABS + 1)], done.stdout
    assert all(len(gws) == 1 for gws in workers_of.values()), workers_of
    assert len({gw for gws in workers_of.values() for gw in gws}) == LABS
    # Merged reports: every case, each naming its lab, in one of each.
    summary = json.loads((artifacts / "summary.json").read_text())
    cases = summary["tests"]
    per_lab = {lab: [c for c in cases if c["lab"] == lab] for lab in workers_of}
    assert len({len(c) for c in per_lab.values()}) == 1 and len(cases) == len(ran), cases
    assert all(c["outcome"] == "passed" and f"[{c['lab']}" in c["nodeid"] for c in cases)
    assert summary["labs"] == [f"sim-{n}" for n in range(1, LABS + 1)]
    junit = ET.parse(artifacts / "junit.xml").getroot()
    assert len(junit.findall(".//testcase")) == len(cases)
    with sqlite3.connect(history) as db:
        assert db.execute("SELECT count(*) FROM runs").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM cases").fetchone() == (len(cases),)
        labs = db.execute("SELECT lab, count(*) FROM cases GROUP BY lab ORDER BY lab").fetchall()
        assert labs == [(lab, len(per_lab[lab])) for lab in sorted(per_lab)]
    report = (artifacts / "report.html").read_text()
    assert all(f"[{lab}-PE1-one-member]" in report for lab in workers_of)
    assert done.stdout.count("nornir_arpha: labs sim-1, sim-2, sim-3, sim-4") == 1


def test_a_held_lab_under_xdist_fails_naming_the_holder(
    external_lab: ExternalLab, tmp_path: Path
) -> None:
    with lab_lock(external_lab.folder, wait_s=0):
        suite = start_suite(
            external_lab.folder, tmp_path / "artifacts", "-n", "2",
            "nornir_arpha/testcases/test_01_setup_and_sync.py",
        )  # fmt: skip
        output, _ = suite.communicate(timeout=180)
    assert suite.returncode == 1, output
    assert f"is in use by pid {os.getpid()}" in output
    assert "INTERNALERROR" not in output and "1 skipped, 1 error" in output


def test_a_second_run_waits_for_the_holder(external_lab: ExternalLab, tmp_path: Path) -> None:
    HOLD_S = 3.0
    held, release = threading.Event(), threading.Event()

    def first_run() -> None:
        with lab_lock(external_lab.folder, wait_s=0):
            held.set()
            release.wait(timeout=60)

    holder = threading.Thread(target=first_run)
    holder.start()
    assert held.wait(timeout=10)
    suite = start_suite(
        external_lab.folder, tmp_path / "artifacts", "--lock-wait=120",
        "nornir_arpha/testcases/test_01_setup_and_sync.py",
    )  # fmt: skip
    with pytest.raises(subprocess.TimeoutExpired):
        suite.wait(timeout=HOLD_S)  # the lab is held a while: the run waits, it does not fail
    release.set()
    holder.join(timeout=10)
    output, _ = suite.communicate(timeout=180)
    assert suite.returncode == 0, output
    assert "2 passed" in output


def test_a_run_from_another_checkout_fails_naming_the_holder(
    postgres_history: str,  # noqa: F811
    external_lab: ExternalLab,
    tmp_path: Path,
) -> None:
    """Two checkouts of one lab (two folders, so two lock files): the database still keeps
    the second run off the lab."""
    first, second = tmp_path / "checkout-1" / "lab", tmp_path / "checkout-2" / "lab"
    for checkout in (first, second):
        shutil.copytree(external_lab.folder, checkout)

    def suite(checkout: Path, pipeline: str) -> subprocess.Popen[str]:
        env = {**os.environ, "ARPHA_HISTORY": postgres_history, "CI_PIPELINE_ID": pipeline}
        return start_suite(
            checkout, tmp_path / f"artifacts-{pipeline}", "--lock-wait=0",
            "nornir_arpha/testcases/test_01_setup_and_sync.py", env=env,
        )  # fmt: skip

    running = suite(first, "1")
    reservations = PgReservations(postgres_history)
    deadline = time.monotonic() + 120
    while not reservations.holders() and running.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    refused = suite(second, "2")
    refused_output = refused.communicate(timeout=180)[0]
    running_output = running.communicate(timeout=180)[0]
    assert running.returncode == 0, running_output
    assert refused.returncode == 1, refused_output
    assert f"is in use by pid {running.pid}" in refused_output
    assert "CI_PIPELINE_ID=1" in refused_output and "INTERNALERROR" not in refused_output


def test_arpha_run_spreads_the_labs_over_its_workers(tmp_path: Path) -> None:
    """`arpha run --workers 3` on 2 labs: each lab on one worker, the third runs nothing."""
    done = subprocess.run(
        [sys.executable, "-m", "nornir_arpha.cli", "run", "--sim-labs", "2", "--workers", "3",
         "-k", "whole_eth_trunk and PE1", "--no-history", "--artifacts", str(tmp_path / "a")],
        cwd=tmp_path, capture_output=True, text=True, check=False,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    ran = set(re.findall(r"\[(gw\d+)\] \[ *\d+%\] PASSED \S+\[(sim-\d)-PE1\]", done.stdout))
    assert len(ran) == 2 and {lab for _, lab in ran} == {"sim-1", "sim-2"}, done.stdout
    assert len({worker for worker, _ in ran}) == 2
    summary = json.loads((tmp_path / "a" / "summary.json").read_text())
    assert sorted(case["lab"] for case in summary["tests"]) == ["sim-1", "sim-2"]
