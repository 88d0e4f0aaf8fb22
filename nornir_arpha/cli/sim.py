"""`arpha sim`: run a simulated lab until Ctrl-C, SIGTERM or `arpha sim --stop`.

With `--inventory-out DIR` it writes a runnable copy of the lab whose PEs carry the bound
ports, so that later commands (`arpha configure --lab DIR`, `pytest --lab DIR`) connect to
this simulator and its state carries from one command to the next. `--detach` serves from a
background process and returns once the lab answers.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.table import Table

from nornir_arpha.cli.common import (
    DEFAULT_LAB,
    DefectsOption,
    LabOption,
    console,
    err_console,
    load_or_exit,
)
from nornir_arpha.lab import Lab
from nornir_arpha.lab.loader import INVENTORY_FILES, LAB_FILE
from nornir_arpha.provision import personality_error, uses_simulated_tester
from nornir_arpha.sim import SimLab
from nornir_arpha.sim.defects import DESCRIPTIONS
from nornir_arpha.sim.personality import PERSONALITIES
from nornir_arpha.tasks.polling import Deadline, poll

# In an inventory written by --inventory-out: who serves it (pid, endpoints).
SERVER_FILE = ".arpha-sim.json"
DETACH_READY_S = 30.0
DETACH_POLL_S = 0.05
STOP_WAIT_S = 10.0

InventoryOutOption = Annotated[
    Path | None,
    typer.Option(
        "--inventory-out",
        help="Write a runnable copy of the lab with the bound ports to this folder.",
    ),
]


def sim(
    lab_path: LabOption = DEFAULT_LAB,
    defects: DefectsOption = None,
    inventory_out: InventoryOutOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print where each PE listens as JSON.")
    ] = False,
    detach: Annotated[
        bool,
        typer.Option(
            "--detach",
            help="Serve from a background process; return once it answers (needs "
            "--inventory-out, which `arpha sim --stop` takes).",
        ),
    ] = False,
    stop: Annotated[
        Path | None,
        typer.Option(
            "--stop", metavar="INVENTORY", help="Stop the simulator serving this inventory."
        ),
    ] = None,
    personality: Annotated[
        str | None,
        typer.Option(
            "--personality",
            metavar="NAME",
            help="The firmware personality to play (default: the lab's simulation.personality).",
        ),
    ] = None,
    list_personalities: Annotated[
        bool, typer.Option("--list-personalities", help="List the personalities and exit.")
    ] = False,
) -> None:
    """Serve the lab's simulated PEs over SSH; print where and how to log in."""
    if list_personalities:
        for record in PERSONALITIES.values():
            console.print(f"{record.name}: {record.summary}", highlight=False)
        return
    if stop is not None:
        _stop(stop)
        return
    problem = None if personality is None else personality_error(personality)
    if problem is not None:
        err_console.print(f"[bold red]--personality:[/] {problem}", highlight=False)
        raise typer.Exit(2)
    lab = load_or_exit(lab_path).with_defects(defects or []).with_personality(personality)
    if not lab.simulated:
        err_console.print(f"[bold red]Lab {lab_path} is not simulated[/] (simulation.enabled).")
        raise typer.Exit(2)
    if detach:
        if inventory_out is None:
            err_console.print("[red]--detach needs --inventory-out DIR[/] (later commands use it)")
            raise typer.Exit(2)
        _detach(lab, defects or [], inventory_out)
        return
    try:
        asyncio.run(_serve(lab, inventory_out, as_json))
    except OSError as exc:
        err_console.print(f"[bold red]Cannot start the simulator:[/] {exc}")
        raise typer.Exit(1) from None


def _shown_password(password: str) -> str:
    """The password, unless the environment holds it: such a password is a secret."""
    return "(from the environment)" if password in os.environ.values() else password


