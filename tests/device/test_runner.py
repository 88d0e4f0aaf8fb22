"""The runner keeps the caller interruptible while a host's task hangs."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

import pytest
from nornir.core.task import Result, Task
from nornir.plugins.runners import ThreadedRunner

from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.device.runner import InterruptibleRunner
from nornir_arpha.lab import Lab
from nornir_arpha.tasks.polling import Deadline, poll

pytestmark = pytest.mark.timeout(60)

HANG_S = 3.0  # what the hanging task waits at most (the test releases it once interrupted)


class Interrupted(Exception):
    pass


@pytest.fixture
def interrupting_signal() -> Iterator[signal.Signals]:
    """SIGUSR1, whose handler raises `Interrupted` in the main thread, as Ctrl-C would."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Interrupted

    previous = signal.signal(signal.SIGUSR1, handler)
    try:
        yield signal.SIGUSR1
    finally:
        signal.signal(signal.SIGUSR1, previous)


@pytest.mark.parametrize(
    ("runner", "interrupted_while_hanging"),
    [
        pytest.param(InterruptibleRunner, True, id="interruptible"),
        # Nornir's own runner, for contrast: it waits out the hang (slow by design).
        pytest.param(ThreadedRunner, False, id="nornir-threaded", marks=pytest.mark.slow),
    ],
)
def test_a_signal_taken_by_a_worker_still_interrupts_the_caller_at_once(
    lab_v4: Lab,
    interrupting_signal: signal.Signals,
    runner: type[InterruptibleRunner | ThreadedRunner],
    interrupted_while_hanging: bool,
) -> None:
    nr = open_nornir(lab_v4).with_runner(runner(num_workers=2))
    workers: list[int] = []
    release, finished = threading.Event(), threading.Event()

    def hang(task: Task) -> Result:
        workers.append(threading.get_ident())
        release.wait(HANG_S)
        finished.set()
        return Result(host=task.host)

    def main_thread_waits_in_a_join() -> bool:
        frame = sys._current_frames()[threading.main_thread().ident or 0]
        return bool(workers) and frame.f_code.co_name == "_wait_for_tstate_lock"

    def interrupt() -> None:
        # The kernel may give a process's signal to any thread: here, to the hanging worker,
        # once the caller is blocked waiting for it.
        if poll(main_thread_waits_in_a_join, bool, Deadline(HANG_S, 0.005)).met:
            signal.pthread_kill(workers[0], interrupting_signal)

    killer = threading.Thread(target=interrupt)
    killer.start()
    with pytest.raises(Interrupted):
        nr.filter(name="PE1").run(task=hang)
    hanging = not finished.is_set()
    release.set()
    killer.join()
    # Nornir's own runner raises only after the task gave up waiting; ours while it hangs.
    assert hanging is interrupted_while_hanging


def test_results_come_back_per_host(lab_v4: Lab) -> None:
    nr = open_nornir(lab_v4)
    result = nr.run(task=lambda task: Result(host=task.host, result=task.host.name.lower()))
    assert {name: multi[0].result for name, multi in result.items()} == {
        "PE1": "pe1",
        "PE2": "pe2",
    }


def test_an_exception_a_task_raises_is_kept_in_its_result(lab_v4: Lab) -> None:
    def broken(task: Task) -> Result:
        raise ValueError(f"{task.host.name} broke")

    result = open_nornir(lab_v4).run(task=broken)
    assert str(result["PE2"][0].exception) == "PE2 broke"
    assert result.failed
