"""Lab reservations: one run per lab at a time, and who holds which lab.

A lab is reserved while a run uses it. Two backends:

- a lock file in the lab folder (`file_lock`): the default, for runs on one machine that
  share the lab folder;
- PostgreSQL advisory locks (`postgres`): when the run history is a `postgresql://` URL
  (`--history`, else `$ARPHA_HISTORY`), so every runner of a team that shares the history
  sees the reservations; a crashed holder's lock goes with its database connection.

A simulated lab that starts its own simulator (ports 0) belongs to its run and is not
reserved.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from nornir_arpha.lab import Lab
from nornir_arpha.reservations.file_lock import LabLocked, LockUnusable, file_holder, lab_lock
from nornir_arpha.reservations.holder import PIPELINE_VARIABLES, Holder

logger = logging.getLogger(__name__)

__all__ = [
    "PIPELINE_VARIABLES",
    "FileReservations",
    "Holder",
    "LabLocked",
    "LockUnusable",
    "Reservations",
    "lab_identity",
    "open_reservations",
    "reservation_location",
]


class Reservations(Protocol):
    """Where runs reserve labs."""

    kind: str

    def reserve(self, lab: Lab, wait_s: float) -> AbstractContextManager[float]:
        """Hold `lab` for the block (yields the seconds waited).

        Raises: LabLocked: another run holds it after `wait_s`, named."""
        ...

    def holders(self, folders: Sequence[Path]) -> list[Holder]:
        """Who holds the labs in `folders` (for a shared database: any lab) now.

        Raises: LabLocked: the reservations cannot be read (a database out of reach)."""
        ...


def lab_identity(lab: Lab) -> str:
    """What makes two lab folders (e.g. in two checkouts) the same lab: its name and where
    its PEs are reached."""
    endpoints = sorted(f"{lab.pe(pe).hostname}:{lab.pe(pe).port}" for pe in lab.pair)
    return f"{lab.name}@{','.join(endpoints)}"


class FileReservations:
    """A lock file in each lab folder (`.arpha.lock`)."""

    kind = "file"

    def reserve(self, lab: Lab, wait_s: float) -> AbstractContextManager[float]:
        return lab_lock(lab.folder, wait_s=wait_s, lab=lab.name)

    def holders(self, folders: Sequence[Path]) -> list[Holder]:
        """The holders of the folders' lock files, each named by its folder."""
        held = [(folder, file_holder(folder)) for folder in folders]
        return [replace(h, lab=folder.name) for folder, h in held if h is not None]


class _DatabaseReservations:
    """Advisory locks in a PostgreSQL database (imported only when one is configured)."""

    kind = "postgresql"

    def __init__(self, url: str) -> None:
        from nornir_arpha.reservations.postgres import PgReservations

        self._db = PgReservations(url)

    def reserve(self, lab: Lab, wait_s: float) -> AbstractContextManager[float]:
        return self._db.hold(lab_identity(lab), lab.name, wait_s=wait_s)

    def holders(self, folders: Sequence[Path]) -> list[Holder]:
        return self._db.holders()


def reservation_location(history: str | None) -> str | None:
    """The history that reservations follow: `--history`, else `$ARPHA_HISTORY`."""
    return history or os.environ.get("ARPHA_HISTORY") or None


def is_postgresql(where: str | None) -> bool:
    return bool(where) and str(where).split("://", 1)[0].split("+")[0] in ("postgresql", "postgres")


def open_reservations(where: str | None) -> Reservations:
    """PostgreSQL advisory locks when `where` is a `postgresql://` URL, else lock files."""
    if where is not None and is_postgresql(where):
        return _DatabaseReservations(where)
    return FileReservations()
