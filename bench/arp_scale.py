"""Figures 2 and 6: a 64 k-entry ARP table through the client, and the simulator's memory.

Figure 2. One lab with 64 000 CE hosts (the fabric holds up to 65 000 per lab), configured
and verified through the product's Nornir path, so that each PE lists all 64 000 entries:
its own plus those backed up by its peer. The measured side reads PE2's table the way the
suite does (`PeProbe.arp()`: a Nornir task on the run's session, `display arp all`, then
`parse_arp_table`); the baseline is a bare scrapli session over the same transport fetching
the same output. Interleaved runs, best of each.

Figure 6. A fresh simulator process with 50 labs (100 devices listening), each PE listing
640 hosts (its own and its peer's): 64 000 ARP entries in all, configured in-process. Its
RSS (/proc/self/status) against the same process's RSS before the first lab started.
"""

from __future__ import annotations

from scrapli import Scrapli

from bench.common import Figure, configure_and_verify, summary, timed
from bench.parse_arp import parse_times
from bench.simhost import SimHost
from bench.transport import options
from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.device.session import TRANSPORT
from nornir_arpha.suite import PeProbe
from nornir_arpha.suite.failover import arp_coverage

COMMAND = "display arp all"
TABLE_RATIO_TARGET = 1.5
TABLE_SECONDS_TARGET = 1.0
MEMORY_TARGET_MB = 200.0


def table_figure(quick: bool) -> Figure:
    hosts, runs = (4_000, 3) if quick else (64_000, 7)
    with SimHost(hosts=hosts) as host:
        lab = host.labs[0]
        pe = lab.pair[1]
        login = lab.hosts[pe]
        raw_opts = options(
            TRANSPORT,
            login.hostname,
            login.port,
            login.username,
            login.password.get_secret_value(),
        )
        with open_nornir(lab) as nr, Scrapli(**raw_opts) as raw:
            configure_and_verify(nr, lab)
            probe = PeProbe(nr, pe)
            table, reading = probe.arp()
            expected = [str(ip) for ip in lab.settings.ce.host_ips()]
            coverage = arp_coverage(pe, table, expected, lab.settings.platform)
            if not coverage.complete:
                raise RuntimeError(coverage.missing_sentence())
            client, fetch = [], []
            for _ in range(runs):  # interleaved, so drift hits both alike
                fetch.append(timed(lambda: raw.send_command(COMMAND)))
                client.append(timed(probe.arp))
    parse = parse_times(reading.output)
    best, base = min(client), min(fetch)
    return Figure(
        key="arp",
        title=f"ARP table, {hosts:,} entries: client fetch + parse vs raw scrapli fetch",
        measured=best,
        baseline=base,
        ratio=best / base,
        target=f"≤ {TABLE_RATIO_TARGET}× and < {TABLE_SECONDS_TARGET:.0f} s",
        met=best / base <= TABLE_RATIO_TARGET and best < TABLE_SECONDS_TARGET,
        unit="s",
        note=(
            f"`{COMMAND}` on {pe}, {len(reading.output):,} characters, over `{TRANSPORT}`; "
            f"best of {runs} interleaved runs"
        ),
        details={
            "entries": len(table.entries),
            "hosts": hosts,
            "characters": len(reading.output),
            "client_s": summary(client),
            "raw_fetch_s": summary(fetch),
            "parse_s": parse,
        },
    )


def memory_figure(quick: bool) -> Figure:
    labs, hosts = (5, 100) if quick else (50, 640)
    with SimHost(labs, hosts, configure=True) as host:
        usage = host.usage()
        before = host.ready["rss_before_mb"]
    devices, entries = 2 * labs, 2 * labs * hosts
    return Figure(
        key="memory",
        title=f"Simulator RSS, {devices} devices and {entries:,} ARP entries",
        measured=usage["rss_mb"],
        baseline=before,
        ratio=usage["rss_mb"] / before,
        target=f"≤ {MEMORY_TARGET_MB:.0f} MB",
        met=usage["rss_mb"] <= MEMORY_TARGET_MB,
        unit="MB",
        note=(
            f"fresh process, {labs} labs in one event loop, every PE listing {hosts} hosts "
            "(own + backed up); baseline: the same process before its first lab"
        ),
        details={"labs": labs, "devices": devices, "entries": entries, "cpu_s": usage["cpu_s"]},
    )
