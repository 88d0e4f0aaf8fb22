"""Which scrapli transport to use: time to open a session and time per command.

Runs scrapli's ``huawei_vrp`` driver over each sync transport against a local SSH server and
prints the median/p95 of session open and of one ``display version`` round trip, and the
median of a configure-sized system-view exchange (8 commands, discarded)::

    python bench/transport.py
    python bench/transport.py --opens 30 --commands 200 --transports paramiko nodelay

The simulated PE runs in a child process, so the simulator does not share this process's
GIL with the SSH client being measured.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from scrapli import Scrapli

ROOT = Path(__file__).resolve().parents[1]
TRANSPORTS = ("system", "paramiko", "ssh2", "nodelay")
# A configure-sized system-view exchange, discarded at the end (PE1 of labs/sim).
CONFIG_EXCHANGE = [
    "remote-backup-service bench",
    "peer 2.2.2.2 source 1.1.1.1 port 2046",
    "quit",
    "e-trunk 99",
    "peer-address 2.2.2.2 source-address 1.1.1.1",
    "quit",
    "display configuration candidate",
    "clear configuration candidate",
]


SIM_CHILD = """
import json, sys
from nornir_arpha.lab import load_lab
from nornir_arpha.sim import SimLabThread
with SimLabThread(load_lab(sys.argv[1])) as sim:
    print(json.dumps(sim.endpoints["PE1"]), flush=True)
    sys.stdin.read()
"""


@contextlib.contextmanager
def simulated_device() -> Iterator[tuple[str, int, str, str]]:
    """PE1 of the simulated lab labs/sim, served by a child process.

    A separate process keeps the simulator off this process's GIL, so the numbers are the
    transport's and not thread contention's.
    """
    child = subprocess.Popen(
        [sys.executable, "-c", SIM_CHILD, str(ROOT / "labs" / "sim")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        host, port = json.loads(child.stdout.readline())
        yield host, port, "arpha", "arpha-sim"
    finally:
        child.stdin.close()
        child.wait(timeout=30)


def _available(transport: str) -> bool:
    module = {"paramiko": "paramiko", "nodelay": "paramiko", "ssh2": "ssh2"}.get(transport)
    return module is None or importlib.util.find_spec(module) is not None


def _driver(transport: str, host: str, port: int, user: str, password: str) -> Any:
    return Scrapli(
        host=host,
        port=port,
        auth_username=user,
        auth_password=password,
        auth_strict_key=False,
        ssh_config_file=False,
        platform="huawei_vrp",
        transport=transport,
        timeout_ops=30,
    )


def _stats(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered) * 1000:8.1f} {p95 * 1000:8.1f}"


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bench(transport: str, endpoint: tuple[str, int, str, str], opens: int, commands: int) -> str:
    """One result line: open median/p95, display median/p95, config exchange median."""
    open_times: list[float] = []
    for _ in range(opens):
        conn = _driver(transport, *endpoint)
        open_times.append(_timed(conn.open))
        conn.close()
    conn = _driver(transport, *endpoint)
    conn.open()
    try:
        command_times = [
            _timed(lambda: conn.send_command("display version")) for _ in range(commands)
        ]
        exchange = [_timed(lambda: conn.send_configs(CONFIG_EXCHANGE)) for _ in range(10)]
    finally:
        conn.close()
    return (
        f"{transport:<9} {_stats(open_times)} {_stats(command_times)} "
        f"{statistics.median(exchange) * 1000:10.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opens", type=int, default=5)
    parser.add_argument("--commands", type=int, default=50)
    parser.add_argument("--transports", nargs="*", default=list(TRANSPORTS))
    args = parser.parse_args()
    with simulated_device() as endpoint:
        print(f"target: simulated PE1 ({endpoint[0]}:{endpoint[1]}), times in ms")
        print(
            f"{'transport':<9} {'open med':>8} {'open p95':>8} {'cmd med':>8} {'cmd p95':>8}"
            f" {'config':>10}"
        )
        for transport in args.transports:
            if not _available(transport):
                print(f"{transport:<9} (not installed)")
                continue
            print(bench(transport, endpoint, args.opens, args.commands), flush=True)


if __name__ == "__main__":
    main()
