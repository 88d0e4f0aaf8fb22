"""`arpha labs`: who holds which lab now (lock files, and the PostgreSQL reservations)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from nornir_arpha.cli.common import console, err_console
from nornir_arpha.lab.shipped import labs_in, resolve_lab
from nornir_arpha.reservations import (
    FileReservations,
    Holder,
    LabLocked,
    open_reservations,
    reservation_location,
)


def _folders(given: list[Path], pool: Path | None) -> list[Path]:
    """The lab folders to look at: `--lab`s, the `--lab-pool`'s labs, else ./labs/*.

    Raises:
        typer.Exit: a `--lab-pool` that is no folder (status 2)
    """
    if pool is not None:
        if not pool.is_dir():
            err_console.print(f"[red]--lab-pool {pool}: no such folder[/]", soft_wrap=True)
            raise typer.Exit(2)
        return labs_in(pool)
    if given:
        return [resolve_lab(folder) for folder in given]
    return labs_in(Path("labs")) if Path("labs").is_dir() else []


def labs(
    lab: Annotated[
        list[Path] | None,
        typer.Option("--lab", "-l", help="A lab folder whose lock file to read (repeatable)."),
    ] = None,
    pool: Annotated[
        Path | None, typer.Option("--lab-pool", help="A folder of lab folders.")
    ] = None,
    history: Annotated[
        str | None,
        typer.Option(
            "--history",
            metavar="PATH|URL",
            help="The run history; a postgresql:// URL lists the team's reservations "
            "(default $ARPHA_HISTORY).",
        ),
    ] = None,
) -> None:
    """Who holds which lab: each lab folder's lock file (`--lab`, `--lab-pool`, else the labs
    in ./labs), and every reservation in the PostgreSQL history (`--history URL`, else
    $ARPHA_HISTORY): the holder's process, user, runner, pipeline and start."""
    folders = _folders(list(lab or []), pool)
    holders = FileReservations().holders(folders)
    where = reservation_location(history)
    shared = open_reservations(where)
    if shared.kind != "file":
        try:
            holders += shared.holders(folders)
        except LabLocked as exc:
            err_console.print(str(exc), markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
    held = {holder.lab for holder in holders}
    free = [folder.name for folder in folders if folder.name not in held]
    _print(holders, free)


def _print(holders: list[Holder], free: list[str]) -> None:
    if not holders:
        console.print("No lab is held." + (f" Free: {', '.join(free)}." if free else ""))
        return
    table = Table(title="Labs held now", title_justify="left")
    for column in ("lab", "held by", "runner", "pipeline", "since", "reserved by"):
        table.add_column(column, overflow="fold")
    for h in holders:
        table.add_row(
            h.lab, f"pid {h.pid} ({h.user})", h.runner, h.pipeline or "-", h.since, h.kind
        )
    console.print(table)
    if free:
        console.print(f"Free: {', '.join(free)}")
