"""`arpha run`: the main job — configure the hot backup, run the failover suite, tear down,
report. The pytest plugin does the lab work; this command drives pytest in-process.

Anything after `--` goes to pytest as it is (`arpha run -- -x --lf -m stress`).
"""

from __future__ import annotations

import importlib.util
import os
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from nornir_arpha.cli.common import (
    DEFAULT_LAB,
    LabOption,
    SimDefectsOption,
    console,
    err_console,
    load_or_exit,
)
from nornir_arpha.history.location import default_location
from nornir_arpha.lab.model import LoadedLab
from nornir_arpha.lab.shipped import labs_in, resolve_lab

# The default selection of the shipped suite; what pyproject's addopts say inside a checkout.
DEFAULT_MARKERS = "not stress and not scale and not long"
NO_TESTS_COLLECTED = 5


def shipped_cases() -> Path:
    """The failover suite that ships in the package."""
    from nornir_arpha import testcases

    return Path(testcases.__file__).parent


def _cache_dir() -> Path:
    """pytest's cache (for `--lf`/`--ff`) in the user's cache folder, never beside the suite
    (which may be a read-only site-packages)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nornir_arpha" / "pytest"


def history_args(where: str | None, record: bool, baseline: str | None) -> list[str]:
    """The plugin's history options: the run is recorded unless `--no-history`.

    Raises:
        typer.Exit: a baseline without a history (status 2)
    """
    if not record:
        if baseline is not None:
            err_console.print("[red]--baseline needs the history[/]: drop --no-history")
            raise typer.Exit(2)
        return []
    args = [f"--history={where or default_location()}"]
    return args + ([f"--baseline={baseline}"] if baseline else [])


def _has_option(args: list[str], *names: str) -> bool:
    return any(arg in names or arg.startswith(tuple(f"{n}=" for n in names)) for arg in args)


def _pool_args(lab: Path, pool: Path | None, copies: int | None, workers: int | None) -> list[str]:
    """The plugin's lab and pool options, and xdist's `-n`.

    Raises:
        typer.Exit: a missing or empty pool folder, pool options mixed, fewer than one
            simulated lab or worker, or `--workers` without pytest-xdist (status 2)
    """
    problem = None
    if pool is not None and (lab != DEFAULT_LAB or copies is not None):
        problem = "--lab-pool cannot be mixed with --lab or --sim-labs: use one of them"
    elif pool is not None and (not pool.is_dir() or not labs_in(pool)):
        problem = f"--lab-pool {pool}: no such folder, or no lab folder (with lab.yaml) in it"
    elif copies is not None and copies < 1:
        problem = f"--sim-labs {copies}: give the number of simulated labs, 1 or more"
    elif workers is not None and workers < 1:
        problem = f"--workers {workers}: give the number of workers, 1 or more"
    elif workers is not None and importlib.util.find_spec("xdist") is None:
        problem = "--workers needs pytest-xdist: pip install 'nornir_arpha[test]'"
    if problem is not None:
        err_console.print(f"[red]{problem}[/]", soft_wrap=True)
        raise typer.Exit(2)
    args = [f"--lab-pool={pool.resolve()}"] if pool else [f"--lab={resolve_lab(lab).resolve()}"]
    args += [f"--sim-labs={copies}"] if copies is not None else []
    return args + (["-n", str(workers)] if workers is not None else [])


def run(
    ctx: typer.Context,
    lab: LabOption = DEFAULT_LAB,
    cases: Annotated[
        list[Path] | None,
        typer.Option(
            "--cases",
            help="A folder (or file) of your own lab test cases, run with the shipped suite "
            "(repeatable).",
        ),
    ] = None,
    shipped: Annotated[
        bool,
        typer.Option(
            "--shipped-cases/--no-shipped-cases", help="Run the suite shipped with arpha."
        ),
    ] = True,
    artifacts: Annotated[
        Path | None,
        typer.Option("--artifacts", help="Artifacts folder (default: artifacts/run-<time>)."),
    ] = None,
    keep_config: Annotated[
        bool, typer.Option("--keep-config", help="Leave the hot backup configured.")
    ] = False,
    select: Annotated[
        str | None,
        typer.Option(
            "-k",
            help="Only the test cases matching this expression (stress and scale cases "
            "included when they match).",
        ),
    ] = None,
    sim_defects: SimDefectsOption = None,
    history: Annotated[
        str | None,
        typer.Option(
            "--history",
            metavar="PATH|URL",
            help="Record the run in this history (SQLite file or postgresql:// URL; default "
            "$ARPHA_HISTORY, else the user's data folder).",
        ),
    ] = None,
    record: Annotated[
        bool, typer.Option("--record/--no-history", help="Record the run in the history.")
    ] = True,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="RUN|latest",
            help="Compare with this run of the history in the report (latest: the lab's latest "
            "run on other firmware, else its latest earlier run).",
        ),
    ] = None,
    lab_pool: Annotated[
        Path | None,
        typer.Option(
            "--lab-pool", help="A folder of lab folders: the suite runs on each (not with --lab)."
        ),
    ] = None,
    sim_labs: Annotated[
        int | None,
        typer.Option(
            "--sim-labs",
            metavar="N",
            help="A pool of N independent simulated labs, copies of --lab.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            metavar="N",
            help="Spread the run over N pytest-xdist workers, each lab's cases on one worker.",
        ),
    ] = None,
) -> None:
    """Configure the hot backup, run the failover suite with live progress, tear down, and
    write the report (JUnit XML, summary.json, transcripts, state snapshots).

    Options after `--` go to pytest: `arpha run -- -x --lf -m stress`."""
    import pytest  # the whole of pytest loads only for a run, not for `arpha --help`

    pool_args = _pool_args(lab, lab_pool, sim_labs, workers)
    loaded = load_or_exit(lab if lab_pool is None else labs_in(lab_pool)[0])
    paths = ([shipped_cases()] if shipped else []) + list(cases or [])
    missing = [path for path in paths if not path.exists()]
    if missing or not paths:
        problem = f"no test cases at {missing[0]}" if missing else "no test cases selected"
        err_console.print(f"[red]{problem}[/]: pass --cases PATH, or drop --no-shipped-cases")
        raise typer.Exit(2)
    if sim_defects and not loaded.simulated:
        err_console.print(f"[red]--sim-defect needs a simulated lab[/]; {lab} is a real lab")
        raise typer.Exit(2)
    folder = (artifacts or Path("artifacts") / f"run-{datetime.now():%Y%m%d-%H%M%S}").resolve()
    junit = folder / "junit.xml"
    passed_on = list(ctx.args)
    kind = "simulated" if loaded.simulated else "real"
    injected = f", injected defects: {', '.join(sim_defects)}" if sim_defects else ""
    shown = ", ".join("shipped suite" if p == shipped_cases() else str(p) for p in paths)
    where = f"labs in {lab_pool}" if lab_pool else f"lab {loaded.name}"
    where += f" x{sim_labs}" if sim_labs else ""
    console.print(f"[bold]arpha run[/]: {where} ({kind}), test cases: {shown}{injected}")
    args = [str(path.resolve()) for path in paths]
    folders = [path.resolve() if path.is_dir() else path.resolve().parent for path in paths]
    args += [
        # Test ids relative to the cases, not to wherever arpha was started.
        f"--rootdir={os.path.commonpath(folders)}",
        *pool_args,
        f"--artifacts={folder}",
        f"--junitxml={junit}",
        "-o",
        "junit_family=xunit2",
        "-o",
        f"cache_dir={_cache_dir()}",
        "-v",
        # This process imported nornir_arpha before pytest could mark it for rewriting.
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",
    ]
    if keep_config:
        args.append("--keep-config")
    if select:
        args += ["-k", select]
    if not _has_option(passed_on, "-m"):
        # An explicit -k picks its cases among all of them, stress and scale included.
        args += ["-m", "" if select or _has_option(passed_on, "-k") else DEFAULT_MARKERS]
    args += [f"--sim-defect={name}" for name in sim_defects or []]
    args += ["--html-report", *history_args(history, record, baseline)]
    status = int(pytest.main([*args, *passed_on], plugins=[LoadedLab(loaded)]))
    if status == NO_TESTS_COLLECTED:
        err_console.print(
            "[red]No test case matched the selection[/] "
            f"({' '.join([*(['-k', select] if select else []), *passed_on]) or 'default'}); "
            "`pytest --collect-only -q` on the cases lists them"
        )
    verdict = "[green]PASSED[/]" if status == 0 else f"[red]FAILED[/] (pytest status {status})"
    console.print(f"{verdict} — artifacts: {folder}  JUnit: {junit}")
    raise typer.Exit(status)
