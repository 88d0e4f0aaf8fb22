"""`arpha`: the command-line tool. Each command group lives in its own module."""

from __future__ import annotations

from importlib.metadata import version
from typing import Annotated

import typer

from nornir_arpha.cli import device as device_commands
from nornir_arpha.cli import history_commands
from nornir_arpha.cli import lab as lab_commands
from nornir_arpha.cli import labs as labs_command
from nornir_arpha.cli import restore as restore_command
from nornir_arpha.cli import run as run_command
from nornir_arpha.cli import sim as sim_commands

app = typer.Typer(
    name="arpha",
    help="Lab tests for Huawei VRP8 ARP dual-device hot backup (E-Trunk active-active).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(lab_commands.app, name="lab")
app.command("sim")(sim_commands.sim)
app.command("run", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(
    run_command.run
)
app.add_typer(device_commands.app)  # configure, verify, teardown
app.command("restore")(restore_command.restore)
app.command("labs")(labs_command.labs)
app.command("history")(history_commands.history)
app.command("compare")(history_commands.compare)


def _version(show: bool) -> None:
    if show:
        typer.echo(f"arpha (nornir_arpha) {version('nornir_arpha')}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Lab tests for Huawei VRP8 ARP dual-device hot backup (E-Trunk active-active)."""


def main() -> None:
    """Console-script entry point."""
    app()
