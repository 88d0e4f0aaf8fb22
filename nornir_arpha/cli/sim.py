"""`arpha sim`: run a simulated lab in the foreground until Ctrl-C or SIGTERM."""

from __future__ import annotations

import asyncio
import signal

import typer
from rich.table import Table

from nornir_arpha.cli.common import (
    DEFAULT_LAB,
    DefectsOption,
    LabOption,
    console,
    err_console,
    load_or_exit,
)
from nornir_arpha.lab import Lab
from nornir_arpha.sim import SimLab
from nornir_arpha.sim.defects import DESCRIPTIONS


def sim(lab_path: LabOption = DEFAULT_LAB, defects: DefectsOption = None) -> None:
    """Serve the lab's simulated PEs over SSH; print where and how to log in."""
    lab = load_or_exit(lab_path).with_defects(defects or [])
    if not lab.simulated:
        err_console.print(f"[bold red]Lab {lab_path} is not simulated[/] (simulation.enabled).")
        raise typer.Exit(2)
    try:
        asyncio.run(_serve(lab))
    except OSError as exc:
        err_console.print(f"[bold red]Cannot start the simulator:[/] {exc}")
        raise typer.Exit(1) from None


async def _serve(lab: Lab) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with SimLab(lab) as simulator:
        table = Table(title=f"Simulated lab {lab.name}")
        for column in ("device", "address", "username", "password"):
            table.add_column(column)
        for name, (host, port) in simulator.endpoints.items():
            login = simulator.credentials(name)  # fixed lab credentials, not secrets
            table.add_row(name, f"{host}:{port}", login.username, login.password)
        console.print(table)
        for defect in sorted(simulator.defects):
            console.print(f"Injected defect {defect}: {DESCRIPTIONS[defect]}", highlight=False)
        console.print("Serving; Ctrl-C or SIGTERM stops.", highlight=False)
        await stop.wait()
    console.print("Simulator stopped.")
