"""Two `arpha run`s on the simulated lab, the second with a slowed failover: the history
lists both, `arpha compare` flags the slowed cases and exits 1, the second run's HTML report
shows the regression; in SQLite and in a real PostgreSQL server; the report in a real
headless chromium."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.history.browser import chromium, open_page
from tests.history.postgres import missing, postgres_database

pytestmark = pytest.mark.slow


def arpha(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nornir_arpha.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "250"},
    )


@dataclass
class Releases:
    where: str
    first: Path
    second: Path
    second_run: subprocess.CompletedProcess[str]


def two_runs(where: str, folder: Path) -> Releases:
    first, second = folder / "first", folder / "second"
    done = arpha("run", "--history", where, "--artifacts", str(first), cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    slowed = arpha(
        "run", "--history", where, "--artifacts", str(second),
        "--sim-defect", "slow-failover", "--baseline", "latest", cwd=folder,
    )  # fmt: skip
    assert slowed.returncode == 1, slowed.stdout + slowed.stderr
    return Releases(where, first, second, slowed)


@pytest.fixture(scope="module")
def sqlite_releases(tmp_path_factory: pytest.TempPathFactory) -> Releases:
    folder = tmp_path_factory.mktemp("releases")
    return two_runs(str(folder / "history.sqlite"), folder)


@pytest.fixture
def postgres_history() -> Iterator[str]:
    """A fresh database on the server `$ARPHA_TEST_POSTGRES_URL` names, dropped afterwards."""
    if not os.environ.get("ARPHA_TEST_POSTGRES_URL"):
        missing("no PostgreSQL server: set ARPHA_TEST_POSTGRES_URL")
    with postgres_database() as url:
        yield url


def check_releases(releases: Releases) -> None:
    folder = releases.first.parent
    listed = arpha("history", "--history", releases.where, cwd=folder)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    rows = [line for line in listed.stdout.splitlines() if line.startswith("│ ")]
    assert len(rows) == 2 and "slow-failover" in rows[1], listed.stdout
    compared = arpha("compare", "1", "2", "--history", releases.where, cwd=folder)
    assert compared.returncode == 1, compared.stdout + compared.stderr
    regressions = [line for line in compared.stdout.splitlines() if line.startswith("regression:")]
    assert any("test_member_link_failure[PE1-all-members]" in line for line in regressions)
    assert any("convergence" in line and "(> 20 %" in line for line in regressions)
    assert "baseline run 1" in releases.second_run.stdout
    report = (releases.second / "report.html").read_text()
    assert "Baseline: run 1" in report and "<span class='badge'>regression</span>" in report
    summary = json.loads((releases.second / "summary.json").read_text())
    assert summary["defects"] == ["slow-failover"] and summary["started"]
    assert all(case["samples"] for case in summary["tests"] if case["convergence_ms"])
    assert all(case["series"] for case in summary["tests"] if case["samples"])
    # A case that found the pair damaged by the previous case's failure is an error at setup.
    errors = [case for case in summary["tests"] if case["outcome"] == "error"]
    assert errors, summary["tests"]
    assert all("still damaged after the failure of" in case["message"] for case in errors)
    junit = (releases.second / "junit.xml").read_text()
    assert "<error" in junit
    assert f"[[ATTACHMENT|{releases.second / 'report.html'}]]" in junit
    assert "transcripts/PE1.log]]" in junit


def test_two_releases_in_sqlite(sqlite_releases: Releases) -> None:
    check_releases(sqlite_releases)


def test_two_releases_in_postgresql(postgres_history: str, tmp_path: Path) -> None:
    check_releases(two_runs(postgres_history, tmp_path))


def test_the_report_in_a_headless_browser(sqlite_releases: Releases) -> None:
    binary = chromium()
    if binary is None:
        missing("no chromium: apt-get install chromium")
    assert binary is not None
    report = sqlite_releases.second / "report.html"
    failovers = [
        case for case in json.loads((sqlite_releases.second / "summary.json").read_text())["tests"]
        if case["samples"] or case["series"]
    ]  # fmt: skip
    with open_page(report.as_uri(), binary) as page:
        shot = page.screenshot(sqlite_releases.second / "report.png")
        drawn = page.evaluate(
            "[...document.querySelectorAll('figure.timeline svg')].filter(s => "
            "s.getBoundingClientRect().width > 300 && s.querySelectorAll('path').length > 20)"
            ".length"
        )
        errors, requests = page.console_errors(), page.requests()
    assert shot.stat().st_size > 10_000
    assert drawn == len(failovers) > 0
    assert errors == []
    assert requests == [report.as_uri()]  # the page itself, nothing else
