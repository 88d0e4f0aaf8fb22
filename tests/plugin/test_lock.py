"""One run per lab: a second run waits or fails with a message naming the holder."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from nornir_arpha.reservations.file_lock import LabLocked, LockUnusable, lab_lock, lock_path
from tests.plugin.conftest import ExternalLab, start_suite


def test_second_holder_fails_at_once_naming_the_first(tmp_path: Path) -> None:
    with lab_lock(tmp_path, wait_s=0), pytest.raises(LabLocked) as refused:
        lab_lock(tmp_path, wait_s=0).__enter__()
    message = str(refused.value)
    assert f"pid {os.getpid()}" in message
    assert "raise --lock-wait" in message


def test_second_holder_waits_for_the_first_to_finish(tmp_path: Path) -> None:
    HOLD_S = 0.3
    trying, acquired = threading.Event(), threading.Event()
    waited: list[float] = []

    def second_run() -> None:
        trying.set()
        with lab_lock(tmp_path, wait_s=10, poll_s=0.01) as seconds:
            waited.append(seconds)
            acquired.set()

    second = threading.Thread(target=second_run)
    with lab_lock(tmp_path, wait_s=0):
        second.start()
        assert trying.wait(timeout=5)
        # Hold the lock a known time; the second run must not get it meanwhile.
        assert not acquired.wait(timeout=HOLD_S)
    second.join(timeout=10)
    assert acquired.is_set(), "the second run never got the lock after it was released"
    assert waited[0] >= HOLD_S * 0.9


def test_lock_is_released_when_the_block_ends(tmp_path: Path) -> None:
    with lab_lock(tmp_path, wait_s=0):
        pass
    with lab_lock(tmp_path, wait_s=0) as waited:
        assert waited < 1.0


def test_a_directory_in_place_of_the_lock_file_is_named(tmp_path: Path) -> None:
    lock_path(tmp_path).mkdir()
    with pytest.raises(LockUnusable) as refused, lab_lock(tmp_path, wait_s=0):
        pass
    message = str(refused.value)
    assert f"{lock_path(tmp_path)}, is a directory, not a lock file; remove it" in message
    assert isinstance(refused.value, LabLocked), "a run must stop on it as on a held lab"


def test_a_symlink_loop_in_place_of_the_lock_file_is_named(tmp_path: Path) -> None:
    lock_path(tmp_path).symlink_to(lock_path(tmp_path))
    with pytest.raises(LockUnusable) as refused, lab_lock(tmp_path, wait_s=0):
        pass
    assert f"{lock_path(tmp_path)}, cannot be used (" in str(refused.value)


def test_a_run_against_a_held_lab_fails_naming_the_holder(
    external_lab: ExternalLab, tmp_path: Path
) -> None:
    with lab_lock(external_lab.folder, wait_s=0):
        suite = start_suite(
            external_lab.folder,
            tmp_path / "artifacts",
            "nornir_arpha/testcases/test_01_setup_and_sync.py",
        )
        output, _ = suite.communicate(timeout=120)
    # One error at the first case's setup names the holder; the lab's other cases are skipped.
    assert suite.returncode == 1, output
    assert f"is in use by pid {os.getpid()}" in output
    assert "1 skipped, 1 error" in output and "INTERNALERROR" not in output
