"""The journal file: records, outstanding entries, the closing rule, and a killed writer."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nornir_arpha.journal import Journal, journal_path, open_journal, state_dir
from nornir_arpha.lab import Lab


def _commit(journal: Journal, host: str, before: str) -> str:
    return journal.begin_commit(host, "configure: 1 step(s)", ["rbs"], ["undo rbs"], before)


def test_an_entry_is_outstanding_from_begin_until_undone_or_discarded(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.jsonl")
    begun = _commit(journal, "PE1", "B0")
    refused = _commit(journal, "PE2", "C0")
    shut = journal.begin_shutdown("PE1", "link", "Eth-Trunk10", "interface Eth-Trunk10")
    journal.discarded(refused, "Error: refused")
    journal.done(shut)
    # A begin without done stays outstanding: the commit may have landed before a crash.
    assert [e.id for e in journal.outstanding()] == [begun, shut]
    journal.restored("PE1", "interface eth-trunk10")
    assert [e.id for e in journal.outstanding()] == [begun]
    # Another reader of the file sees the same.
    assert [e.id for e in Journal(tmp_path / "j.jsonl").outstanding()] == [begun]


def test_a_commit_back_to_where_an_entry_started_closes_it_and_everything_since(
    tmp_path: Path,
) -> None:
    journal = Journal(tmp_path / "j.jsonl")
    configure = _commit(journal, "PE1", "B0")
    journal.done(configure, "B1")
    other_pe = _commit(journal, "PE2", "B0")
    journal.done(other_pe, "B1")
    teardown = _commit(journal, "PE1", "B1")
    assert len(journal.outstanding("PE1")) == 2
    journal.done(teardown, "B0")
    assert journal.outstanding("PE1") == []
    assert [e.id for e in journal.outstanding()] == [other_pe]
    # One record closes them all: a writer killed after it cannot leave half of them open.
    assert (tmp_path / "j.jsonl").read_text().count('"op": "undone"') == 0
    assert [e.id for e in Journal(tmp_path / "j.jsonl").outstanding()] == [other_pe]


def test_every_line_is_json_and_secrets_are_never_written(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    journal = Journal(path, secrets=["s3cret-pw"])
    entry = journal.begin_commit("PE1", "x", ["local-user a password s3cret-pw"], [], "B0")
    journal.done(entry, "B1")
    text = path.read_text()
    assert "s3cret-pw" not in text
    assert [json.loads(line)["op"] for line in text.splitlines()] == ["begin", "done"]


def test_a_line_cut_short_is_skipped_and_compact_empties_only_a_settled_journal(
    tmp_path: Path,
) -> None:
    path = tmp_path / "j.jsonl"
    journal = Journal(path)
    entry = _commit(journal, "PE1", "B0")
    with path.open("a") as file:
        file.write('{"op": "undone", "id": "')  # a writer killed mid-line
    assert [e.id for e in Journal(path).outstanding()] == [entry]
    assert not journal.compact()
    journal.undone(entry, "restored")
    assert journal.compact()
    assert path.read_bytes() == b""
    assert Journal(path).outstanding() == []


def test_lines_written_survive_a_writer_killed_with_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    writer = textwrap.dedent(
        f"""
        import sys, threading
        from pathlib import Path
        from nornir_arpha.journal import Journal
        journal = Journal(Path({str(path)!r}))
        for n in range(20):
            entry = journal.begin_commit("PE1", f"c{{n}}", ["a"], ["undo a"], f"B{{n}}")
            if n % 2:
                journal.undone(entry, "restored")
        print("written", flush=True)
        threading.Event().wait()  # killed here, without any exit handler
        """
    )
    child = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "written"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    outstanding = Journal(path).outstanding()
    assert [entry.what for entry in outstanding] == [f"c{n}" for n in range(0, 20, 2)]


def test_the_state_folder_and_the_lab_key(
    lab_v4: Lab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARPHA_STATE_DIR", str(tmp_path / "state"))
    assert state_dir() == tmp_path / "state"
    path = journal_path(lab_v4)
    assert path.parent.parent == tmp_path / "state" / "labs"
    assert path.parent.name.startswith(f"{lab_v4.name}-")
    monkeypatch.delenv("ARPHA_STATE_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert state_dir() == tmp_path / "xdg" / "nornir_arpha"


def test_a_lab_that_starts_its_own_simulator_keeps_its_journal_in_memory(lab_v4: Lab) -> None:
    # Its simulator dies with the run: nothing it holds can be outstanding afterwards.
    assert open_journal(lab_v4).path is None
