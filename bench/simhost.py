"""The simulator under test in a process of its own, like a real lab is another machine.

Parent side: `SimHost` starts ``python -m bench.simhost`` and gives its labs with live
endpoints. The child starts LABS SimLabs inside one event loop (one thread), optionally a
bare SSH server next to them (figure 1's baseline) and optionally configures the hot backup
in-process (figure 6, where no client may share the process). It then prints one JSON line
(endpoints, bare port, RSS before and after the labs) and answers each line read on stdin
with its resource use, until stdin closes.

The client never shares this process's GIL, so figures time the client and the simulator as
they would run against a real lab; a separate process is also the only honest way to read
the simulator's own RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import resource
import subprocess
import sys
import time
from contextlib import AsyncExitStack
from types import TracebackType
from typing import Any

import asyncssh

from bench.common import ROOT, base_lab, lab_variant, rss_mb
from nornir_arpha.lab import Lab
from nornir_arpha.parsers import parse_arp_statistics, parse_config
from nornir_arpha.plan import plan_configure
from nornir_arpha.sim import Credentials, SimLab
from nornir_arpha.sim.cli.cli_session import CliSession
from nornir_arpha.sim.device_runtime import ShowArpStatistics
from nornir_arpha.sim.fabric.hosts import lab_with_hosts
from nornir_arpha.sim.render.config_text import current_configuration
from nornir_arpha.sim.sshbase import PasswordServer, ShellSession, listen

BARE_PROMPT = "<PE1>"
SETTLE_TIMEOUT_S = 120.0


def scaled_lab(hosts: int | None = None, **simulation: Any) -> Lab:
    """labs/sim with `hosts` CE hosts (None: as written) and some simulation settings replaced.

    Parent and child build the same definition from the same arguments.
    """
    lab = base_lab()
    if hosts is not None:
        lab = lab_with_hosts(lab, hosts)
    return lab_variant(lab, **simulation) if simulation else lab


# -- the bare server: echo what is typed, print the prompt on Enter ----------------------------


class _Echo(ShellSession):
    def session_started(self) -> None:
        assert self._chan is not None
        self._chan.write(f"\r\n{BARE_PROMPT}".encode())

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        assert self._chan is not None
        out = data.replace(b"\r\n", b"\r").replace(b"\n", b"\r")
        self._chan.write(out.replace(b"\r", f"\r\n{BARE_PROMPT}".encode()))


async def _start_bare(credentials: Credentials) -> asyncssh.SSHAcceptor:
    """The simulator's SSH settings (host key type, ciphers, no line editor), nothing else."""
    return await listen(lambda: PasswordServer(_Echo, credentials.accepts))


# -- in-process configuration (figure 6) --------------------------------------------------------


def configure_in_process(sim: SimLab) -> None:
    """The product's configure plan for each PE, typed into an in-process CLI session."""
    for name, device in sim.devices.items():
        running = "\n".join(current_configuration(device.running))
        plan = plan_configure(sim.lab.intent(name), parse_config(running))
        session = CliSession(device)
        for line in ("system-view", *plan.commands, "commit", "return"):
            session.execute(line)


def _entries(sim: SimLab) -> int:
    """The fewest ARP entries any PE of `sim` lists (`display arp statistics all`)."""
    counts = []
    for device in sim.devices.values():
        stats = parse_arp_statistics("\n".join(device.runtime.show(ShowArpStatistics())))
        counts.append(stats.dynamic + (stats.remote or 0))
    return min(counts)


async def _settle(sims: list[SimLab], hosts: int) -> None:
    """Wait until every PE lists every host (local + backed-up).

    Raises:
        TimeoutError: the hot backup did not sync within SETTLE_TIMEOUT_S
    """
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while min(_entries(sim) for sim in sims) < hosts:
        if time.monotonic() > deadline:
            raise TimeoutError(f"not every PE lists its {hosts} hosts")
        await asyncio.sleep(0.05)


