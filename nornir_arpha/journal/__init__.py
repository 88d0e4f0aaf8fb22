"""The change journal (`store`): what the framework changed on a lab's PEs and has not yet
undone, kept outside the repository in a per-lab state folder; `arpha restore` replays it."""

from __future__ import annotations

from nornir_arpha.journal.store import Entry, Journal, journal_path, open_journal, state_dir

__all__ = ["Entry", "Journal", "journal_path", "open_journal", "state_dir"]
