"""Lab-CI reporting: JUnit properties, the terminal summary table, summary.json."""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console
from rich.table import Table

from nornir_arpha.pytest_plugin.artifacts import CaseRecord
from nornir_arpha.pytest_plugin.session import ArphaRun


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
    if record.arp_kept:
        properties.append(("arp_kept", record.arp_kept))
    item.user_properties.extend(properties)


def write_terminal_summary(terminalreporter: Any, run: ArphaRun) -> None:
    """A short table: per test, the PE, the fault, convergence and ARP entries kept."""
    assert run.artifacts is not None
    table = Table(title=f"nornir_arpha: lab {run.lab_name}", title_justify="left")
    for column in ("test", "PE", "fault", "convergence", "ARP kept", "result"):
        table.add_column(column, overflow="fold")
    for record in run.artifacts.records.values():
        convergence = (
            f"{record.convergence_ms:.0f} ms" if record.convergence_ms is not None else "-"
        )
        table.add_row(
            record.nodeid.split("::")[-1],
            record.pe or "-",
            record.fault or "-",
            convergence,
            record.arp_kept or "-",
            record.outcome,
        )
    console = Console(file=terminalreporter._tw._file, width=160, force_terminal=False)
    console.print(table)
    terminalreporter.write_line(f"artifacts: {run.artifacts.root}")


def write_summary(run: ArphaRun, exitstatus: int) -> None:
    assert run.artifacts is not None
    run.artifacts.write_summary(
        {"lab": run.lab_name, "exit_status": int(exitstatus), "firmware": run.firmware}
    )
