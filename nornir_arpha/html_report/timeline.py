"""One failover's timeline as an inline SVG picture (matplotlib, no pyplot state).

Above: each PE's rate per direction over lab time since the fault (one colour per PE, solid
downstream, dashed upstream), the offered rate and 95 % of it, the fault (t = 0) and its
restore marked, the convergence budget shaded. Below, with a tester: the frames it lost per
lab second in each direction. A run recorded before per-PE series were kept shows the
carrying PEs' summed rates from its samples and says "no per-PE series recorded".

Every line carries an id (`<case>-rate-<PE>-<direction>`, `<case>-loss-<direction>`,
`<case>-fault`, `<case>-restore`, `<case>-offered`): the SVG's `<g id=...>`, for tools and tests.
"""

from __future__ import annotations

import io
import logging
import re

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from nornir_arpha.history.runs import CaseResult, Series

logger = logging.getLogger(__name__)

FULL_RATE_SHARE = 0.95
NO_PE_SERIES = "no per-PE series recorded"
STYLES = {"down": "-", "up": "--"}
SUMMED = (("rate_pps", "down"), ("in_rate_pps", "up"))  # a sample's sums, by direction


def element_id(*parts: str) -> str:
    """An id from `parts`, each character that is not a letter or digit made `-`."""
    return "-".join("".join(c if c.isalnum() else "-" for c in part) for part in parts)


def _steps(
    axes: Axes, line: Series, colour: str, label: str, names: tuple[str, ...], ident: str
) -> None:
    """A series as steps: each value held over the interval that ends at its time; the
    line's id is `ident`, `names` and the direction."""
    if line.points:
        times, values = zip(*line.points, strict=True)
        axes.plot(
            times,
            values,
            STYLES.get(line.direction, ":"),
            color=colour,
            drawstyle="steps-pre",
            linewidth=1.4,
            label=label,
            gid=element_id(ident, *names, line.direction),
        )


def _pe_rates(axes: Axes, case: CaseResult, ident: str) -> None:
    """One line per PE and direction; else the carriers' sums, saying the PEs' are absent."""
    series = case.pe_series()
    colours = {pe: f"C{n}" for n, pe in enumerate(sorted({s.source for s in series}))}
    for line in series:
        _steps(axes, line, colours[line.source], line.label, ("rate", line.source), ident)
    if series:
        return
    for key, direction in SUMMED:
        moments: list[float] = []
        sums: list[float] = []
        for sample in case.samples:
            moments += [sample.start_s, sample.end_s]
            sums += [getattr(sample, key)] * 2
        axes.plot(
            moments,
            sums,
            STYLES[direction],
            linewidth=1.6,
            label=f"carrying PEs {direction}",
            gid=element_id(ident, "sum", direction),
        )
    axes.text(0.01, 0.03, NO_PE_SERIES, transform=axes.transAxes, fontsize=8, color="#b00020")


def _instants(axes: Axes, case: CaseResult, ident: str, labelled: bool) -> None:
    """The fault and its restore, on `axes` (labelled once, in the upper panel's legend)."""
    axes.axvline(
        0.0,
        color="red",
        linewidth=1.2,
        label="fault" if labelled else None,
        gid=element_id(ident, "fault") if labelled else None,
    )
    if case.restore_s is not None:
        axes.axvline(
            case.restore_s,
            color="purple",
            linewidth=1.2,
            label="restore" if labelled else None,
            gid=element_id(ident, "restore") if labelled else None,
        )


def _budget(axes: Axes, case: CaseResult, offered_pps: float, ident: str) -> None:
    """The offered rate, 95 % of it, the convergence budget and the convergence."""
    if offered_pps:
        axes.axhline(
            offered_pps,
            color="black",
            linewidth=0.8,
            linestyle="-.",
            label=f"offered {offered_pps:g} pps",
            gid=element_id(ident, "offered"),
        )
        axes.axhline(
            FULL_RATE_SHARE * offered_pps,
            color="grey",
            linewidth=0.8,
            linestyle=":",
            label="95 % of offered",
        )
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


def _tester_loss(axes: Axes, case: CaseResult, ident: str) -> None:
    """The tester's frames lost per lab second, per direction."""
    for line in case.loss_series():
        _steps(axes, line, "black", f"lost {line.direction}", ("loss",), ident)
    axes.set_ylabel("tester: lost / lab s", fontsize=8)
    axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    axes.grid(alpha=0.3)


def timeline_svg(case: CaseResult, offered_pps: float, ident: str = "case") -> str:
    """Draw the case's timeline.

    Args:
        case: a failover case with series (or, recorded before them, samples)
        offered_pps: the lab's offered rate per direction
        ident: prefix of the lines' ids (unique per picture in a page)

    Returns:
        an `<svg>` element (text drawn as paths: no fonts fetched)
    """
    with_loss = bool(case.loss_series())
    figure = Figure(figsize=(9.0, 4.6 if with_loss else 3.4), dpi=100)
    grid = figure.add_gridspec(2 if with_loss else 1, 1, height_ratios=[3, 1.3][: 1 + with_loss])
    rates = figure.add_subplot(grid[0])
    _pe_rates(rates, case, ident)
    _budget(rates, case, offered_pps, ident)
    _instants(rates, case, ident, labelled=True)
    rates.set_ylabel("packets / lab s")
    rates.set_title(f"{case.name}: {case.fault}", fontsize=9)
    rates.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    rates.grid(alpha=0.3)
    bottom = rates
    if with_loss:
        bottom = figure.add_subplot(grid[1], sharex=rates)
        _tester_loss(bottom, case, ident)
        _instants(bottom, case, ident, labelled=False)
    bottom.set_xlabel("lab seconds since the fault")
    figure.tight_layout()
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "path"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return re.sub(r"^.*?(?=<svg)", "", text, flags=re.DOTALL)
