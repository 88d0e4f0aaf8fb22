"""Helpers shared by the command modules: lab loading and error display."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from nornir_arpha.lab import Lab, LabError, load_lab

console = Console()
err_console = Console(stderr=True)

DEFAULT_LAB = Path("labs/sim")

# Use as `lab: LabOption = DEFAULT_LAB` in a command's signature.
LabOption = Annotated[
    Path,
    typer.Option(
        "--lab", "-l", help="Lab folder (hosts.yaml, groups.yaml, defaults.yaml, lab.yaml)."
    ),
]


def load_or_exit(path: Path) -> Lab:
    """Load a lab, or print every problem in it and exit with status 2."""
    try:
        return load_lab(path)
    except LabError as exc:
        err_console.print(f"[bold red]Lab {path} is invalid[/] ({len(exc.issues)} problem(s)):")
        for issue in exc.issues:
            err_console.print(f"  - {issue}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
