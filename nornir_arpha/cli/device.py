"""`arpha configure | verify | teardown`: the hot backup on a lab's PE pair.

Against a simulated lab whose hosts.yaml has `port: 0` (labs/sim, labs/sim-ipv6) each command
starts a fresh simulator in-process, runs, and stops it: state does not carry over from one
`arpha` command to the next. To keep a simulated lab across commands, give its PEs fixed
ports in a copy of the lab, serve it with `arpha sim --lab COPY`, and point these commands
at the same folder: with fixed ports they connect instead of starting a simulator.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from nornir.core import Nornir
from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task
from rich.console import Group
from rich.panel import Panel
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from nornir_arpha.cli.common import DEFAULT_LAB, LabOption, console, err_console, load_or_exit
from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.device.session import LabUnreachable, open_sessions
from nornir_arpha.journal import open_journal
from nornir_arpha.lab import Lab
from nornir_arpha.logs.debug_log import DebugLog, debug_log
from nornir_arpha.logs.redact import Redactor
from nornir_arpha.provision import open_lab, starts_simulator
from nornir_arpha.suite import shield
from nornir_arpha.tasks import ChangeReport, VerifyReport
from nornir_arpha.tasks.pair import PairOutcome, configure_pair, teardown_pair, verify_pair
from nornir_arpha.tasks.polling import Deadline

app = typer.Typer()

DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show commands and the candidate diff; commit nothing.")
]
TakeOverOption = Annotated[
    bool,
    typer.Option(
        "--take-over",
        help="Change E-Trunk, RBS, RBP or Eth-Trunk settings that exist with other values than "
        "the lab's (refused otherwise); teardown then removes them if nothing else uses them.",
    ),
]
TranscriptsOption = Annotated[
    Path | None,
    typer.Option("--transcripts", help="Folder for one SSH transcript per PE (<host>.log)."),
]
WaitOption = Annotated[
    float | None,
    typer.Option(
        "--wait",
        help="Lab seconds to keep re-checking until everything passes "
        "(default: the lab's arp_sync_s budget; 0 checks once).",
    ),
]


class _ProgressProcessor:
    """Nornir processor: one Rich progress row per PE, showing the task it is running."""

    def __init__(self, progress: Progress, hosts: tuple[str, ...]) -> None:
        self.progress = progress
        self.rows: dict[str, TaskID] = {
            host: progress.add_task(f"{host}: waiting", total=None) for host in hosts
        }

    def _show(self, host: Host, text: str) -> None:
        if host.name in self.rows:
            self.progress.update(self.rows[host.name], description=f"{host.name}: {text}")

    def task_started(self, task: Task) -> None:
        return None

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        return None

    def task_instance_started(self, task: Task, host: Host) -> None:
        self._show(host, f"{task.name} ...")

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        self._show(host, f"{task.name} {'FAILED' if result.failed else 'done'}")

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        return None

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        return None


@contextmanager
def _session(lab: Lab, transcripts: Path | None) -> Iterator[tuple[Lab, Nornir]]:
    """Bring the lab up (simulator if needed), connect to both PEs, show progress; clean up.

    Raises:
        LabUnreachable: a PE could not be connected to (nothing was sent to either PE)
    """
    if starts_simulator(lab):
        console.print(
            f"[dim]{lab.name} is simulated: running against a fresh in-process simulator "
            "(its state ends with this command).[/]"
        )
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    journal = open_journal(lab)
    earlier = journal.outstanding()
    if earlier:
        err_console.print(
            f"{len(earlier)} change(s) of an earlier run are still outstanding on lab "
            f"{lab.name} ({journal.path}); `arpha restore --lab {lab.folder}` undoes them",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    with open_lab(lab) as live, progress:
        nr = open_nornir(live, transcripts=transcripts, journal=journal)
        try:
            open_sessions(nr, live.pair)
            yield live, nr.with_processors([_ProgressProcessor(progress, live.pair)])
        finally:
            nr.close_connections(on_good=True, on_failed=True)
            journal.compact()
    if transcripts is not None:
        console.print(f"[dim]Transcripts: {transcripts}/<host>.log[/]")


def _change_details(report: ChangeReport) -> list[str]:
    steps = report.plan.steps  # none when refused: the notes then say why
    lines = ["steps:", *(f"  {step.what}" for step in steps)] if steps else []
    if report.dry_run or report.committed:
        lines += ["commands:", *(f"  {command}" for command in report.commands)]
    if report.candidate.strip():
        lines += ["device candidate (display configuration candidate):"]
        lines += [f"  {line}" for line in report.candidate.splitlines()]
    return lines


def _render(outcome: PairOutcome, lab: Lab) -> None:
    table = Table(title=f"arpha {outcome.action}: lab {lab.name}")
    for column in ("PE", "result", "summary"):
        table.add_column(column, overflow="fold")
    for host in outcome.hosts:
        style = "green" if host.ok else "bold red"
        table.add_row(host.host, f"[{style}]{host.status}[/]", host.message)
    console.print(table)
    for host in outcome.hosts:
        body: list[str] = []
        report = host.report
        if isinstance(report, ChangeReport):
            body += _change_details(report)
        elif isinstance(report, VerifyReport):
            body += [
                check.report() if not check.passed else f"[PASS] {check.name}: {check.message}"
                for check in report.checks
            ]
        body += list(host.notes)
        if body:
            title = f"{host.host}: {outcome.action} {host.status}"
            border = "green" if host.ok else "red"
            console.print(
                Panel(Group(*body), title=title, border_style=border, expand=False), markup=False
            )
    verdict = "[green]OK[/]" if outcome.ok else "[bold red]FAILED[/]"
    console.print(f"{outcome.action}: {verdict}")


def _debug_log_path(transcripts: Path | None, command: str) -> Path:
    """Next to the transcripts when there are any, else in the temporary folder."""
    if transcripts is not None:
        return transcripts / "arpha-debug.log"
    return Path(tempfile.gettempdir()) / "arpha" / f"{command}-{datetime.now():%Y%m%d-%H%M%S}.log"


def _point_to(log: DebugLog) -> None:
    if log.written:
        err_console.print(f"Full errors: {log.path}", markup=False, highlight=False, soft_wrap=True)


def _run(
    lab_path: Path,
    transcripts: Path | None,
    action: Callable[[Nornir, Lab], PairOutcome],
    command: str,
    left: str,
) -> None:
    """Run `action` on the lab's pair and report; unreachable PEs are one line each.

    Args:
        command: the command's name, for messages and the debug log's name
        left: what an interrupted run may leave on the PEs
    """
    lab = load_or_exit(lab_path)
    shield.install()
    secrets = [host.password.get_secret_value() for host in lab.hosts.values()]
    with debug_log(_debug_log_path(transcripts, command), Redactor(secrets)) as log:
        try:
            with shield.at_risk(left), _session(lab, transcripts) as (live, nr):
                outcome = action(nr, live)
        except LabUnreachable as exc:
            for device in exc.devices:
                err_console.print(str(device), markup=False, highlight=False, soft_wrap=True)
            _point_to(log)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err_console.print(f"arpha {command}: interrupted: {left}", markup=False)
            raise typer.Exit(130) from None
        _render(outcome, live)
        if not outcome.ok:
            _point_to(log)
    raise typer.Exit(0 if outcome.ok else 1)


def _change_left(command: str, dry_run: bool, lab_path: Path) -> str:
    if dry_run:
        return "nothing (dry run)"
    return (
        f"{command} may be partly applied on the PE pair; check with arpha verify --lab {lab_path}"
    )


@app.command()
def configure(
    lab: LabOption = DEFAULT_LAB,
    dry_run: DryRunOption = False,
    take_over: TakeOverOption = False,
    transcripts: TranscriptsOption = None,
) -> None:
    """Configure ARP hot backup on both PEs (only what is missing); roll back on failure.

    Objects that exist with settings other than the lab's are refused (nothing is sent to
    either PE) unless --take-over.
    """
    _run(
        lab,
        transcripts,
        lambda nr, live: configure_pair(nr, live, dry_run=dry_run, take_over=take_over),
        "configure",
        _change_left("configure", dry_run, lab),
    )


@app.command()
def verify(
    lab: LabOption = DEFAULT_LAB,
    wait: WaitOption = None,
    transcripts: TranscriptsOption = None,
) -> None:
    """Check RBS, E-Trunk, RBP and the CE hosts' ARP entries on both PEs."""

    def action(nr: Nornir, live: Lab) -> PairOutcome:
        lab_seconds = live.settings.budgets.arp_sync_s if wait is None else wait
        return verify_pair(nr, live, Deadline.from_lab(live, lab_seconds))

    _run(lab, transcripts, action, "verify", "nothing (verify changes nothing)")


@app.command()
def teardown(
    lab: LabOption = DEFAULT_LAB,
    dry_run: DryRunOption = False,
    transcripts: TranscriptsOption = None,
) -> None:
    """Remove what configure adds from both PEs; the Eth-Trunk baseline and whatever is not
    the lab's stay (reported)."""
    _run(
        lab,
        transcripts,
        lambda nr, live: teardown_pair(nr, live, dry_run=dry_run),
        "teardown",
        _change_left("teardown", dry_run, lab),
    )
