"""scrapli sessions over each transport, and the timings that chose the project's transport.

For every installed scrapli transport (`system` = OpenSSH, `paramiko`, `ssh2`, the project's
`nodelay` = paramiko with TCP_NODELAY, and `asyncssh` through AsyncScrapli): the time to open
a session, one short command's round trip, and a configure-sized system-view exchange
(8 commands, discarded). Reported with figure 1 (`python -m bench rtt`).
"""

from __future__ import annotations

import asyncio
import importlib.util
import inspect
import logging
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

from scrapli import AsyncScrapli, Scrapli

from bench.common import timed
from nornir_arpha.device.session import TRANSPORT
from nornir_arpha.device.transport import OPERATION_TIMEOUT_OPTION

TRANSPORTS = ("system", "paramiko", "ssh2", TRANSPORT, "asyncssh")

# scrapli's plain paramiko transport closes the socket under paramiko's running transport
# thread, which then logs "Socket exception: Bad file descriptor" on every close (the reason
# `nodelay` stops that thread first); the comparison runs it as shipped, without the noise.
logging.getLogger("paramiko.transport").setLevel(logging.CRITICAL)
# A configure-sized system-view exchange on PE1 of labs/sim, discarded at the end.
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
_MODULES = {"paramiko": "paramiko", TRANSPORT: "paramiko", "ssh2": "ssh2", "asyncssh": "asyncssh"}


def available(transport: str) -> bool:
    """Whether scrapli can use `transport` here (its SSH library is installed)."""
    module = _MODULES.get(transport)
    return module is None or importlib.util.find_spec(module) is not None


def options(transport: str, host: str, port: int, username: str, password: str) -> dict[str, Any]:
    """scrapli's huawei_vrp driver arguments for one device."""
    return {
        "host": host,
        "port": port,
        "auth_username": username,
        "auth_password": password,
        "platform": "huawei_vrp",
        "auth_strict_key": False,
        "ssh_config_file": False,
        "transport": transport,
        # nodelay's own watchdog, as the product sets it (nornir_arpha.device.session)
        **(
            {"timeout_ops": 0, "transport_options": {OPERATION_TIMEOUT_OPTION: 60}}
            if transport == TRANSPORT
            else {"timeout_ops": 60}
        ),
    }


def on_session(opts: dict[str, Any], work: Callable[[Any], Any]) -> Any:
    """Open a session with `opts`, run `work(driver)` and close it.

    `work` gets a sync `Scrapli`, or for the asyncssh transport an `AsyncScrapli` (and may
    then return an awaitable, which is awaited).
    """
    if opts["transport"] != "asyncssh":
        with Scrapli(**opts) as conn:
            return work(conn)

    async def run() -> Any:
        async with AsyncScrapli(**opts) as conn:
            result = work(conn)
            return await result if inspect.isawaitable(result) else result

    return asyncio.run(run())


def timings(opts: dict[str, Any], send: Callable[[Any], Any], count: int) -> list[float]:
    """Seconds per `send(driver)`, `count` times on one session (awaited on asyncssh)."""

    def sync(conn: Scrapli) -> list[float]:
        samples = []
        for _ in range(count):
            start = time.perf_counter()
            send(conn)
            samples.append(time.perf_counter() - start)
        return samples

    async def asynchronous(conn: AsyncScrapli) -> list[float]:
        samples = []
        for _ in range(count):
            start = time.perf_counter()
            await send(conn)
            samples.append(time.perf_counter() - start)
        return samples

    samples: list[float] = on_session(
        opts, asynchronous if opts["transport"] == "asyncssh" else sync
    )
    return samples


def open_times(opts: dict[str, Any], count: int) -> list[float]:
    """Seconds to open (and log into) a session and close it, `count` times."""
    return [timed(lambda: on_session(opts, lambda conn: None)) for _ in range(count)]


def median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000
