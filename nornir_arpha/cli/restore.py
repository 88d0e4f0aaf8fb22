"""`arpha restore`: undo what the lab's change journal says is still outstanding.

A run killed at any moment (SIGKILL, a lost CI runner) may leave links shut or the hot
backup configured; its journal names each such change with its exact inverse. This command
undoes them, latest first, confirms each by display (the running config back to what it was
before the change, the interface UP, the RBS Connected), then empties the journal. With
nothing outstanding it does nothing and exits 0.
"""

from __future__ import annotations

import typer

from nornir_arpha.cli.common import DEFAULT_LAB, LabOption, console, err_console, load_or_exit
from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.device.session import LabUnreachable, open_sessions
from nornir_arpha.journal import open_journal
from nornir_arpha.provision import open_lab, starts_simulator
from nornir_arpha.suite import shield
from nornir_arpha.tasks.replay import undo_entries


def _say(line: str, error: bool = False) -> None:
    (err_console if error else console).print(line, markup=False, highlight=False, soft_wrap=True)


def restore(lab: LabOption = DEFAULT_LAB) -> None:
    """Undo the changes a killed or failed run left on the lab's PEs (from its journal)."""
    loaded = load_or_exit(lab)
    if starts_simulator(loaded):
        _say(
            f"lab {loaded.name} starts a fresh simulator for every run (port 0): its journal "
            "lives in memory for that run only, so nothing can be outstanding"
        )
        raise typer.Exit(0)
    journal = open_journal(loaded)
    pending = journal.outstanding()
    if not pending:
        journal.compact()
        _say(f"lab {loaded.name}: nothing outstanding ({journal.path})")
        raise typer.Exit(0)
    _say(f"lab {loaded.name}: {len(pending)} outstanding change(s) in {journal.path}:")
    for entry in pending:
        _say(f"  {entry.label}")
    shield.install()
    hosts = tuple(dict.fromkeys(entry.host for entry in pending if entry.host in loaded.pair))
    with (
        shield.at_risk(f"changes of lab {loaded.name} may be half undone"),
        open_lab(loaded) as live,
    ):
        nr = open_nornir(live, journal=journal)
        try:
            open_sessions(nr, hosts)
            outcomes = undo_entries(nr, live, pending)
        except LabUnreachable as exc:
            for device in exc.devices:
                _say(f"{device}: its changes stay outstanding", error=True)
            raise typer.Exit(1) from None
        finally:
            nr.close_connections(on_good=True, on_failed=True)
    for undone in outcomes:
        _say(undone.line, error=not undone.ok)
    failed = [undone for undone in outcomes if not undone.ok]
    for host in loaded.pair:
        mine = [undone for undone in outcomes if undone.entry.host == host]
        bad = [undone for undone in mine if not undone.ok]
        verdict = f"{len(bad)} NOT undone" if bad else "restored"
        _say(f"{host}: {len(mine)} change(s): {verdict}", error=bool(bad))
    if failed or not journal.compact():
        names = ", ".join(f"{u.entry.host} #{u.entry.id} {u.entry.what}" for u in failed)
        _say(f"restore FAILED: still outstanding: {names or 'see the journal'}", error=True)
        raise typer.Exit(1)
    _say(f"restored; journal emptied ({journal.path})")