def _usage() -> dict[str, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"rss_mb": rss_mb(), "cpu_s": usage.ru_utime + usage.ru_stime}


async def _serve(args: argparse.Namespace) -> None:
    simulation = {"time_scale": args.time_scale} if args.time_scale else {}
    lab = scaled_lab(args.hosts, **simulation)
    before = rss_mb()
    async with AsyncExitStack() as stack:
        sims = [await stack.enter_async_context(SimLab(lab)) for _ in range(args.labs)]
        bare = None
        if args.bare:
            bare = await _start_bare(sims[0].credentials(lab.pair[0]))
            stack.callback(bare.close)
        if args.configure:
            for sim in sims:
                configure_in_process(sim)
            await _settle(sims, lab.settings.ce.hosts)
        ready = {
            "endpoints": [sim.endpoints for sim in sims],
            "bare_port": bare.get_port() if bare else None,
            "rss_before_mb": before,
            **_usage(),
        }
        print(json.dumps(ready), flush=True)
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        while await reader.readline():
            print(json.dumps(_usage()), flush=True)


# -- parent side --------------------------------------------------------------------------------


class SimHost:
    """A child process serving `labs` copies of labs/sim; a context manager.

    Args:
        labs: how many labs (two PEs each), all in the child's one event loop
        hosts: CE hosts per lab (None: the lab's own 100)
        bare: also serve the bare echo+prompt server
        configure: configure the hot backup in-process and wait until it synced
        time_scale: replace the lab's time scale
    """

    def __init__(
        self,
        labs: int = 1,
        hosts: int | None = None,
        *,
        bare: bool = False,
        configure: bool = False,
        time_scale: float | None = None,
    ) -> None:
        self.lab = scaled_lab(hosts, **({"time_scale": time_scale} if time_scale else {}))
        self._argv = [sys.executable, "-m", "bench.simhost", "--labs", str(labs)]
        if hosts is not None:
            self._argv += ["--hosts", str(hosts)]
        if time_scale:
            self._argv += ["--time-scale", str(time_scale)]
        self._argv += ["--bare"] * bare + ["--configure"] * configure
        self._child: subprocess.Popen[str] | None = None
        self.ready: dict[str, Any] = {}

    def __enter__(self) -> SimHost:
        self._child = subprocess.Popen(
            self._argv, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self._child.stdout is not None
        line = self._child.stdout.readline()
        if not line:
            self._stop()
            raise RuntimeError(f"the simulator host failed to start: {' '.join(self._argv)}")
        self.ready = json.loads(line)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop()

    def _stop(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        assert child.stdin is not None
        child.stdin.close()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()

    @property
    def labs(self) -> list[Lab]:
        """Each served lab, pointing at its live endpoints."""
        return [
            self.lab.with_endpoints({name: (host, port) for name, (host, port) in ends.items()})
            for ends in self.ready["endpoints"]
        ]

    @property
    def bare_port(self) -> int:
        port = self.ready["bare_port"]
        assert isinstance(port, int), "start the SimHost with bare=True"
        return port

    def usage(self) -> dict[str, float]:
        """The child's RSS (MB) and CPU seconds so far."""
        child = self._child
        assert child is not None and child.stdin is not None and child.stdout is not None
        child.stdin.write("\n")
        child.stdin.flush()
        usage: dict[str, float] = json.loads(child.stdout.readline())
        return usage


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labs", type=int, default=1)
    parser.add_argument("--hosts", type=int, default=None)
    parser.add_argument("--time-scale", type=float, default=None)
    parser.add_argument("--bare", action="store_true")
    parser.add_argument("--configure", action="store_true")
    # The transport comparison's clients (plain paramiko) drop their sockets under the server:
    # asyncio warns of every write that follows; the sessions are gone either way.
    logging.getLogger("asyncio").setLevel(logging.ERROR)
    asyncio.run(_serve(parser.parse_args()))


if __name__ == "__main__":
    main()
