"""The terminal summary: as wide as the terminal, each convergence beside its budget."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest

from nornir_arpha.logs.redact import Redactor
from nornir_arpha.pytest_plugin.artifacts import Artifacts, CaseRecord
from nornir_arpha.pytest_plugin.report import write_terminal_summary
from nornir_arpha.pytest_plugin.run_state import LabFacts


def _summary(tmp_path: Path, width: int, time_scale: float) -> str:
    artifacts = Artifacts(tmp_path, Redactor([]))
    artifacts.records["a::test_whole_eth_trunk_shutdown[PE1]"] = CaseRecord(
        "a::test_whole_eth_trunk_shutdown[PE1]",
        outcome="passed",
        pe="PE2",
        fault="PE1 eth-trunk: shut Eth-Trunk10",
        convergence_ms=998.4,
        convergence_budget_ms=3000.0,
        arp_kept="PE2: 2 local + 98 backed-up of 100",
        traffic_source="otg",
        outage_ms={"down": 1000.0, "up": 300.0},
        restore_outage_ms=120.0,
        hosts_losing=0,
    )
    artifacts.records["a::test_sync"] = CaseRecord("a::test_sync", outcome="passed")
    out = io.StringIO()
    writer = SimpleNamespace(_file=out, fullwidth=width)
    lines: list[str] = []
    reporter = SimpleNamespace(_tw=writer, write_line=lines.append)
    run = SimpleNamespace(
        artifacts=artifacts,
        records=lambda: list(artifacts.records.values()),
        label="sim",
        pooled=False,
        time_scale=time_scale,
        facts={"sim": LabFacts(traffic="the OTG traffic generator at http://127.0.0.1:4000")},
    )
    write_terminal_summary(reporter, run)  # type: ignore[arg-type]
    return out.getvalue() + "\n".join(lines)


@pytest.mark.parametrize("width", [60, 100, 220], ids=["narrow", "medium", "wide"])
def test_the_table_fits_the_terminal(width: int, tmp_path: Path) -> None:
    text = _summary(tmp_path, width, 10.0)
    table_lines = [line for line in text.splitlines() if line.startswith(("┃", "│", "┏", "└"))]
    assert table_lines
    assert max(len(line) for line in table_lines) <= width


def test_convergence_stands_beside_its_budget_and_lab_time_is_said(tmp_path: Path) -> None:
    text = _summary(tmp_path, 200, 10.0)
    assert "998 / 3000 ms" in text
    assert "1000/300 · 120 ms otg" in text
    assert "traffic figures from the OTG traffic generator at http://127.0.0.1:4000" in text
    assert "lab time: the simulator's clock runs 10x wall time" in text


def test_a_real_lab_has_no_lab_time_note(tmp_path: Path) -> None:
    assert "lab time" not in _summary(tmp_path, 200, 1.0)
