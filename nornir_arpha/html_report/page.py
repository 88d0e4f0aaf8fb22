"""The run's HTML report: one self-contained file (inline CSS and SVG, no script, nothing
fetched), readable in any browser."""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from nornir_arpha.history.comparison import CaseComparison, Comparison
from nornir_arpha.history.runs import CaseResult, RunResult
from nornir_arpha.html_report.timeline import NO_PE_SERIES, element_id, timeline_svg

logger = logging.getLogger(__name__)

STYLE = """
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
.passed { color: #176b17; } .failed, .error { color: #b00020; font-weight: bold; }
.skipped { color: #777; }
tr.regression td { background: #fde4e4; }
.badge { background: #b00020; color: white; padding: 0 0.4em; border-radius: 3px; }
figure { margin: 1em 0; } svg { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; background: #f7f7f7; padding: 0.5em; }
"""

# Links of a case: (label, path relative to the report).
Links = Mapping[str, Sequence[tuple[str, str]]]


def _e(text: object) -> str:
    return html.escape(str(text))


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _header(run: RunResult, comparison: Comparison | None) -> str:
    firmware = "".join(f"<li>{_e(pe)}: {_e(v)}</li>" for pe, v in run.firmware.items())
    baseline = "none"
    if comparison is not None:
        base = comparison.baseline
        baseline = (
            f"run {_e(base.run_id)} ({_e(base.started)}, firmware {_e(base.firmware_label)}"
            f"{', defects ' + _e(', '.join(base.defects)) if base.defects else ''}): "
            f"{len(comparison.regressions)} regression(s), {len(comparison.new_failures)} new "
            f"failure(s), {len(comparison.fixed)} fixed"
        )
    defects = ", ".join(run.defects) or "none"
    run_id = f"run {run.run_id}, " if run.run_id is not None else ""
    return (
        f"<h1>nornir_arpha: lab {_e(run.lab)}</h1>"
        f"<p>{run_id}started {_e(run.started)}, {run.duration_s:.1f} s; time scale "
        f"{run.time_scale:g}; simulator defects: {_e(defects)}</p>"
        f"<p>Firmware:</p><ul>{firmware}</ul>"
        f"<p>Outcomes: <b>{_e(run.counts_text() or 'no cases')}</b></p>"
        f"<p id='baseline'>Baseline: {baseline}</p>"
    )


def _change(compared: CaseComparison | None, name: str) -> str:
    if compared is None:
        return ""
    figure = next((f for f in compared.figures if f.name == name), None)
    if figure is None or figure.delta is None:
        return ""
    return f" <small>({figure.delta:+.0f} vs {_ms(figure.before)})</small>"


def _row(
    case: CaseResult,
    compared: CaseComparison | None,
    links: Sequence[tuple[str, str]],
    with_lab: bool,
) -> str:
    outage = " / ".join(_ms(case.outage_ms.get(d)) for d in ("down", "up"))
    arp = (
        f"{case.arp_local} local + {case.arp_backed_up} backed-up of {case.arp_expected}"
        if case.arp_local is not None
        else case.arp_kept or "-"
    )
    outcome = f"<span class='{_e(case.outcome)}'>{_e(case.outcome)}</span>"
    if (
        compared is not None
        and compared.before is not None
        and compared.outcome_text() != case.outcome
    ):
        outcome += f" <small>(was {_e(compared.before.outcome)})</small>"
    flag = ""
    css = ""
    if compared is not None and compared.regression:
        css = " class='regression'"
        flag = "<span class='badge'>regression</span> " + _e("; ".join(compared.reasons))
    budget = _ms(case.convergence_budget_ms)
    linked = " ".join(f"<a href='{_e(path)}'>{_e(label)}</a>" for label, path in links)
    lab = f"<td>{_e(case.lab or '-')}</td>" if with_lab else ""
    return (
        f"<tr{css}><td><a href='#{_e(_anchor(case))}'>{_e(case.name)}</a></td>{lab}"
        f"<td>{outcome}</td><td>{_e(case.pe or '-')}</td><td>{_e(case.fault or '-')}</td>"
        f"<td>{_ms(case.convergence_ms)} / {budget}{_change(compared, 'convergence')}</td>"
        f"<td>{outage}{_change(compared, 'outage down')}</td>"
        f"<td>{_ms(case.restore_outage_ms)}</td><td>{_e(arp)}</td>"
        f"<td>{_e('-' if case.hosts_losing is None else case.hosts_losing)}</td>"
        f"<td>{flag}</td><td>{linked}</td></tr>"
    )


