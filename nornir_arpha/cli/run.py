"""`arpha run`: the main job — configure the hot backup, run the failover suite, tear down,
report. The pytest plugin does the lab work; this command drives pytest in-process."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import pytest
import typer

from nornir_arpha import testcases as shipped_cases
from nornir_arpha.cli.common import (
    DEFAULT_LAB,
    LabOption,
    SimDefectsOption,
    console,
    err_console,
    load_or_exit,
)

DEFAULT_CASES = Path(shipped_cases.__file__).parent


def run(
    lab: LabOption = DEFAULT_LAB,
    cases: Annotated[
        Path, typer.Option("--cases", help="Folder (or file) of lab test cases to run.")
    ] = DEFAULT_CASES,
    artifacts: Annotated[
        Path | None,
        typer.Option("--artifacts", help="Artifacts folder (default: artifacts/run-<time>)."),
    ] = None,
    keep_config: Annotated[
        bool, typer.Option("--keep-config", help="Leave the hot backup configured.")
    ] = False,
    select: Annotated[
        str | None, typer.Option("-k", help="Only the test cases matching this expression.")
    ] = None,
    sim_defects: SimDefectsOption = None,
) -> None:
    """Configure the hot backup, run the failover suite with live progress, tear down, and
    write the report (JUnit XML, summary.json, transcripts, state snapshots)."""
    loaded = load_or_exit(lab)
    if not cases.exists():
        err_console.print(
            f"[red]No test cases at {cases}[/]: run arpha from the repository root, or pass "
            "--cases PATH"
        )
        raise typer.Exit(2)
    if sim_defects and not loaded.simulated:
        err_console.print(f"[red]--sim-defect needs a simulated lab[/]; {lab} is a real lab")
        raise typer.Exit(2)
    folder = artifacts or Path("artifacts") / f"run-{datetime.now():%Y%m%d-%H%M%S}"
    junit = folder / "junit.xml"
    kind = "simulated" if loaded.simulated else "real"
    injected = f", injected defects: {', '.join(sim_defects)}" if sim_defects else ""
    console.print(f"[bold]arpha run[/]: lab {loaded.name} ({kind}), test cases {cases}{injected}")
    args = [
        str(cases),
        f"--lab={lab}",
        f"--artifacts={folder}",
        f"--junitxml={junit}",
        "-o",
        "junit_family=xunit2",
        "-p",
        "no:cacheprovider",
        "-v",
    ]
    if keep_config:
        args.append("--keep-config")
    if select:
        args += ["-k", select]
    args += [f"--sim-defect={name}" for name in sim_defects or []]
    status = pytest.main(args)
    verdict = "[green]PASSED[/]" if status == 0 else f"[red]FAILED[/] (pytest status {status})"
    console.print(f"{verdict} — artifacts: {folder.resolve()}  JUnit: {junit.resolve()}")
    raise typer.Exit(int(status))