def write_inventory(
    lab: Lab, endpoints: dict[str, tuple[str, int]], folder: Path, tester: str | None = None
) -> None:
    """A copy of `lab` in `folder` whose hosts point at `endpoints`, and whose OTG tester is
    at `tester` when the lab uses the simulator's (credentials stay as the lab writes them:
    `${VAR}` references remain references)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in (*INVENTORY_FILES, LAB_FILE):
        source = lab.folder / name
        if source.is_file():
            (folder / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    hosts_file = folder / "hosts.yaml"
    hosts: dict[str, Any] = yaml.safe_load(hosts_file.read_text(encoding="utf-8"))
    for name, (address, port) in endpoints.items():
        hosts[name].update(hostname=address, port=port)
    header = (
        f"# Written by `arpha sim --inventory-out`: PEs of lab {lab.name} on their bound ports.\n"
    )
    hosts_file.write_text(header + yaml.safe_dump(hosts, sort_keys=False), encoding="utf-8")
    if tester is not None and uses_simulated_tester(lab):
        lab_file = folder / LAB_FILE
        settings: dict[str, Any] = yaml.safe_load(lab_file.read_text(encoding="utf-8"))
        settings["traffic"]["otg"]["location"] = tester
        header = "# Written by `arpha sim --inventory-out`: the simulator's OTG endpoint.\n"
        lab_file.write_text(header + yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")


def _endpoints_json(lab: Lab, simulator: SimLab, inventory: Path | None) -> str:
    devices = {
        name: {
            "host": host,
            "port": port,
            "username": simulator.credentials(name).username,
            "password": _shown_password(simulator.credentials(name).password),
        }
        for name, (host, port) in simulator.endpoints.items()
    }
    body = {
        "lab": lab.name,
        "pid": os.getpid(),
        "inventory": str(inventory.resolve()) if inventory else None,
        "defects": sorted(simulator.defects),
        "devices": devices,
        "otg": simulator.otg_location if uses_simulated_tester(lab) else None,
    }
    return json.dumps(body, indent=2)


async def _serve(lab: Lab, inventory: Path | None, as_json: bool) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with SimLab(lab) as simulator:
        described = _endpoints_json(lab, simulator, inventory)
        if inventory is not None:
            write_inventory(lab, simulator.endpoints, inventory, simulator.otg_location)
            (inventory / SERVER_FILE).write_text(described + "\n", encoding="utf-8")
        if as_json:
            print(described, flush=True)
        else:
            _print_table(lab, simulator, inventory)
        try:
            await stop.wait()
        finally:
            if inventory is not None:
                (inventory / SERVER_FILE).unlink(missing_ok=True)
    if not as_json:
        console.print("Simulator stopped.")


def _print_table(lab: Lab, simulator: SimLab, inventory: Path | None) -> None:
    table = Table(title=f"Simulated lab {lab.name}")
    for column in ("device", "address", "username", "password"):
        table.add_column(column)
    for name, (host, port) in simulator.endpoints.items():
        login = simulator.credentials(name)
        table.add_row(name, f"{host}:{port}", login.username, _shown_password(login.password))
    console.print(table)
    if uses_simulated_tester(lab):
        console.print(f"OTG traffic generator: {simulator.otg_location}", highlight=False)
    for defect in sorted(simulator.defects):
        console.print(f"Injected defect {defect}: {DESCRIPTIONS[defect]}", highlight=False)
    if inventory is not None:
        console.print(f"Inventory: {inventory} (use --lab {inventory})", highlight=False)
    console.print("Serving; Ctrl-C or SIGTERM stops.", highlight=False)


def _detach(lab: Lab, defects: list[str], inventory: Path) -> None:
    """Serve `lab` from a new background process; return once its inventory is written."""
    marker = inventory / SERVER_FILE
    marker.unlink(missing_ok=True)
    argv = ["sim", "--lab", str(lab.folder), "--inventory-out", str(inventory)]
    argv += [f"--defect={name}" for name in defects]
    argv.append(f"--personality={lab.settings.simulation.personality}")
    inventory.mkdir(parents=True, exist_ok=True)
    with (inventory / "arpha-sim.log").open("ab") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "nornir_arpha.cli", *argv],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,  # Ctrl-C in this terminal must not stop it
        )
    started = poll(
        lambda: marker.is_file() or child.poll() is not None,
        bool,
        Deadline(DETACH_READY_S, DETACH_POLL_S),
    )
    if not marker.is_file():
        child.kill()
        err_console.print(
            f"[red]The simulator did not start[/] (waited {started.elapsed_s:.1f}s); its log: "
            f"{inventory / 'arpha-sim.log'}"
        )
        raise typer.Exit(1)
    console.print(
        f"Simulator running (pid {child.pid}, ready in {started.elapsed_s:.1f}s); "
        f"use --lab {inventory}; "
        f"stop it with `arpha sim --stop {inventory}`",
        highlight=False,
    )


def _stop(inventory: Path) -> None:
    marker = inventory / SERVER_FILE
    try:
        pid = int(json.loads(marker.read_text(encoding="utf-8"))["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        err_console.print(f"[red]No simulator serves {inventory}[/] ({marker} is missing)")
        raise typer.Exit(1) from None
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        marker.unlink(missing_ok=True)
        console.print(f"The simulator of {inventory} (pid {pid}) had already ended.")
        return
    ended = poll(lambda: not marker.is_file(), bool, Deadline(STOP_WAIT_S, DETACH_POLL_S))
    if not ended.met:
        err_console.print(f"[red]The simulator (pid {pid}) did not stop[/] in {STOP_WAIT_S:.0f}s")
        raise typer.Exit(1)
    console.print(
        f"Simulator of {inventory} (pid {pid}) stopped in {ended.elapsed_s:.1f}s.", highlight=False
    )