def _anchor(case: CaseResult) -> str:
    return element_id("case", case.name)


def _detail(
    case: CaseResult,
    run: RunResult,
    links: Sequence[tuple[str, str]],
    baseline: tuple[RunResult, CaseResult] | None = None,
) -> str:
    anchor = _anchor(case)
    parts = [f"<h3 id='{_e(anchor)}'>{_e(case.name)} — {_e(case.outcome)}</h3>"]
    if case.samples or case.series:
        parts.append(
            "<figure class='timeline'>"
            + timeline_svg(case, run.offered_pps, anchor)
            + f"<figcaption>{_e(case.fault)}: {_e(_drawn(case))}</figcaption></figure>"
        )
    if baseline is not None and (baseline[1].samples or baseline[1].series):
        base_run, base_case = baseline
        parts.append(
            f"<details><summary>the same failover in the baseline, run {_e(base_run.run_id)}"
            "</summary><figure class='baseline'>"
            + timeline_svg(base_case, base_run.offered_pps, f"{anchor}-baseline")
            + f"<figcaption>{_e(_drawn(base_case))}</figcaption></figure></details>"
        )
    if case.message:
        parts.append(f"<pre class='failure'>{_e(case.message)}</pre>")
    if links:
        parts.append("<p>" + " · ".join(f"<a href='{_e(p)}'>{_e(lbl)}</a>" for lbl, p in links))
    return "".join(parts)


def _before(
    comparison: Comparison | None, compared: CaseComparison | None
) -> tuple[RunResult, CaseResult] | None:
    """The baseline run and its version of the case, where it has one."""
    if comparison is None or compared is None or compared.before is None:
        return None
    return comparison.baseline, compared.before


def _drawn(case: CaseResult) -> str:
    """What the case's picture shows, in words."""
    pes = ", ".join(series.label for series in case.pe_series() if series.points)
    shown = f"rates of {pes}" if pes else f"{NO_PE_SERIES}: the carrying PEs' summed rates"
    losses = ", ".join(s.direction for s in case.loss_series() if s.points)
    return shown + (f"; the tester's frames lost per lab s ({losses})" if losses else "")


def render(run: RunResult, comparison: Comparison | None = None, links: Links | None = None) -> str:
    """Args: run: the run; comparison: against its baseline, if any; links: per test id, its
    transcripts and snapshots relative to the report.

    Returns:
        the whole HTML document
    """
    links = links or {}
    compared = comparison.by_nodeid() if comparison else {}
    # A run over a pool of labs names each case's lab.
    with_lab = len({case.lab for case in run.cases}) > 1
    head = (
        f"<tr><th>case</th>{'<th>lab</th>' if with_lab else ''}<th>outcome</th>"
        "<th>surviving PE</th><th>fault</th>"
        "<th>convergence / budget (ms)</th><th>outage down / up (ms)</th>"
        "<th>restore outage (ms)</th><th>ARP</th><th>hosts losing</th>"
        "<th>against baseline</th><th>files</th></tr>"
    )
    rows = "".join(
        _row(c, compared.get(c.nodeid), links.get(c.nodeid, ()), with_lab) for c in run.cases
    )
    details = "".join(
        _detail(c, run, links.get(c.nodeid, ()), _before(comparison, compared.get(c.nodeid)))
        for c in run.cases
    )
    gone = ""
    if comparison is not None:
        only_before = [c for c in comparison.cases if c.after is None]
        if only_before:
            gone = "<p>Only in the baseline: " + _e(", ".join(c.name for c in only_before)) + "</p>"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>nornir_arpha run: lab {_e(run.lab)}</title><style>{STYLE}</style></head><body>"
        f"{_header(run, comparison)}<h2>Cases</h2><table>{head}{rows}</table>{gone}"
        f"<h2>Failovers and failures</h2>{details}</body></html>\n"
    )


def write_report(
    path: Path, run: RunResult, comparison: Comparison | None = None, links: Links | None = None
) -> Path:
    """Write the report file.

    Returns:
        its path
    """
    path.write_text(render(run, comparison, links), encoding="utf-8")
    return path
