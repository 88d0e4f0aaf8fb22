"""Lab-CI reporting: JUnit properties, the terminal summary table, summary.json."""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from nornir_arpha.pytest_plugin.artifacts import CaseRecord
from nornir_arpha.pytest_plugin.run_facts import run_facts
from nornir_arpha.pytest_plugin.run_state import ArphaRun, LabState


def add_junit_properties(item: pytest.Item, state: LabState | None, record: CaseRecord) -> None:
    """The lab, devices, firmware and convergence as <property> elements of the test's JUnit
    case.

    junitxml reads them from the teardown report, which copies `item.user_properties`.
    """
    firmware = state.facts.firmware if state is not None else {}
    properties = [("lab", state.lab.name if state else ""), ("devices", ",".join(firmware))]
    properties += [(f"firmware.{host}", version) for host, version in firmware.items()]
    if record.pe:
        properties.append(("pe", record.pe))
    if record.fault:
        properties.append(("fault", record.fault))
    if record.convergence_ms is not None:
        properties.append(("convergence_ms", f"{record.convergence_ms:.0f}"))
    if record.convergence_budget_ms is not None:
        properties.append(("convergence_budget_ms", f"{record.convergence_budget_ms:.0f}"))
    if record.arp_kept:
        properties.append(("arp_kept", record.arp_kept))
    if record.traffic_source:
        properties.append(("traffic_source", record.traffic_source))
    properties += [
        (f"outage_ms.{direction}", f"{value:.0f}")
        for direction, value in record.outage_ms.items()
        if value is not None
    ]
    if record.restore_outage_ms is not None:
        properties.append(("restore_outage_ms", f"{record.restore_outage_ms:.0f}"))
    if record.hosts_losing is not None:
        properties.append(("hosts_losing", str(record.hosts_losing)))
    item.user_properties.extend(properties)


def _outage(record: CaseRecord) -> str:
    """`610/590 · 320 ms otg`: outage down/up, the restore's, and where they come from."""
    if not record.traffic_source:
        return "-"
    down, up = (record.outage_ms.get(d) for d in ("down", "up"))
    text = "/".join("-" if value is None else f"{value:.0f}" for value in (down, up))
    if record.restore_outage_ms is not None:
        text += f" · {record.restore_outage_ms:.0f}"
    return f"{text} ms {record.traffic_source}"


def _convergence(record: CaseRecord) -> str:
    """`998 / 3000 ms`: the measured figure beside its budget."""
    if record.convergence_budget_ms is None:
        return "-"
    measured = "-" if record.convergence_ms is None else f"{record.convergence_ms:.0f}"
    return f"{measured} / {record.convergence_budget_ms:.0f} ms"


def write_terminal_summary(terminalreporter: Any, run: ArphaRun) -> None:
    """A table as wide as the terminal: per test, the PE, the fault, convergence against its
    budget, ARP entries kept."""
    assert run.artifacts is not None
    scale = run.time_scale
    caption = (
        f"convergence in lab time: the simulator's clock runs {scale:g}x wall time"
        if scale != 1.0
        else None
    )
    pooled = run.pooled
    table = Table(
        title=f"nornir_arpha: {'labs' if pooled else 'lab'} {run.label}",
        title_justify="left",
        caption=caption,
        caption_justify="left",
    )
    columns = ("test", "PE", "fault", "convergence / budget", "outage ↓/↑ · restore")
    for column in (*(["lab"] if pooled else []), *columns, "ARP kept", "result"):
        table.add_column(column, overflow="fold")
    for record in run.records():
        table.add_row(
            *([record.lab] if pooled else []),
            escape(record.nodeid.split("::")[-1]),  # `[sim-1-PE1]` is not rich markup
            record.pe or "-",
            record.fault or "-",
            _convergence(record),
            _outage(record),
            record.arp_kept or "-",
            record.outcome,
        )
    writer = terminalreporter._tw
    console = Console(file=writer._file, width=writer.fullwidth, force_terminal=False)
    console.print(table)
    for name, facts in run.facts.items():
        if facts.traffic:
            on = f" (lab {name})" if pooled else ""
            terminalreporter.write_line(f"traffic figures from {facts.traffic}{on}")
    terminalreporter.write_line(f"artifacts: {run.artifacts.root}")


def write_summary(run: ArphaRun, exitstatus: int) -> None:
    """summary.json: the run's facts and every case's record (all workers' in a distributed
    run)."""
    assert run.artifacts is not None
    pooled = run.pooled
    run.artifacts.write_summary(
        {
            "lab": run.label,
            "labs": list(run.facts),
            "exit_status": int(exitstatus),
            "firmware": run.firmware(),
            "lab_gate_repairs": [
                f"{name}: {repair}" if pooled else repair
                for name, facts in run.facts.items()
                for repair in facts.repairs
            ],
            "traffic": "; ".join(
                f"{name}: {facts.traffic}" if pooled else facts.traffic
                for name, facts in run.facts.items()
                if facts.traffic
            ),
            **run_facts(run),
        },
        run.records(),
    )
