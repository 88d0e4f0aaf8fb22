"""`display arp all` parsing: the TextFSM reference vs the regex fast path, on a real output.

Reported with figure 2 (`python -m bench arp`): the output the simulated PE served is parsed
by each engine of `parse_arp_table`, best of several runs.
"""

from __future__ import annotations

from functools import partial

from bench.common import timed
from nornir_arpha.parsers import ArpEngine, parse_arp_table

RUNS: dict[ArpEngine, int] = {"textfsm": 1, "regex": 5}


def parse_times(text: str) -> dict[str, float]:
    """Best seconds per engine to parse `text`, and the speed-up of the fast path."""
    best: dict[str, float] = {}
    for engine, runs in RUNS.items():
        best[engine] = min(
            timed(partial(parse_arp_table, text, engine=engine)) for _ in range(runs)
        )
    return {**best, "speedup": best["textfsm"] / best["regex"]}
