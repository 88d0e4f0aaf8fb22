"""`arpha`: the command-line tool. Each command group lives in its own module."""

from __future__ import annotations

import typer

from nornir_arpha.cli import device as device_commands
from nornir_arpha.cli import lab as lab_commands
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
app.command("run")(run_command.run)
app.add_typer(device_commands.app)  # configure, verify, teardown


def main() -> None:
    """Console-script entry point."""
    app()
