"""One run per lab at a time on one machine: an advisory file lock that says who holds it."""

from __future__ import annotations

import fcntl
import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from nornir_arpha.reservations.holder import Holder

logger = logging.getLogger(__name__)


class LabLocked(Exception):
    """Another run holds the lab; the message names it."""


class LockUnusable(LabLocked):
    """The lock file cannot be opened or locked; the message names it and what to do.

    A LabLocked, so whoever stops a run on a held lab stops it on this too.
    """


def lock_path(lab_folder: Path) -> Path:
    """Where the lock of a lab lives: inside the lab folder, so every checkout of it shares it."""
    return lab_folder.resolve() / ".arpha.lock"


@contextmanager
def lab_lock(
    lab_folder: Path, *, wait_s: float, poll_s: float = 0.5, lab: str = ""
) -> Iterator[float]:
    """Hold the lab's lock for the duration of the block.

    Args:
        lab_folder: the lab folder
        wait_s: how long to wait for another run to finish before giving up
        poll_s: how often to retry while waiting
        lab: the lab's name, written with the holder (`arpha labs` shows it)

    Yields:
        seconds spent waiting for the lock

    Raises:
        LabLocked: still held by another run after `wait_s`
        LockUnusable: the lock file cannot be opened or locked (a directory in its place,
            no write permission, a file system without locks)
    """
    path = lock_path(lab_folder)
    started = time.monotonic()
    try:
        handle: IO[str] = path.open("a+", encoding="utf-8")
    except OSError as exc:
        raise _unusable(path, exc) from None
    try:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - started
                if waited >= wait_s:
                    holder = _holder(path)
                    named = holder.describe() if holder is not None else "another run"
                    raise LabLocked(
                        f"lab {lab_folder} is in use by {named}; waited {waited:.1f}s. "
                        "Wait for that run to finish, or raise --lock-wait."
                    ) from None
                time.sleep(min(poll_s, wait_s - waited))
            except OSError as exc:
                raise _unusable(path, exc) from None
        waited = time.monotonic() - started
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(Holder.me(lab or lab_folder.name).to_mapping()))
        handle.flush()
        yield waited
    finally:
        handle.close()  # closing the descriptor releases the lock


def file_holder(lab_folder: Path) -> Holder | None:
    """The run holding the lab's lock file now, if any (`arpha labs`)."""
    path = lock_path(lab_folder)
    try:
        with path.open("r", encoding="utf-8") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return _holder(path) or Holder.from_mapping(
                    {"pid": 0, "user": "?", "host": "?", "since": "?", "lab": lab_folder.name}
                )
            return None  # nobody holds it: what the file says is an earlier run's
    except OSError:
        return None


def _unusable(path: Path, exc: OSError) -> LockUnusable:
    if isinstance(exc, IsADirectoryError):
        problem = "is a directory, not a lock file; remove it (the lock file only says who runs)"
    elif isinstance(exc, PermissionError):
        problem = "cannot be written (permission denied); let this user write the lab folder"
    else:
        problem = f"cannot be used ({exc.strerror or exc}); remove it, or fix the lab folder"
    return LockUnusable(f"the lock file of the lab, {path}, {problem}, then run again.")


def _holder(path: Path) -> Holder | None:
    try:
        return Holder.from_mapping(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
