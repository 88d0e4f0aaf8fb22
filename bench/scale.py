"""Figure 3: configure + verify the hot backup with Nornir on 1, 10 and 50 PE pairs at once.

For each size a fresh simulator process serves every pair (N labs in one event loop). This
process runs, for all pairs concurrently, what a QA engineer runs per lab:
`open_nornir(lab)`, `configure_pair`, then `verify_pair` within the lab's ARP sync budget,
and closes the sessions. The figure is the wall time of the largest size against the
single pair's (the baseline); the marginal cost per device is the slope between the two.
The wall time includes the lab's own RBS connect delay (1 lab-s, 0.1 s at time scale 10),
the same for every size.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bench.common import Figure, configure_and_verify
from bench.simhost import SimHost
from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.lab import Lab

WALL_TARGET_S = 4.0
MARGINAL_TARGET_S = 0.040


def _one_lab(lab: Lab) -> None:
    with open_nornir(lab) as nr:
        configure_and_verify(nr, lab)


def run_pairs(pairs: int) -> dict[str, Any]:
    """Configure and verify `pairs` pairs concurrently; wall and CPU time of each side."""
    with SimHost(labs=pairs) as host:
        labs = host.labs
        sim_before = host.usage()["cpu_s"]
        cpu_before = time.process_time()
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=pairs) as pool:
            list(pool.map(_one_lab, labs))  # re-raises the first lab's failure
        wall = time.perf_counter() - start
        client_cpu = time.process_time() - cpu_before
        sim_cpu = host.usage()["cpu_s"] - sim_before
    return {"pairs": pairs, "wall_s": wall, "client_cpu_s": client_cpu, "sim_cpu_s": sim_cpu}


def figure(quick: bool) -> Figure:
    sizes = (1, 3) if quick else (1, 10, 50)
    runs = {size: run_pairs(size) for size in sizes}
    small, large = runs[sizes[0]], runs[sizes[-1]]
    devices = 2 * (large["pairs"] - small["pairs"])
    marginal = (large["wall_s"] - small["wall_s"]) / devices
    for run in runs.values():
        run["client_cpu_per_device_ms"] = run["client_cpu_s"] / (2 * run["pairs"]) * 1000
    return Figure(
        key="scale",
        title=f"Configure + verify, {sizes[-1]} PE pairs vs 1 pair (wall time)",
        measured=large["wall_s"],
        baseline=small["wall_s"],
        ratio=large["wall_s"] / small["wall_s"],
        target=(
            f"{sizes[-1]} pairs ≤ {WALL_TARGET_S:.0f} s; marginal ≤ "
            f"{MARGINAL_TARGET_S * 1000:.0f} ms/device"
        ),
        met=large["wall_s"] <= WALL_TARGET_S and marginal <= MARGINAL_TARGET_S,
        unit="s",
        note=(
            f"sizes {', '.join(map(str, sizes))} pairs, one simulator process each, one Nornir "
            f"per lab, all labs concurrently; marginal {marginal * 1000:.0f} ms/device"
        ),
        details={"marginal_ms_per_device": marginal * 1000, "runs": list(runs.values())},
    )
