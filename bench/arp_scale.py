"""ARP scale of the simulated lab: a 64k-entry `display arp all` over SSH, and memory.

Run from the repository root: ``.venv/bin/python bench/arp_scale.py [HOSTS] [LABS]``.

1. LABS (default 50) labs, 100 devices, each PE listing 640 hosts: 64 000 entries in total.
   Resident memory of the whole simulator with every listener open and every lab configured.
2. One lab with HOSTS (default 64 000) CE hosts and the hot backup configured, so each PE
   lists every host: time `display arp all` from PE2 through scrapli (transport ``system``
   and the project's ``nodelay``), best and median of several runs, and the resident memory.

Prints numbers; asserts nothing (targets: < 0.5 s on 2 cores, RSS <= 200 MB).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from contextlib import AsyncExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scrapli import Scrapli

from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.sim import SimLab, SimLabThread
from nornir_arpha.sim.cli.session import CliSession
from nornir_arpha.sim.fabric import PeRuntime
from nornir_arpha.sim.fabric.hosts import lab_with_hosts
from tests.sim.conftest import procedure

RUNS = 7
TOTAL_ENTRIES = 64_000


def rss_mb() -> float:
    """This process's resident set size in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def configure(sim: SimLab) -> None:
    """PROCEDURE.md on every PE of a started lab, typed into an in-process CLI session."""
    for name, device in sim.devices.items():
        session = CliSession(device)
        for line in ["system-view", *procedure(sim.lab.intent(name))]:
            session.execute(line)


async def settle(sims: list[SimLab], hosts: int) -> None:
    """Wait (bounded) until every PE of every lab lists all `hosts` hosts."""
    for _ in range(600):
        counts = []
        for sim in sims:
            for name, device in sim.devices.items():
                runtime = device.runtime
                assert isinstance(runtime, PeRuntime)
                fabric = runtime.fabric
                counts.append(sum(fabric.node(name).arp.snapshot(fabric.clock.now).counts()))
        if min(counts) >= hosts:
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("the hot backup did not sync every host")


def serve_big_table(base: Lab, hosts: int) -> None:
    lab = lab_with_hosts(base, hosts)
    with SimLabThread(lab) as sim:
        sim.call(lambda: configure(sim.sim))
        sim.run(settle([sim.sim], hosts), timeout=120)
        host, port = sim.endpoints["PE2"]
        print(f"lab with {hosts} hosts configured; simulator RSS {rss_mb():.0f} MB")
        for transport in ("system", "nodelay"):
            conn = Scrapli(
                host=host,
                port=port,
                auth_username="arpha",
                auth_password="arpha-sim",
                platform="huawei_vrp",
                transport=transport,
                auth_strict_key=False,
                ssh_config_file=False,
                timeout_ops=60,
            )
            conn.open()
            timings, lines = [], 0
            for _ in range(RUNS):
                start = time.perf_counter()
                result = conn.send_command("display arp all").result
                timings.append(time.perf_counter() - start)
                lines = result.count("\n") + 1
            conn.close()
            print(
                f"  display arp all via scrapli/{transport}: {lines} lines, "
                f"best {min(timings):.3f}s, median {statistics.median(timings):.3f}s"
            )


async def many_labs(base: Lab, labs: int) -> None:
    per_lab = TOTAL_ENTRIES // (2 * labs)
    lab = lab_with_hosts(base, per_lab)
    before = rss_mb()
    async with AsyncExitStack() as stack:
        sims = [await stack.enter_async_context(SimLab(lab)) for _ in range(labs)]
        for sim in sims:
            configure(sim)
        await settle(sims, per_lab)
        devices = sum(len(sim.devices) for sim in sims)
        print(
            f"{labs} labs, {devices} devices listening, {per_lab} hosts each, "
            f"{devices * per_lab} ARP entries in total: RSS {rss_mb():.0f} MB "
            f"(before the labs: {before:.0f} MB)"
        )


def main(hosts: int, labs: int) -> None:
    base = load_lab(Path(__file__).resolve().parents[1] / "labs" / "sim")
    asyncio.run(many_labs(base, labs))  # first: its RSS is not inflated by the big lab
    serve_big_table(base, hosts)


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:]]
    main(*(arguments + [64_000, 50][len(arguments) :]))
