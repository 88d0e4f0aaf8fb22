"""Figure 1: a short command's round trip through scrapli, simulated PE vs a bare SSH server.

Both servers run in the same simulator process (`SimHost`) with the same host key type and
ciphers; the bare one only echoes what it receives and prints the prompt on Enter, so the
ratio is the simulated PE's own cost per command. The client is scrapli's huawei_vrp driver
in this process, over the project's transport (`nodelay`) for the headline; the full run
repeats it over every installed transport, with each one's session-open time and a
configure-sized exchange (`bench/transport.py`).
"""

from __future__ import annotations

import statistics
from typing import Any

from bench.common import Figure, summary
from bench.simhost import SimHost
from bench.transport import (
    CONFIG_EXCHANGE,
    TRANSPORTS,
    available,
    median_ms,
    open_times,
    options,
    timings,
)
from nornir_arpha.device.session import TRANSPORT

COMMAND = "screen-length 0 temporary"
TARGET = 1.5


def _send(conn: Any) -> Any:
    return conn.send_command(COMMAND)


def _exchange(conn: Any) -> Any:
    return conn.send_configs(CONFIG_EXCHANGE)


def _compare(
    sim: dict[str, Any], bare: dict[str, Any], commands: int, rounds: int
) -> dict[str, Any]:
    """Median per command against each server, best of `rounds` interleaved rounds."""
    bare_s, sim_s = [], []
    for _ in range(rounds):  # interleaved, so drift hits both alike
        bare_s.append(statistics.median(timings(bare, _send, commands)))
        sim_s.append(statistics.median(timings(sim, _send, commands)))
    return {
        "sim_ms": min(sim_s) * 1000,
        "bare_ms": min(bare_s) * 1000,
        "ratio": min(sim_s) / min(bare_s),
    }


def figure(quick: bool) -> Figure:
    commands, rounds = (50, 2) if quick else (300, 3)
    transports = [TRANSPORT] if quick else [t for t in TRANSPORTS if available(t)]
    rows: dict[str, dict[str, Any]] = {}
    with SimHost(bare=True) as host:
        lab = host.labs[0]
        pe = lab.hosts[lab.pair[0]]
        login = (pe.username, pe.password.get_secret_value())
        for transport in transports:
            sim = options(transport, pe.hostname, pe.port, *login)
            bare = {**sim, "port": host.bare_port}
            row = _compare(sim, bare, commands, rounds)
            if not quick:
                opens = open_times(sim, 20)
                row["open_ms"] = {k: v * 1000 for k, v in summary(opens).items()}
                row["config_exchange_ms"] = median_ms(timings(sim, _exchange, 20))
            rows[transport] = row
    head = rows[TRANSPORT]
    return Figure(
        key="rtt",
        title="Command round trip: simulated PE vs bare SSH echo server",
        measured=head["sim_ms"],
        baseline=head["bare_ms"],
        ratio=head["ratio"],
        target=f"≤ {TARGET}×",
        met=head["ratio"] <= TARGET,
        unit="ms",
        note=(
            f"scrapli huawei_vrp over `{TRANSPORT}`; '{COMMAND}'; median of {commands} per "
            f"session, best of {rounds} interleaved rounds"
        ),
        details={"command": COMMAND, "transports": rows},
    )
