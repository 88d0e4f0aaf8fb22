"""The journal hooks of the two ways the tasks change a PE: a planned commit (`apply_plan`)
and a shut/un-shut (`toggle`). Nothing else writes to the journal.

The journal travels in each host's data (`open_nornir(lab, journal=...)`); without one the
hooks do nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from nornir.core import Nornir
from nornir.core.inventory import Host
from scrapli.driver import NetworkDriver

from nornir_arpha.device.inventory import JOURNAL_KEY
from nornir_arpha.device.vrp import RUNNING_COMMAND, DeviceError, config_lines, display
from nornir_arpha.journal import Journal
from nornir_arpha.plan import Plan


def journal_of(host: Host) -> Journal | None:
    """The journal `open_nornir` put in the host's data, if any."""
    journal = host.data.get(JOURNAL_KEY)
    return journal if isinstance(journal, Journal) else None


def nornir_journal(nr: Nornir) -> Journal | None:
    """The journal of a Nornir's hosts (one per lab), if any."""
    for host in nr.inventory.hosts.values():
        journal = journal_of(host)
        if journal is not None:
            return journal
    return None


def running_digest(conn: NetworkDriver, host: str) -> str:
    """A digest of the configuration lines of `display current-configuration` (comments,
    which change without the configuration changing, left out)."""
    lines = config_lines(display(conn, host, RUNNING_COMMAND))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@contextmanager
def journaled_commit(
    journal: Journal | None, conn: NetworkDriver, host: str, action: str, plan: Plan
) -> Iterator[None]:
    """Around sending and committing `plan`: the entry (with the plan's inverse) is written
    first; a refusal marks it discarded, a commit done. Anything else (a dropped session,
    an interrupt) leaves it begun: the commit may have landed.
    """
    if journal is None:
        yield
        return
    entry = journal.begin_commit(
        host,
        f"{action}: {len(plan.steps)} step(s)",
        plan.commands,
        plan.inverse().commands,
        running_digest(conn, host),
    )
    try:
        yield
    except DeviceError as exc:
        journal.discarded(entry, str(exc))
        raise
    journal.done(entry, running_digest(conn, host))


@contextmanager
def journaled_shutdown(
    journal: Journal | None, host: str, toggle: str, target: str, view: str, shut: bool
) -> Iterator[None]:
    """Around committing `shutdown` in `view` (`shut`; otherwise nothing is recorded: an
    `undo shutdown` is a restore, recorded by `journal.restored` once confirmed).

    Args:
        toggle: which task restores it, `link` or `rbs`
    """
    if journal is None or not shut:
        yield
        return
    entry = journal.begin_shutdown(host, toggle, target, view)
    try:
        yield
    except DeviceError as exc:
        journal.discarded(entry, str(exc))
        raise
    journal.done(entry)
