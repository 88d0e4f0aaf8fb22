"""`arpha lab ...`: inspect lab definitions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from nornir_arpha.cli.common import DEFAULT_LAB, console, err_console, load_or_exit
from nornir_arpha.lab.shipped import copy_shipped_lab, shipped_lab_names

app = typer.Typer(help="Inspect and create lab definitions.", no_args_is_help=True)


@app.command("new")
def new(
    folder: Annotated[Path, typer.Argument(help="The new lab folder (must not exist yet).")],
    template: Annotated[
        str,
        typer.Option(
            "--from",
            help="The shipped lab to start from: example (a real NE40E/NE8000 pair), "
            "containerlab, or sim (the simulated pair).",
        ),
    ] = "example",
) -> None:
    """Write a lab to start from, copied from a shipped one, into a new folder."""
    if folder.exists():
        err_console.print(f"[red]{folder} exists already[/]: name a new folder")
        raise typer.Exit(2)
    try:
        copy_shipped_lab(template, folder)
    except KeyError:
        err_console.print(
            f"[red]--from {template}: no such shipped lab[/]; "
            f"choose one of {', '.join(shipped_lab_names())}"
        )
        raise typer.Exit(2) from None
    except OSError as exc:
        err_console.print(f"[red]Cannot write {folder}[/]: {exc.strerror or exc}")
        raise typer.Exit(1) from None
    console.print(
        f"[green]Wrote lab {folder}[/] from the shipped '{template}' lab. Edit hosts.yaml "
        f"(addresses, data.hot_backup) and lab.yaml (pair, CE, budgets, cabling), then run "
        f"`arpha lab check {folder}`."
    )


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
