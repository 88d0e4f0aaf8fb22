"""`arpha lab ...`: inspect lab definitions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from nornir_arpha.cli.common import DEFAULT_LAB, console, load_or_exit

app = typer.Typer(help="Inspect lab definitions.", no_args_is_help=True)


@app.command("check")
def check(
    lab_path: Annotated[
        Path, typer.Argument(metavar="[LAB]", help="Lab folder to check.")
    ] = DEFAULT_LAB,
) -> None:
    """Validate a lab folder; print a summary, or every error with a non-zero exit code."""
    lab = load_or_exit(lab_path)
    table = Table(title=f"Lab {lab.name} ({'simulated' if lab.simulated else 'real'})")
    for column in ("PE", "address", "RBS", "E-Trunk", "Eth-Trunk members", "RBP"):
        table.add_column(column)
    for name in lab.pair:
        host, intent = lab.pe(name), lab.intent(name)
        table.add_row(
            name,
            f"{host.hostname}:{host.port or 'auto'}",
            f"{intent.rbs.name} {intent.rbs.source}→{intent.rbs.peer}:{intent.rbs.port}",
            f"{intent.e_trunk.id} prio {intent.e_trunk.priority}",
            f"{intent.eth_trunk.name}: {', '.join(intent.eth_trunk.members)}",
            f"{intent.rbp.name} backup-id {intent.rbp.backup_id}",
        )
    console.print(table)
    ce, budgets = lab.settings.ce, lab.settings.budgets
    console.print(
        f"CE {ce.name}: {ce.hosts} hosts in {ce.subnet} via {ce.gateway_ip}, "
        f"{ce.offered_pps} pps per direction; budgets: convergence {budgets.convergence_s}s, "
        f"ARP sync {budgets.arp_sync_s}s"
    )
    defects = lab.settings.simulation.defects
    if defects:
        console.print(f"Simulator defects injected: {', '.join(defects)}", highlight=False)
    console.print(f"[green]Lab {lab_path} is valid.[/]")
