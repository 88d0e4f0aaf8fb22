"""Lab-CI reporting: JUnit properties, the terminal summary table, summary.json."""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console
from rich.table import Table

from nornir_arpha.pytest_plugin.artifacts import CaseRecord
from nornir_arpha.pytest_plugin.run_facts import run_facts
from nornir_arpha.pytest_plugin.run_state import ArphaRun


def add_junit_properties(item: pytest.Item, run: ArphaRun, record: CaseRecord) -> None:
    """Devices, firmware and convergence as <property> elements of the test's JUnit case.

    junitxml reads them from the teardown report, which copies `item.user_properties`.
    """
    properties = [("lab", run.lab_name), ("devices", ",".join(run.firmware))]
    properties += [(f"firmware.{host}", version) for host, version in run.firmware.items()]
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
    table = Table(
        title=f"nornir_arpha: lab {run.lab_name}",
        title_justify="left",
        caption=caption,
        caption_justify="left",
    )
    columns = ("test", "PE", "fault", "convergence / budget", "outage ↓/↑ · restore")
    for column in (*columns, "ARP kept", "result"):
        table.add_column(column, overflow="fold")
    for record in run.artifacts.records.values():
        table.add_row(
            record.nodeid.split("::")[-1],
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
    if run.traffic:
        terminalreporter.write_line(f"traffic figures from {run.traffic}")
    terminalreporter.write_line(f"artifacts: {run.artifacts.root}")


def write_summary(run: ArphaRun, exitstatus: int) -> None:
    assert run.artifacts is not None
    run.artifacts.write_summary(
        {
            "lab": run.lab_name,
            "exit_status": int(exitstatus),
            "firmware": run.firmware,
            "lab_gate_repairs": run.repairs,
            "traffic": run.traffic,
            **run_facts(run),
        }
    )
