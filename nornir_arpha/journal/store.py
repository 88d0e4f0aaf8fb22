"""The change journal: every change the framework makes to a PE, written before it is sent.

One JSON object per line, appended, flushed and fsync'ed before the change goes out, so a
run killed at any moment (SIGKILL included) leaves a journal that names what may still be in
effect. Records:

- `begin`: a new entry, before the change is sent: a config commit with the exact command
  lines that undo it (and the digest of the running config it was planned against), or a
  link/RBS shutdown with what restores it
- `done`: the commit landed (with the digest of the running config after it)
- `discarded`: the device refused it; nothing changed
- `undone`: it is no longer in effect (rolled back, restored, or torn down to the config it
  started from)

An entry is outstanding from `begin` until `discarded` or `undone`: a `begin` without `done`
is outstanding too, because the commit may have landed just before the writer died.

A commit entry is also closed when a later commit on the same PE brings its running config
back to the digest the entry started from (a rollback, a restore, or a teardown of what a
configure added): everything committed on that PE since is then undone as a whole.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from nornir_arpha.lab import Lab
from nornir_arpha.logs.redact import Redactor
from nornir_arpha.provision import starts_simulator

STATE_DIR_VARIABLE = "ARPHA_STATE_DIR"
JOURNAL_FILE = "journal.jsonl"

COMMIT = "commit"
SHUTDOWN = "shutdown"

BEGUN, DONE, UNDONE, DISCARDED = "begun", "done", "undone", "discarded"


def state_dir() -> Path:
    """`$ARPHA_STATE_DIR`, else `$XDG_STATE_HOME/nornir_arpha` (default `~/.local/state/...`)."""
    override = os.environ.get(STATE_DIR_VARIABLE)
    if override:
        return Path(override)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "nornir_arpha"


def lab_key(lab: Lab) -> str:
    """The lab's name and a short hash of its resolved folder: two copies of one lab (two
    `arpha sim --inventory-out` folders, say) are two labs."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", lab.name) or "lab"
    folder = str(lab.folder.resolve())
    return f"{name}-{hashlib.sha256(folder.encode()).hexdigest()[:10]}"


def journal_path(lab: Lab) -> Path:
    """Where the lab's journal lives: `<state dir>/labs/<lab key>/journal.jsonl`."""
    return state_dir() / "labs" / lab_key(lab) / JOURNAL_FILE


@dataclass(frozen=True)
class Entry:
    """One change to one PE.

    Attributes:
        id: unique across runs (`<run>-<sequence>`)
        run: the writing run (one `Journal` object)
        host: the PE
        kind: `commit` or `shutdown`
        what: for messages, e.g. "configure: 4 step(s)", "link Eth-Trunk10 shutdown"
        at: wall time of the `begin` record
        do: a commit's command lines (from the system view)
        undo: the command lines that undo it
        before: digest of the running config the commit started from
        toggle: a shutdown's kind, `link` or `rbs` (which task restores it)
        target: a shutdown's target (`Eth-Trunk10`, `remote-backup-service rbs1`)
        view: the view the shutdown was committed in
        state: `begun`, `done`, `undone` or `discarded`
        after: digest of the running config after the commit (once done)
        note: why it was closed
    """

    id: str
    run: str
    host: str
    kind: str
    what: str
    at: float
    do: tuple[str, ...] = ()
    undo: tuple[str, ...] = ()
    before: str = ""
    toggle: str = ""
    target: str = ""
    view: str = ""
    state: str = BEGUN
    after: str = ""
    note: str = ""

    @property
    def outstanding(self) -> bool:
        return self.state in (BEGUN, DONE)

    @property
    def label(self) -> str:
        """`PE1 #<id> configure: 4 step(s) (begun 12:00:01, commit not confirmed)`."""
        stamp = time.strftime("%H:%M:%S", time.localtime(self.at))
        status = "commit not confirmed" if self.state == BEGUN else self.state
        return f"{self.host} #{self.id} {self.what} ({stamp}, {status})"


