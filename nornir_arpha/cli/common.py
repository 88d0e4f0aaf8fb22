"""Helpers shared by the command modules: lab loading and error display."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from nornir_arpha.lab import Lab, LabError, load_lab
from nornir_arpha.lab.shipped import DEFAULT_LAB as SHIPPED_DEFAULT_LAB
from nornir_arpha.lab.shipped import resolve_lab
from nornir_arpha.provision import check_lab, defect_error

console = Console()
err_console = Console(stderr=True)

DEFAULT_LAB = Path(SHIPPED_DEFAULT_LAB)

# Use as `lab: LabOption = DEFAULT_LAB` in a command's signature.
LabOption = Annotated[
    Path,
    typer.Option(
        "--lab",
        "-l",
        help="Lab folder (hosts.yaml, groups.yaml, defaults.yaml, lab.yaml), or the name of a "
        "shipped lab (sim, sim-ipv6, sim-scale, example, containerlab).",
    ),
]


def _known_defects(names: list[str] | None) -> list[str]:
    problem = defect_error(names or [])
    if problem is not None:
        raise typer.BadParameter(problem)
    return names or []


def _defect_option(flag: str) -> Any:
    return typer.Option(
        flag,
        metavar="NAME",
        callback=_known_defects,
        help="Inject this firmware defect into the simulated lab (repeatable; the names are "
        "in docs/defects.md).",
    )


# Repeatable options naming simulator defects, validated against the simulator's registry:
# `defects: DefectsOption = None` (`arpha sim --defect`), `SimDefectsOption` (`--sim-defect`).
DefectsOption = Annotated[list[str] | None, _defect_option("--defect")]
SimDefectsOption = Annotated[list[str] | None, _defect_option("--sim-defect")]


def load_or_exit(path: Path) -> Lab:
    """Load a lab, or print every problem in it and exit with status 2."""
    try:
        return check_lab(load_lab(resolve_lab(path)))
    except LabError as exc:
        err_console.print(f"[bold red]Lab {path} is invalid[/] ({len(exc.issues)} problem(s)):")
        for issue in exc.issues:
            err_console.print(f"  - {issue}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
