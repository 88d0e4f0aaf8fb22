"""`python -m bench --quick` runs every figure and writes a complete result (no timing asserted)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from bench.__main__ import FIGURES

ROOT = Path(__file__).resolve().parents[2]
NUMBERS = ("measured", "baseline", "ratio")

# ~12 s: outside the default run (under 3 minutes); .ci/run runs the slow tests.
pytestmark = pytest.mark.slow


def test_quick_mode_reports_every_figure(tmp_path: Path) -> None:
    result, markdown = tmp_path / "results.json", tmp_path / "benchmarks.md"
    command = ["-m", "bench", "--quick", "--json", str(result), "--markdown", str(markdown)]
    run = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    data = json.loads(result.read_text())
    assert data["mode"] == "quick" and not data["errors"]
    figures = {figure["key"]: figure for figure in data["figures"]}
    assert set(figures) == set(FIGURES)
    for key, figure in figures.items():
        for field in NUMBERS:
            value = figure[field]
            assert isinstance(value, float) and math.isfinite(value), (key, field, value)
        assert figure["baseline"] > 0, key
        assert isinstance(figure["met"], bool), key
    assert data["machine"]["cores"] >= 1 and data["machine"]["packages"]["scrapli"]
    table = markdown.read_text()
    assert table.count("\n| ") == len(FIGURES) + 2  # header, rule, one row per figure
