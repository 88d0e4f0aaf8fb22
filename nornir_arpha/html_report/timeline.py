"""One failover's timeline as an inline SVG picture (matplotlib, no pyplot state).

Both directions' rates over lab time since the fault, per carrying PE where the samples
hold each PE's rates (else the carriers' sum), the tester's loss where present, the fault
(t = 0) and the restore marked, the convergence budget and the full-rate threshold drawn.
"""

from __future__ import annotations

import io
import logging
import re

from matplotlib import rc_context
from matplotlib.figure import Figure

from nornir_arpha.history.runs import CaseResult

logger = logging.getLogger(__name__)

FULL_RATE_SHARE = 0.95
DIRECTIONS = (("rate_pps", "down (out)", "-"), ("in_rate_pps", "up (in)", "--"))


def _series(case: CaseResult) -> dict[str, tuple[list[float], list[float]]]:
    """label -> (times, rates): per PE and direction where kept, else the carriers' sum."""
    series: dict[str, tuple[list[float], list[float]]] = {}
    for sample in case.samples:
        sources = sample.per_pe or {"carrying PEs": _rates(sample.rate_pps, sample.in_rate_pps)}
        for pe, rates in sources.items():
            for key, direction, _ in DIRECTIONS:
                times, values = series.setdefault(f"{pe} {direction}", ([], []))
                times += [sample.start_s, sample.end_s]
                values += [rates.get(key, 0.0)] * 2
    return series


def _rates(down: float, up: float) -> dict[str, float]:
    return {"rate_pps": down, "in_rate_pps": up}


def timeline_svg(case: CaseResult, offered_pps: float, restore_s: float | None = None) -> str:
    """Draw the case's samples.

    Args:
        case: a failover case with samples
        offered_pps: the lab's offered rate per direction (the threshold is 95 % of it)
        restore_s: when the fault was restored, in lab s since the fault, if known

    Returns:
        an `<svg>` element (text drawn as paths: no fonts fetched)
    """
    figure = Figure(figsize=(7.5, 3.0), dpi=100)
    axes = figure.add_subplot()
    for label, (times, values) in _series(case).items():
        style = "--" if "up" in label else "-"
        axes.plot(times, values, style, linewidth=1.6, label=label)
    if offered_pps:
        axes.axhline(
            FULL_RATE_SHARE * offered_pps,
            color="grey",
            linewidth=0.8,
            linestyle=":",
            label=f"95 % of offered {offered_pps:g} pps",
        )
    axes.axvline(0.0, color="red", linewidth=1.2, label="fault")
    if case.convergence_budget_ms is not None:
        axes.axvspan(
            0.0,
            case.convergence_budget_ms / 1000,
            color="orange",
            alpha=0.12,
            label=f"budget {case.convergence_budget_ms / 1000:g} s",
        )
    if case.convergence_ms is not None:
        axes.axvline(
            case.convergence_ms / 1000,
            color="green",
            linewidth=1.0,
            linestyle="-.",
            label=f"converged {case.convergence_ms / 1000:.2f} s",
        )
    if restore_s is not None:
        axes.axvline(restore_s, color="purple", linewidth=1.2, label="restore")
    loss = [(s.end_s, s.metrics["loss_pct"]) for s in case.samples if "loss_pct" in s.metrics]
    if loss:
        twin = axes.twinx()
        twin.plot(*zip(*loss, strict=True), color="black", linewidth=1, label="tester loss %")
        twin.set_ylabel("loss %")
    axes.set_xlabel("lab seconds since the fault")
    axes.set_ylabel("packets / lab s")
    axes.set_title(f"{case.name}: {case.fault}", fontsize=9)
    axes.legend(fontsize=7, loc="lower right")
    axes.grid(alpha=0.3)
    figure.tight_layout()
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "path"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return re.sub(r"^.*?(?=<svg)", "", text, flags=re.DOTALL)
