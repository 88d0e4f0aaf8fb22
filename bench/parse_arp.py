"""Time `display arp all` parsing: TextFSM reference vs the regex fast path.

Run from the repository root: ``.venv/bin/python bench/parse_arp.py [ROWS ...]``.
Prints the best of several runs per engine and table size; asserts nothing.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nornir_arpha.parsers import ArpEngine, parse_arp_table
from tests.parsers.arp_render import generated_entries, render_arp_table

RUNS: dict[ArpEngine, int] = {"textfsm": 2, "regex": 7}


def best_of(runs: int, text: str, engine: ArpEngine) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        parse_arp_table(text, engine=engine)
        best = min(best, time.perf_counter() - start)
    return best


def main(sizes: list[int]) -> None:
    print(f"{'rows':>7} {'chars':>9} {'textfsm':>9} {'regex':>9} {'speed-up':>9}")
    for rows in sizes:
        text = render_arp_table(generated_entries(rows))
        timings = {engine: best_of(runs, text, engine) for engine, runs in RUNS.items()}
        print(
            f"{rows:>7} {len(text):>9} {timings['textfsm']:>8.3f}s {timings['regex']:>8.3f}s"
            f" {timings['textfsm'] / timings['regex']:>8.1f}x"
        )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1024, 8192, 65536])
