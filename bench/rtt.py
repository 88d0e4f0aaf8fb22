"""Round trip of a short command through scrapli: simulated PE vs a bare echo+prompt server.

Usage: python bench/rtt.py [--transport asyncssh|system|paramiko] [--commands N]

Both servers run in this process on one event loop thread (SimLabThread's), with the same
host key and ciphers; the client is scrapli's huawei_vrp driver over the chosen transport.
The bare server only echoes what it receives and prints the prompt on Enter, so the ratio
is the simulator's own cost per command. Target: <= 1.5x.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import asyncssh
from scrapli import AsyncScrapli, Scrapli

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nornir_arpha.lab import load_lab
from nornir_arpha.sim import Credentials, SimLabThread
from nornir_arpha.sim.server import ENCRYPTION_ALGS, host_key

COMMAND = "screen-length 0 temporary"
PROMPT = "<PE1>"


class _Echo(asyncssh.SSHServerSession[bytes]):
    def __init__(self) -> None:
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self._chan = chan

    def pty_requested(self, term_type: str, term_size: Any, term_modes: Any) -> bool:
        return True

    def shell_requested(self) -> bool:
        return True

    def session_started(self) -> None:
        assert self._chan is not None
        self._chan.write(f"\r\n{PROMPT}".encode())

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        assert self._chan is not None
        out = data.replace(b"\r\n", b"\r").replace(b"\n", b"\r")
        self._chan.write(out.replace(b"\r", f"\r\n{PROMPT}".encode()))


class _Bare(asyncssh.SSHServer):
    def __init__(self, credentials: Credentials) -> None:
        self._credentials = credentials

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return self._credentials.accepts(username, password)

    def session_requested(self) -> asyncssh.SSHServerSession[bytes]:
        return _Echo()


async def _start_bare(credentials: Credentials) -> tuple[asyncssh.SSHAcceptor, int]:
    acceptor = await asyncssh.create_server(
        lambda: _Bare(credentials),
        "127.0.0.1",
        0,
        server_host_keys=[host_key()],
        encryption_algs=ENCRYPTION_ALGS,
        encoding=None,
        line_editor=False,
    )
    return acceptor, acceptor.get_port()


def _options(port: int, credentials: Credentials, transport: str) -> dict[str, Any]:
    return {
        "host": "127.0.0.1",
        "port": port,
        "auth_username": credentials.username,
        "auth_password": credentials.password,
        "platform": "huawei_vrp",
        "auth_strict_key": False,
        "ssh_config_file": False,
        "transport": transport,
    }


def _measure_sync(options: dict[str, Any], count: int) -> list[float]:
    samples = []
    with Scrapli(**options) as conn:
        for _ in range(count):
            start = time.perf_counter()
            conn.send_command(COMMAND)
            samples.append(time.perf_counter() - start)
    return samples


async def _measure_async(options: dict[str, Any], count: int) -> list[float]:
    samples = []
    async with AsyncScrapli(**options) as conn:
        for _ in range(count):
            start = time.perf_counter()
            await conn.send_command(COMMAND)
            samples.append(time.perf_counter() - start)
    return samples


def measure(port: int, credentials: Credentials, transport: str, count: int) -> float:
    """Median seconds per command over `count` commands on one session."""
    options = _options(port, credentials, transport)
    if transport == "asyncssh":
        samples = asyncio.run(_measure_async(options, count))
    else:
        samples = _measure_sync(options, count)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--transport", default="asyncssh", choices=["asyncssh", "system", "paramiko"]
    )
    parser.add_argument("--commands", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with SimLabThread(load_lab(Path(__file__).resolve().parents[1] / "labs" / "sim")) as sim:
        credentials = sim.sim.credentials("PE1")
        acceptor, bare_port = sim.run(_start_bare(credentials))
        sim_port = sim.endpoints["PE1"][1]
        bare, simulated = [], []
        for _ in range(args.rounds):  # interleaved, so drift hits both alike
            bare.append(measure(bare_port, credentials, args.transport, args.commands))
            simulated.append(measure(sim_port, credentials, args.transport, args.commands))
        acceptor.close()
    bare_s, sim_s = min(bare), min(simulated)
    print(f"transport: {args.transport}; command: {COMMAND!r}; {args.commands} per session")
    print(f"bare echo server: {bare_s * 1e3:.3f} ms per command (median, best of {args.rounds})")
    print(f"simulated PE:     {sim_s * 1e3:.3f} ms per command")
    print(f"ratio:            {sim_s / bare_s:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
