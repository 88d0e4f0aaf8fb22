"""The commit hook writes the journal entry before any command of the change is sent."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.device.vrp import ConfigSession
from nornir_arpha.journal import Journal
from nornir_arpha.journal.store import read_records
from nornir_arpha.lab import Lab
from nornir_arpha.provision import open_lab
from nornir_arpha.tasks.pair import configure_pair, teardown_pair


def test_each_commit_is_journaled_with_its_inverse_before_it_is_sent(
    lab_v4: Lab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.jsonl"
    seen: list[tuple[str, list[str]]] = []
    send = ConfigSession.send

    def spy(session: ConfigSession, commands: Sequence[str]) -> None:
        begun = [r["entry"] for r in read_records(path) if r["op"] == "begin"]
        mine = [entry for entry in begun if entry["host"] == session.host]
        seen.append((session.host, mine[-1]["do"] if mine else []))
        send(session, commands)

    monkeypatch.setattr(ConfigSession, "send", spy)
    with open_lab(lab_v4) as live:
        journal = Journal(path)
        nr = open_nornir(live, journal=journal)
        try:
            configured = configure_pair(nr, live)
            assert configured.ok
            sent = {host.host: host.report.commands for host in configured.hosts if host.report}
            assert sorted(seen) == sorted(sent.items())  # the entry held exactly what was sent
            inverse = {e.host: e.undo for e in journal.outstanding()}
            for host in configured.hosts:
                assert host.report is not None
                assert list(inverse[host.host]) == host.report.plan.inverse().commands
            assert teardown_pair(nr, live).ok
        finally:
            nr.close_connections()
    # The teardown brought both PEs back to where the configure started: nothing outstanding.
    assert Journal(path).outstanding() == []
