"""Undo what the journal says is outstanding, latest first, each undo confirmed by display:
`arpha restore`, and the rollback of a configure cut short by Ctrl-C or SIGTERM."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from nornir.core import Nornir
from nornir.core.task import Result, Task
from scrapli.driver import NetworkDriver

from nornir_arpha.device.runner import InterruptibleRunner
from nornir_arpha.device.session import with_connection
from nornir_arpha.device.vrp import DeviceError
from nornir_arpha.journal import Entry, Journal
from nornir_arpha.journal.store import SHUTDOWN
from nornir_arpha.lab import Lab
from nornir_arpha.plan import Edit, Plan, Step
from nornir_arpha.suite import shield
from nornir_arpha.tasks.change import apply_plan
from nornir_arpha.tasks.journaled import journal_of, nornir_journal, running_digest
from nornir_arpha.tasks.link import set_link_state
from nornir_arpha.tasks.polling import Deadline
from nornir_arpha.tasks.rbs import set_rbs_state
from nornir_arpha.tasks.results import run_on
from nornir_arpha.tasks.toggle import ToggleReport

logger = logging.getLogger(__name__)

# A link comes back within the lab's convergence budget; never wait less than this for it.
MIN_RESTORE_LAB_S = 10.0


def restore_deadline(lab: Lab) -> Deadline:
    """How long a link or RBS restore may take to be confirmed on `lab`."""
    return Deadline.from_lab(lab, max(lab.settings.budgets.convergence_s, MIN_RESTORE_LAB_S))


@dataclass(frozen=True)
class Undone:
    """The outcome of undoing one journal entry.

    Attributes:
        entry: the entry
        ok: it is no longer in effect (confirmed by display)
        message: how that was confirmed, or why not
    """

    entry: Entry
    ok: bool
    message: str

    @property
    def line(self) -> str:
        verdict = "undone" if self.ok else "NOT undone"
        return f"{self.entry.label}: {verdict}: {self.message}"


def _undo_commit(conn: NetworkDriver, journal: Journal, entry: Entry) -> Undone:
    host = entry.host
    if running_digest(conn, host) == entry.before:
        journal.undone(entry.id, "not in effect: the running config is as before it")
        return Undone(entry, True, "not in effect (the running config is as before it)")
    inverse = Plan((Step(f"undo #{entry.id}", Edit(None, entry.undo), Edit(None, entry.do)),))
    try:
        apply_plan(conn, host, inverse, False, journal, "restore")
    except DeviceError as exc:
        return Undone(entry, False, f"the inverse was refused and discarded: {exc}")
    # The commit's journal hook read the running config back: back to where the entry started
    # from, it closed the entry.
    if journal.get(entry.id).outstanding:
        return Undone(
            entry, False, "inverse committed, but the running config differs from before it"
        )
    return Undone(
        entry, True, f"inverse committed ({len(entry.undo)} line(s)); running config as before"
    )


def _undo_shutdown(task: Task, entry: Entry, deadline: Deadline) -> Undone:
    if entry.toggle == "link":
        # The journal lists only what a fault of ours shut: the Eth-Trunk, or a path port.
        result = set_link_state(task, entry.target, True, deadline, paths=(entry.target,))
    else:
        result = set_rbs_state(task, True, deadline)
    report = result.result
    if not isinstance(report, ToggleReport):
        return Undone(entry, False, str(report))
    # The toggle's journal hook closed the entry once the display confirmed it.
    return Undone(entry, report.confirmed, report.message)


def undo_entry(task: Task, entry: Entry, deadline: Deadline) -> Result:
    """Undo one outstanding journal entry on the task's host (a Nornir task).

    A commit: if the running config is as it was before the commit, it is not in effect
    (it never landed, or it was undone); otherwise its recorded inverse is committed and the
    running config must come back to exactly that. A shutdown: `undo shutdown`, confirmed
    by the display (interface UP, RBS TCP-State Connected).

    Args:
        task: the Nornir task of the entry's PE (its host data holds the journal)
        entry: the entry to undo
        deadline: how long a link or RBS may take to come back

    Returns:
        a Result whose `result` is an `Undone`; failed when it is still in effect
    """
    journal = journal_of(task.host)
    if journal is None:
        undone = Undone(entry, False, "no journal attached to the Nornir inventory")
    elif entry.kind == SHUTDOWN:
        undone = _undo_shutdown(task, entry, deadline)
    else:
        undone = with_connection(task, lambda conn: _undo_commit(conn, journal, entry))
    return Result(host=task.host, result=undone, failed=not undone.ok)


def undo_entries(nr: Nornir, lab: Lab, entries: list[Entry]) -> list[Undone]:
    """Undo `entries` one at a time, latest first across both PEs (a later change may rest
    on an earlier one of the peer: an RBS reconnects only while the peer's RBS exists).

    Args:
        nr: a Nornir over the lab, with the journal the entries come from
        lab: the lab (its pair and budgets)
        entries: outstanding entries, in the order begun

    Returns:
        one outcome per entry, in the order undone
    """
    journal = nornir_journal(nr)
    deadline = restore_deadline(lab)
    outcomes = []
    for entry in reversed(entries):
        if entry.host not in lab.pair:
            outcomes.append(Undone(entry, False, f"{entry.host} is not a PE of lab {lab.name}"))
            continue
        if journal is not None and not journal.get(entry.id).outstanding:
            outcomes.append(Undone(entry, True, "undone with a later entry"))
            continue
        try:
            outcomes.append(
                run_on(nr, entry.host, undo_entry, Undone, entry=entry, deadline=deadline)
            )
        except Exception as exc:
            outcomes.append(Undone(entry, False, f"{type(exc).__name__}: {exc}"))
    return outcomes


@contextmanager
def rolled_back_on_interrupt(nr: Nornir, lab: Lab, action: str) -> Iterator[None]:
    """On Ctrl-C or SIGTERM inside the block, undo what this run's journal recorded (shielded:
    a first signal waits for it, a second one ends at once), then let the interrupt go on.

    Nornir's workers carry on after the caller is interrupted; they are waited for first
    (within the lab's command timeout), so a commit they still make is undone too.

    Args:
        nr: the Nornir with the lab's journal (without one, nothing is undone)
        lab: the lab
        action: what was interrupted, for messages
    """
    journal = nornir_journal(nr)
    try:
        yield
    except KeyboardInterrupt:
        if journal is None:
            raise
        left = f"{action} may be partly applied on {', '.join(lab.pair)}"
        with shield.shielded(left):
            if isinstance(nr.runner, InterruptibleRunner):
                nr.runner.settle(lab.settings.budgets.command_timeout_s)
            pending = journal.outstanding(run=journal.run)
            shield.announce(f"arpha: {action} interrupted: undoing {len(pending)} change(s)")
            for undone in undo_entries(nr, lab, pending):
                shield.announce(f"arpha: {undone.line}")
        raise
