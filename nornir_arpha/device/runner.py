"""A Nornir runner that keeps the calling thread interruptible by Ctrl-C and SIGTERM."""

from __future__ import annotations

import queue
import threading
import time

from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task

# How often the waiting thread wakes to let a signal handler run.
WAKE_S = 0.1


class InterruptibleRunner:
    """Nornir's threaded runner, with two differences that matter when a signal arrives.

    - The calling thread waits for the workers in short slices. A blocking join is not woken
      by a signal the kernel hands to another thread (a worker, paramiko's reader), so the
      handler, and with it Ctrl-C, would wait for the slowest host: an SSH open that hangs
      for the whole command budget, say.
    - The workers are daemon threads. Once the caller is interrupted, a worker finishes its
      operation in the background (the session lock in `device.session` makes a restore wait
      for it) and never holds up the exit of the process.

    Args:
        num_workers: at most this many hosts at a time
    """

    def __init__(self, num_workers: int = 20) -> None:
        self.num_workers = num_workers
        self._workers: list[threading.Thread] = []

    def settle(self, timeout_s: float) -> bool:
        """Wait for the workers of the last run, which carry on after an interrupt, in short
        slices (the caller stays interruptible).

        Args:
            timeout_s: wall seconds to wait at most

        Returns:
            whether they all ended
        """
        ends = time.monotonic() + timeout_s
        for worker in self._workers:
            while worker.is_alive() and time.monotonic() < ends:
                worker.join(WAKE_S)
        return not any(worker.is_alive() for worker in self._workers)

    def run(self, task: Task, hosts: list[Host]) -> AggregatedResult:
        pending: queue.SimpleQueue[Host] = queue.SimpleQueue()
        for host in hosts:
            pending.put(host)
        done: dict[str, MultiResult] = {}
        crashed: list[BaseException] = []  # Task.start keeps exceptions; these escaped it

        def work() -> None:
            while True:
                try:
                    host = pending.get_nowait()
                except queue.Empty:
                    return
                try:
                    done[host.name] = task.copy().start(host)
                except BaseException as exc:
                    crashed.append(exc)
                    return

        workers = [
            threading.Thread(target=work, name=f"arpha-{task.name}-{index}", daemon=True)
            for index in range(min(self.num_workers, len(hosts)))
        ]
        self._workers = workers
        for worker in workers:
            worker.start()
        for worker in workers:
            while worker.is_alive():
                worker.join(WAKE_S)
        if crashed:
            raise crashed[0]
        result = AggregatedResult(task.name)
        for host in hosts:
            result[host.name] = done[host.name]
        return result
