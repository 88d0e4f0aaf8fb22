"""Run the benchmarks: ``python -m bench [--quick] [FIGURE ...]`` from the repository root.

Every figure is a ratio against a baseline measured in the same run (docs/benchmarks.md says
what each compares). Full mode writes bench/results.json and the table in
docs/benchmarks.md; ``--quick`` (small sizes, for the smoke test) writes
bench/results-quick.json and prints the table. Nothing here asserts a timing; the exit code
is 1 only when a figure could not be measured.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import accuracy, arp_scale, pool, rtt, scale, suite
from bench.common import ROOT, Figure
from bench.report import result, table, write_json, write_markdown

FIGURES: dict[str, Callable[[bool], Figure]] = {
    "rtt": rtt.figure,
    "arp": arp_scale.table_figure,
    "scale": scale.figure,
    "suite": suite.figure,
    "accuracy": accuracy.figure,
    "accuracy-load": accuracy.loaded_figure,
    "memory": arp_scale.memory_figure,
    "tester": accuracy.tester_figure,
    "pool": pool.figure,
    "pool-8": pool.figure_8_labs,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("figures", nargs="*", choices=[[], *FIGURES], help="default: all")
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke test")
    parser.add_argument("--json", type=Path, help="result file (default under bench/)")
    parser.add_argument("--markdown", type=Path, help="markdown file to update")
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else "full"
    json_path = args.json or ROOT / "bench" / f"results{'-quick' if args.quick else ''}.json"
    markdown = args.markdown or (None if args.quick else ROOT / "docs" / "benchmarks.md")

    figures: list[Figure] = []
    errors: dict[str, str] = {}
    for key in args.figures or FIGURES:
        print(f"[bench] {key} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            figures.append(FIGURES[key](args.quick))
        except Exception as exc:  # one figure's failure must not lose the others
            traceback.print_exc()
            errors[key] = f"{type(exc).__name__}: {exc}"
        print(f"[bench] {key} took {time.perf_counter() - start:.1f}s", file=sys.stderr)

    data = result(mode, figures, errors)
    write_json(json_path, data)
    if markdown is not None:
        write_markdown(markdown, data)
    print(table(data))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