class Journal:
    """The journal of one lab: a file, or memory only (see `open_journal`).

    Thread-safe (Nornir's workers write to it at once); appends are whole lines under an
    exclusive `flock`, so two processes on one lab interleave lines, never bytes.

    Args:
        path: the JSON-lines file (None: kept in memory only)
        secrets: strings that must never be written (the lab's passwords); masked
    """

    def __init__(self, path: Path | None, secrets: Iterable[str] = ()) -> None:
        self.path = path
        self.run = uuid.uuid4().hex[:8]
        self._redact = Redactor(secrets)
        self._lock = threading.Lock()
        self._sequence = 0
        self._entries: dict[str, Entry] = {}
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            for record in read_records(path):
                self._apply(record)

    # -- reading --------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every entry, in the order begun."""
        with self._lock:
            return list(self._entries.values())

    def outstanding(self, host: str | None = None, run: str | None = None) -> list[Entry]:
        """The entries still possibly in effect, in the order begun.

        Args:
            host: only this PE's
            run: only those this run wrote (e.g. `journal.run`)
        """
        return [
            entry
            for entry in self.entries()
            if entry.outstanding
            and (host is None or entry.host == host)
            and (run is None or entry.run == run)
        ]

    def get(self, entry_id: str) -> Entry:
        with self._lock:
            return self._entries[entry_id]

    # -- writing --------------------------------------------------------------------------

    def begin_commit(
        self, host: str, what: str, do: Iterable[str], undo: Iterable[str], before: str
    ) -> str:
        """Record a commit about to be sent, with its exact inverse.

        Returns:
            the entry's id
        """
        return self._begin(host, COMMIT, what, do=tuple(do), undo=tuple(undo), before=before)

    def begin_shutdown(self, host: str, toggle: str, target: str, view: str) -> str:
        """Record a `shutdown` about to be committed in `view`; `toggle` names the task that
        restores it (`link` or `rbs`).

        Returns:
            the entry's id
        """
        return self._begin(
            host, SHUTDOWN, f"{toggle} {target} shutdown", toggle=toggle, target=target, view=view
        )

    def done(self, entry_id: str, after: str = "") -> None:
        """The change landed; `after` is the digest of a commit's resulting running config.

        Closes the PE's outstanding commits back to one that started from `after` (derived
        from this one record when the journal is read, so a writer killed right after it
        cannot leave half of them closed).
        """
        self._write({"op": DONE, "id": entry_id, "after": after})

    def discarded(self, entry_id: str, why: str) -> None:
        """The device refused the change; the running config is as before."""
        self._write({"op": DISCARDED, "id": entry_id, "note": why})

    def undone(self, entry_id: str, why: str) -> None:
        """The change is no longer in effect."""
        self._write({"op": UNDONE, "id": entry_id, "note": why})

    def restored(self, host: str, view: str) -> None:
        """`undo shutdown` in `view` is confirmed by display: its shutdowns are undone."""
        for entry in self.outstanding(host):
            if entry.kind == SHUTDOWN and entry.view.casefold() == view.casefold():
                self.undone(entry.id, "restore confirmed by display")

    def compact(self) -> bool:
        """Empty the file when nothing is outstanding (re-read under the lock first, in case
        another process wrote meanwhile).

        Returns:
            whether nothing is outstanding
        """
        if self.path is None:
            return not self.outstanding()
        with self._lock, _locked(self.path) as fd:
            self._entries.clear()
            for record in read_records(self.path):
                self._apply(record)
            if any(entry.outstanding for entry in self._entries.values()):
                return False
            os.ftruncate(fd, 0)
            os.fsync(fd)
            self._entries.clear()
            return True

    def _begin(self, host: str, kind: str, what: str, **details: Any) -> str:
        with self._lock:
            self._sequence += 1
            entry_id = f"{self.run}-{self._sequence}"
        entry = Entry(entry_id, self.run, host, kind, what, time.time(), **details)
        self._write({"op": "begin", "entry": asdict(entry)})
        return entry_id

    def _write(self, record: dict[str, Any]) -> None:
        record = _masked(record, self._redact)
        line = (json.dumps(record, sort_keys=True) + "\n").encode()
        with self._lock:
            if self.path is not None:
                with _locked(self.path) as fd:
                    size = os.fstat(fd).st_size
                    if size and os.pread(fd, 1, size - 1) != b"\n":
                        line = b"\n" + line  # end a line a killed writer cut short
                    os.write(fd, line)
                    os.fsync(fd)
            self._apply(record)

    def _apply(self, record: dict[str, Any]) -> None:
        op = record.get("op")
        if op == "begin":
            data = dict(record["entry"])
            for name in ("do", "undo"):
                data[name] = tuple(data.get(name, ()))
            entry = Entry(**data)
            self._entries[entry.id] = entry
            return
        entry_id = record.get("id", "")
        if entry_id in self._entries and op in (DONE, UNDONE, DISCARDED):
            current = self._entries[entry_id]
            if not current.outstanding:
                return  # closed once already; a later record changes nothing
            after = record.get("after", current.after)
            self._entries[entry_id] = replace(
                current, state=op, after=after, note=record.get("note", current.note)
            )
            if op == DONE and after:
                self._close_back_to(current.host, after)

    def _close_back_to(self, host: str, digest: str) -> None:
        commits = [
            entry
            for entry in self._entries.values()
            if entry.host == host and entry.kind == COMMIT and entry.outstanding
        ]
        start = next((i for i, entry in enumerate(commits) if entry.before == digest), None)
        if start is None:
            return
        note = f"the running config is back to where #{commits[start].id} started"
        for entry in commits[start:]:
            self._entries[entry.id] = replace(entry, state=UNDONE, note=note)


def read_records(path: Path) -> list[dict[str, Any]]:
    """The journal's records; a line cut short by a killed writer (the last one) is skipped.

    Returns:
        the parsed records, in file order ([] when the file does not exist)
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    records = []
    for line in raw.splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


@contextmanager
def _locked(path: Path) -> Iterator[int]:
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)  # releases the lock


def _masked(value: Any, redact: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _masked(item, redact) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_masked(item, redact) for item in value]
    return value


def open_journal(lab: Lab) -> Journal:
    """The journal of `lab` (as loaded, before `open_lab`).

    A simulated lab with `port: 0` gets a fresh in-process simulator each run, which dies with
    the run: nothing it holds can outlive the process, so its journal is kept in memory only
    (it still drives the rollback of an interrupted configure). Every other lab's journal is
    the file `journal_path(lab)`.
    """
    secrets = [host.password.get_secret_value() for host in lab.hosts.values()]
    return Journal(None if starts_simulator(lab) else journal_path(lab), secrets)
