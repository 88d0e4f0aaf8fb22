"""A run as the history keeps it: the lab, firmware, timing and every case's figures.

The same shape is `summary.json`'s (the plugin writes it, the history stores it), so a run
read back from the history and a run just finished are one type.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

# How bad an outcome is: a case whose rank grew got worse.
OUTCOME_RANK = {"passed": 0, "skipped": 1, "unknown": 1, "failed": 2, "error": 2}
DIRECTIONS = ("down", "up")


@dataclass(frozen=True)
class Sample:
    """One polled interval after a fault: lab seconds since the fault, rates in pps.

    `metrics` and `per_pe` are kept for summaries that carry them (a tester's figures, each
    PE's own rates); the suite records each PE's rates and the tester's loss over the whole
    failover as `Series` instead.
    """

    start_s: float
    end_s: float
    rate_pps: float
    in_rate_pps: float
    metrics: dict[str, float] = field(default_factory=dict)
    per_pe: dict[str, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Sample:
        """Args: data: a summary's sample. Returns: the sample (unknown keys ignored)."""
        return cls(
            start_s=float(data.get("start_s", 0.0)),
            end_s=float(data.get("end_s", 0.0)),
            rate_pps=float(data.get("rate_pps", 0.0)),
            in_rate_pps=float(data.get("in_rate_pps", 0.0)),
            metrics={str(k): float(v) for k, v in dict(data.get("metrics") or {}).items()},
            per_pe={
                str(pe): {str(k): float(v) for k, v in dict(rates).items()}
                for pe, rates in dict(data.get("per_pe") or {}).items()
            },
        )


@dataclass(frozen=True)
class Series:
    """One line of a failover's timeline: `kind` `rate` (a PE's Eth-Trunk, packets per lab
    s) or `loss` (the tester's frames lost per lab s), from `source` (the PE, or `tester`),
    in `direction` (`down`, `up`); `points` are (lab s since the fault, the value over the
    interval that ends there)."""

    kind: str
    source: str
    direction: str
    points: tuple[tuple[float, float], ...] = ()

    @property
    def label(self) -> str:
        """`PE1 down`, `tester loss up`."""
        what = self.source if self.kind == "rate" else f"{self.source} {self.kind}"
        return f"{what} {self.direction}"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Series:
        """Args: data: a summary's series. Returns: the series."""
        return cls(
            kind=str(data["kind"]),
            source=str(data["source"]),
            direction=str(data["direction"]),
            points=tuple((float(t), float(v)) for t, v in data.get("points") or ()),
        )


@dataclass(frozen=True)
class CaseResult:
    """One test case's outcome and figures (times in lab milliseconds)."""

    nodeid: str
    lab: str = ""  # the lab the case ran on ('' in runs recorded before revision 0003)
    outcome: str = "unknown"
    duration_s: float = 0.0
    pe: str = ""
    fault: str = ""
    message: str = ""
    convergence_ms: float | None = None
    convergence_budget_ms: float | None = None
    arp_kept: str = ""
    traffic_source: str = ""
    outage_ms: dict[str, float | None] = field(default_factory=dict)
    restore_outage_ms: float | None = None
    hosts_losing: int | None = None
    arp_local: int | None = None
    arp_backed_up: int | None = None
    arp_expected: int | None = None
    samples: tuple[Sample, ...] = ()
    series: tuple[Series, ...] = ()  # none in runs recorded before per-PE series were kept
    restore_s: float | None = None  # lab s from the fault to its restore

    @property
    def name(self) -> str:
        """The test's name without its file (`test_x[PE1-one-member]`)."""
        return self.nodeid.split("::")[-1]

    @property
    def failed(self) -> bool:
        return OUTCOME_RANK.get(self.outcome, 1) >= OUTCOME_RANK["failed"]

    def pe_series(self) -> tuple[Series, ...]:
        """The PEs' rate series."""
        return tuple(series for series in self.series if series.kind == "rate")

    def loss_series(self) -> tuple[Series, ...]:
        """The tester's loss series."""
        return tuple(series for series in self.series if series.kind == "loss")

    def figures(self) -> dict[str, float | None]:
        """The times compared between runs: convergence, outage per direction, restore."""
        figures: dict[str, float | None] = {"convergence": self.convergence_ms}
        figures.update({f"outage {d}": self.outage_ms.get(d) for d in DIRECTIONS})
        figures["restore outage"] = self.restore_outage_ms
        return figures

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> CaseResult:
        """Args: data: one of a summary's `tests`. Returns: the case (unknown keys ignored)."""
        known = {name for name in cls.__dataclass_fields__ if name not in ("samples", "series")}
        values = {key: value for key, value in data.items() if key in known}
        values["outage_ms"] = dict(values.get("outage_ms") or {})
        samples = tuple(Sample.from_mapping(s) for s in data.get("samples") or ())
        series = tuple(Series.from_mapping(s) for s in data.get("series") or ())
        return cls(**values, samples=samples, series=series)


@dataclass(frozen=True)
class RunResult:
    """One run: where, on what firmware, when, under which settings, and its cases."""

    lab: str
    firmware: dict[str, str] = field(default_factory=dict)
    started: str = ""  # ISO 8601, local time with offset
    duration_s: float = 0.0
    time_scale: float = 1.0
    personality: str = ""
    defects: tuple[str, ...] = ()
    poll_interval_s: float = 0.0
    offered_pps: float = 0.0
    tolerance_pct: float = 20.0
    tolerance_polls: float = 2.0
    exit_status: int = 0
    artifacts: str = ""
    cases: tuple[CaseResult, ...] = ()
    run_id: int | None = None

    @property
    def firmware_label(self) -> str:
        """The PEs' versions, one when they agree (`V800R023C10SPC500`)."""
        versions = sorted(set(self.firmware.values()))
        return ", ".join(versions) or "unknown"

    def counts(self) -> dict[str, int]:
        """How many cases ended in each outcome."""
        counts: dict[str, int] = {}
        for case in self.cases:
            counts[case.outcome] = counts.get(case.outcome, 0) + 1
        return counts

    def counts_text(self) -> str:
        """`10 passed, 2 failed`."""
        return ", ".join(f"{n} {outcome}" for outcome, n in sorted(self.counts().items()))

    def to_summary(self) -> dict[str, Any]:
        """Returns: the run as summary.json holds it."""
        body = asdict(self)
        body["defects"] = list(self.defects)
        body["tests"] = body.pop("cases")
        return body

    @classmethod
    def from_summary(cls, data: Mapping[str, Any], run_id: int | None = None) -> RunResult:
        """Args: data: a summary.json body; run_id: its id in a history.
        Returns: the run (unknown keys ignored, missing ones at their defaults)."""
        known = {name for name in cls.__dataclass_fields__ if name not in ("cases", "run_id")}
        values = {key: value for key, value in data.items() if key in known}
        values["defects"] = tuple(values.get("defects") or ())
        values["firmware"] = dict(values.get("firmware") or {})
        cases = tuple(CaseResult.from_mapping(c) for c in data.get("tests") or ())
        return cls(**values, cases=cases, run_id=run_id)
