"""An unreachable lab is one error at setup, and a second Ctrl-C stops at once (status 130)."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

import pytest

from nornir_arpha.tasks.polling import Deadline, poll
from tests.plugin.conftest import ExternalLab, edit_settings, start_suite
from tests.plugin.test_signals import FAILOVER, _trunk_shut
from tests.tasks.test_unreachable import ARPHA, LOOPBACK, unreachable_lab

WAIT_S = 60.0


def test_an_unreachable_lab_is_one_error_and_the_rest_is_not_run(tmp_path: Path) -> None:
    lab = unreachable_lab(tmp_path)
    artifacts = tmp_path / "artifacts"
    suite = start_suite(lab, artifacts, "nornir_arpha/testcases")
    output, _ = suite.communicate(timeout=120)
    assert suite.returncode == 1, output
    assert "Traceback" not in output
    assert output.count("ERROR at setup") == 1, output
    assert "lab sim unreachable (full errors: " in output
    for pe in ("PE1", "PE2"):
        assert f"{pe} ({LOOPBACK}:" in output and "connection refused" in output
    cases = list(ElementTree.parse(artifacts / "junit.xml").getroot().iter("testcase"))
    outcomes = [child.tag for case in cases for child in case]
    assert outcomes.count("error") == 1
    assert outcomes.count("skipped") == len(cases) - 1
    assert "Traceback" in (artifacts / "debug.log").read_text()


class Lines:
    """A process's output, read line by line in a thread, so a test can wait for a line."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.seen: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        assert process.stdout is not None
        self._reader = threading.Thread(target=self._read, args=(process.stdout,), daemon=True)
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line)

    def wait_for(self, text: str) -> bool:
        def read() -> bool:
            with suppress(queue.Empty):
                self.seen.append(self._lines.get(timeout=0.1))
            return any(text in line for line in self.seen)

        return poll(read, bool, Deadline(timeout_s=WAIT_S, interval_s=0.01)).met

    def rest(self) -> str:
        """The whole output, once the process has ended."""
        self._reader.join(timeout=WAIT_S)
        while not self._lines.empty():
            self.seen.append(self._lines.get())
        return "".join(self.seen)


@contextmanager
def frozen(lab: ExternalLab) -> Iterator[None]:
    """The simulator's event loop held: every PE still accepts TCP but answers nothing."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        held.set()
        release.wait(WAIT_S)

    holder = threading.Thread(target=lambda: lab.sim.call(hold, timeout=2 * WAIT_S))
    holder.start()
    try:
        assert held.wait(WAIT_S)
        yield
    finally:
        release.set()
        holder.join(timeout=2 * WAIT_S)


def interrupt_twice(process: subprocess.Popen[str], lines: Lines, wait_for: str) -> str:
    """SIGINT, then once `wait_for` shows, SIGINT again; the whole output."""
    try:
        process.send_signal(signal.SIGINT)
        assert lines.wait_for(wait_for), "".join(lines.seen)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=WAIT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return lines.rest()


@pytest.mark.destructive
def test_a_second_ctrl_c_during_a_restore_stops_at_once_naming_the_link(
    external_lab: ExternalLab, tmp_path: Path
) -> None:
    # Frozen PEs time out fast; a wide convergence budget holds the fault (the tester waits it
    # out) well past the moment the simulator is frozen, however loaded the machine.
    edit_settings(external_lab, "budgets", command_timeout_s=2.0, convergence_s=30.0)
    suite = start_suite(external_lab.folder, tmp_path / "artifacts", f"{FAILOVER}[PE1]")
    lines = Lines(suite)
    faulted = poll(lambda: _trunk_shut(external_lab, "PE1"), bool, Deadline(WAIT_S, 0.02))
    assert faulted.met, "".join(lines.seen)
    with frozen(external_lab):  # the restore cannot finish before the second Ctrl-C
        output = interrupt_twice(suite, lines, "arpha: restoring first")
    trunk = external_lab.lab.intent("PE1").eth_trunk.name
    assert suite.returncode == 130, output
    assert "Traceback" not in output
    assert f"arpha: stopped at once by a second SIGINT: PE1 {trunk} may still be shut" in output


def test_a_second_ctrl_c_stops_the_cli_at_once(tmp_path: Path) -> None:
    with socket.socket() as listener:  # accepts, never answers: the CLI waits in the open
        listener.bind((LOOPBACK, 0))
        listener.listen(8)
        listener.settimeout(WAIT_S)
        lab = unreachable_lab(tmp_path, port=listener.getsockname()[1], budget_s=WAIT_S)
        cli = subprocess.Popen(
            [*ARPHA, "configure", "--lab", str(lab)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "COLUMNS": "200"},
        )
        lines = Lines(cli)
        sessions = [listener.accept()[0] for _ in ("PE1", "PE2")]
        output = interrupt_twice(cli, lines, "SIGINT received")
        for session in sessions:
            session.close()
    # Either the second SIGINT stopped it at once, or the first had already unwound the
    # waiting opens (nothing else holds it) and the second came as it exited: status 130
    # either way, never a death by the signal, and what may be left is named.
    assert cli.returncode == 130, output
    assert "Traceback" not in output
    assert (
        "arpha: stopped at once by a second SIGINT: configure may be partly applied" in output
        or "arpha configure: interrupted: configure may be partly applied" in output
    ), output
