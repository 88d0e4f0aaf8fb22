"""`arpha history` and `arpha compare`: the runs a history holds, and two runs side by side
with the regressions flagged (exit status 1 when there is one, for CI to gate on)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from nornir_arpha.cli.common import console, err_console
from nornir_arpha.history.comparison import Comparison, compare_runs
from nornir_arpha.history.runs import RunResult

if TYPE_CHECKING:  # SQLAlchemy and Alembic load only when a history command runs
    from nornir_arpha.history.database import History

logger = logging.getLogger(__name__)

REGRESSION_STATUS = 1
ERROR_STATUS = 2

HistoryOption = Annotated[
    str | None,
    typer.Option(
        "--history",
        metavar="PATH|URL",
        help="The history: a SQLite file or a database URL (postgresql://user@host/db); "
        "default $ARPHA_HISTORY, else the user's data folder.",
    ),
]


def _open(where: str | None) -> History:
    """The history, or a one-line error and exit status 2."""
    from nornir_arpha.history.database import HistoryError, open_history

    try:
        return open_history(where, create=False)
    except HistoryError as exc:
        err_console.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(ERROR_STATUS) from None


def history(
    where: HistoryOption = None,
    lab: Annotated[str | None, typer.Option("--lab", help="Only this lab's runs.")] = None,
) -> None:
    """List the recorded runs by lab and firmware, with each run's outcome counts."""
    from nornir_arpha.history.database import HistoryError

    try:
        runs = _open(where).runs(lab)
    except HistoryError as exc:
        err_console.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(ERROR_STATUS) from None
    table = Table(title="nornir_arpha run history", title_justify="left")
    for column in ("run", "lab", "firmware", "started", "duration", "defects", "outcomes"):
        table.add_column(column, overflow="fold")
    for run in sorted(runs, key=lambda r: (r.lab, r.firmware_label, r.run_id or 0)):
        table.add_row(
            str(run.run_id),
            run.lab,
            run.firmware_label,
            run.started,
            f"{run.duration_s:.0f} s",
            ", ".join(run.defects) or "-",
            run.counts_text() or "no cases",
        )
    console.print(table)
    if not runs:
        console.print("no runs recorded yet: `arpha run` records each run")


def _pick(
    store: History, runs: list[str], firmware: str | None, baseline: str | None, lab: str | None
) -> tuple[RunResult, RunResult]:
    """(baseline, current) from two run ids, or from `--firmware X --baseline Y`.

    Raises:
        HistoryError: unknown runs, or neither form given
    """
    from nornir_arpha.history.database import HistoryError

    if len(runs) == 2 and not firmware:
        ids = []
        for text in runs:
            if not text.isdigit():
                raise HistoryError(f"'{text}' is not a run id: `arpha history` lists them")
            ids.append(int(text))
        return store.load(ids[0]), store.load(ids[1])
    if firmware and baseline and not runs:
        labs = {run.lab for run in store.runs(lab)}
        if lab is None and len(labs) > 1:
            raise HistoryError(f"the history holds {len(labs)} labs: pass --lab NAME")
        name = lab or (labs.pop() if labs else "")
        return (
            store.load(store.latest(name, firmware=baseline)),
            store.load(store.latest(name, firmware=firmware)),
        )
    raise HistoryError("give two run ids (`arpha compare 3 4`) or --firmware X --baseline Y")


def print_comparison(comparison: Comparison) -> None:
    """The side-by-side table, then the regressions, new failures and fixes."""
    base, current = comparison.baseline, comparison.current
    table = Table(
        title=f"run {base.run_id} ({base.firmware_label}) → run {current.run_id} "
        f"({current.firmware_label}), lab {current.lab}",
        title_justify="left",
    )
    for column in ("case", "outcome", "convergence", "outage down", "outage up", "ARP", "flag"):
        table.add_column(column, overflow="fold")
    for case in comparison.cases:
        figures = {f.name: f.text() for f in case.figures}
        arp = "-"
        if case.after is not None and case.after.arp_local is not None:
            arp = f"{case.after.arp_local} local + {case.after.arp_backed_up} backed-up"
            if case.before is not None and case.before.arp_local is not None:
                arp = f"{case.before.arp_local}+{case.before.arp_backed_up} → {arp}"
        flag = "REGRESSION" if case.regression else "fixed" if case.fixed else ""
        table.add_row(
            case.name,
            case.outcome_text(),
            figures.get("convergence", "-"),
            figures.get("outage down", "-"),
            figures.get("outage up", "-"),
            arp,
            flag,
        )
    console.print(table)
    for run in (base, current):
        failovers = [case for case in run.cases if case.samples or case.series]
        if failovers and not any(case.pe_series() for case in failovers):
            console.print(
                f"run {run.run_id}: no per-PE series recorded (recorded before they were "
                "kept): its timelines show the carrying PEs' summed rates",
                highlight=False,
            )
    for case in comparison.regressions:
        console.print(f"regression: {case.name}: {'; '.join(case.reasons)}", highlight=False)
    for case in comparison.new_failures:
        console.print(f"new failure: {case.name}", highlight=False)
    for case in comparison.fixed:
        console.print(f"fixed: {case.name}", highlight=False)
    console.print(
        f"{len(comparison.regressions)} regression(s), {len(comparison.new_failures)} new "
        f"failure(s), {len(comparison.fixed)} fixed"
    )


def compare(
    runs: Annotated[
        list[str] | None, typer.Argument(help="Two run ids: the baseline, then the run.")
    ] = None,
    firmware: Annotated[
        str | None, typer.Option("--firmware", help="The latest run on this firmware...")
    ] = None,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="...against the latest on this one.")
    ] = None,
    lab: Annotated[str | None, typer.Option("--lab", help="The lab (if several).")] = None,
    where: HistoryOption = None,
) -> None:
    """Show two runs' cases side by side: outcome, convergence and outage per direction with
    the change, ARP figures, new and fixed failures. Exit status 1 on a regression."""
    from nornir_arpha.history.database import HistoryError

    store = _open(where)
    try:
        base, current = _pick(store, list(runs or []), firmware, baseline, lab)
    except HistoryError as exc:
        err_console.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(ERROR_STATUS) from None
    comparison = compare_runs(base, current)
    print_comparison(comparison)
    if comparison.regressions:
        raise typer.Exit(REGRESSION_STATUS)
