"""What every figure shares: the lab, variants of it, timing, memory, and the figure record."""

from __future__ import annotations

import dataclasses
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nornir.core import Nornir

from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.tasks.pair import configure_pair, verify_pair
from nornir_arpha.tasks.polling import Deadline

ROOT = Path(__file__).resolve().parents[1]
LAB_DIR = SHIPPED_LABS / "sim"


@dataclass
class Figure:
    """One line of the results table, and the details behind it.

    Attributes:
        key: short name (`rtt`, `arp`, ...), also the command-line selector
        title: what is compared, for the table
        measured: the figure's value, in `unit`
        baseline: the same quantity's baseline, measured (or derived) in the same run
        ratio: measured / baseline (or the figure's own normalised error, see `note`)
        target: the target as text, e.g. "≤ 1.5×"
        met: whether every part of the target holds
        unit: unit of `measured` and `baseline`
        note: one line on how it was measured (transport, sizes, time scale)
        details: everything else measured, for the JSON and the per-figure sections
        sub: a variant of the figure before it, numbered after it with this suffix ("b")
    """

    key: str
    title: str
    measured: float
    baseline: float
    ratio: float
    target: str
    met: bool
    unit: str
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    sub: str = ""


def base_lab() -> Lab:
    """labs/sim, the built-in simulated lab (100 CE hosts, time scale 10)."""
    return load_lab(LAB_DIR)


def lab_variant(lab: Lab, **simulation: Any) -> Lab:
    """`lab` with some `simulation` settings replaced (time_scale, route_convergence_s, ...)."""
    sim = lab.settings.simulation.model_copy(update=simulation)
    return dataclasses.replace(lab, settings=lab.settings.model_copy(update={"simulation": sim}))


def rss_mb() -> float:
    """This process's resident set size in MB, from /proc/self/status (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS line in /proc/self/status")


def timed(action: Callable[[], object]) -> float:
    """Wall seconds `action()` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def summary(samples: Iterable[float]) -> dict[str, float]:
    """Best, median and worst of some timings (seconds), for the details."""
    values = sorted(samples)
    return {"best": values[0], "median": statistics.median(values), "worst": values[-1]}


def configure_and_verify(nr: Nornir, lab: Lab) -> None:
    """The hot backup on the lab's pair through the product's Nornir path, verified within
    the lab's ARP sync budget.

    Raises:
        RuntimeError: configure or verify failed on a PE (naming it and why)
    """
    for outcome in (
        configure_pair(nr, lab),
        verify_pair(nr, lab, Deadline.from_lab(lab, lab.settings.budgets.arp_sync_s)),
    ):
        if not outcome.ok:
            failures = "; ".join(f"{h.host}: {h.message}" for h in outcome.hosts if not h.ok)
            raise RuntimeError(f"{outcome.action} failed on lab {lab.name}: {failures}")
