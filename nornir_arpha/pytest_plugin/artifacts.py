"""The artifacts folder of a run: transcripts, state snapshots, diffs and a JSON summary.

Layout::

    ARTIFACTS/
      summary.json
      tests/<test id>/transcripts/<host>.log
      tests/<test id>/before/<host>.json, after/<host>.json
      tests/<test id>/diff.txt           (only when the test failed)
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from nornir_arpha.logs.redact import Redactor
from nornir_arpha.pytest_plugin.snapshot_diff import describe_changes
from nornir_arpha.suite.failover import SurvivorVerdict
from nornir_arpha.suite.outage import TrafficFigures
from nornir_arpha.suite.recorder import FailoverTimeline
from nornir_arpha.suite.waits import DeliberateWait


@dataclasses.dataclass
class CaseRecord:
    """What the summary table and summary.json say about one test."""

    nodeid: str
    lab: str = ""  # the lab the case ran on
    outcome: str = "unknown"
    duration_s: float = 0.0
    pe: str = ""
    fault: str = ""
    convergence_ms: float | None = None
    convergence_budget_ms: float | None = None
    arp_kept: str = ""
    message: str = ""
    traffic_source: str = ""  # "otg" (a traffic generator) or "counters" (the PEs')
    outage_ms: dict[str, float | None] = dataclasses.field(default_factory=dict)
    restore_outage_ms: float | None = None
    hosts_losing: int | None = None  # None: the traffic source cannot tell
    # The polled intervals after the fault (RateSample's fields): the report's timeline.
    samples: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    arp_local: int | None = None
    arp_backed_up: int | None = None
    arp_expected: int | None = None
    # Each PE's rate and the tester's loss per direction around the fault (TimelineSeries's
    # fields), and when the fault was restored (lab s since the fault): the timeline.
    series: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    restore_s: float | None = None
    # The verdict windows waited out on purpose (suite/waits.py): wall seconds, and each
    # span as [start, end] epoch seconds (what benchmark figure 4 counts as no overhead).
    deliberate_wait_s: float = 0.0
    deliberate_waits: list[tuple[float, float]] = dataclasses.field(default_factory=list)

    def note_waits(self, waits: Sequence[DeliberateWait]) -> None:
        """Add the deliberate waits of one phase of the test."""
        for wait in waits:
            self.deliberate_wait_s += wait.end - wait.start
            self.deliberate_waits.append((round(wait.start, 3), round(wait.end, 3)))

    def note_survivor(self, verdict: SurvivorVerdict) -> None:
        """The survivor's convergence (lab ms), its budget, the ARP entries it kept, the
        traffic figures, and what limits the figures (a failure's message replaces it)."""
        self.convergence_budget_ms = verdict.budget_s * 1000
        if verdict.convergence.convergence_s is not None:
            self.convergence_ms = verdict.convergence.convergence_s * 1000
        self.arp_kept = f"{verdict.host}: {verdict.coverage.summary()}"
        self.message = "; ".join(verdict.notes)
        self.samples = [dataclasses.asdict(s) for s in verdict.convergence.samples]
        coverage = verdict.coverage
        if coverage.told_apart:  # else the split is unknown: the summary (arp_kept) says so
            self.arp_local, self.arp_backed_up = len(coverage.local), len(coverage.remote)
        self.arp_expected = coverage.expected
        if verdict.traffic is not None:
            self.note_traffic(verdict.traffic)

    def note_traffic(self, figures: TrafficFigures) -> None:
        """The traffic source's figures on the fault and its restore."""
        self.traffic_source = figures.source
        self.outage_ms = {d: _ms(value) for d, value in figures.outage_s.items()}
        self.restore_outage_ms = _ms(figures.restore_outage_s)
        self.hosts_losing = None if figures.hosts_losing is None else len(figures.hosts_losing)

    def note_timeline(self, timeline: FailoverTimeline) -> None:
        """The failover's series and its restore instant."""
        self.series = [dataclasses.asdict(series) for series in timeline.series]
        self.restore_s = timeline.restore_s


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


class Artifacts:
    def __init__(self, root: Path, redact: Redactor) -> None:
        self.root = root
        self.redact = redact
        self.records: dict[str, CaseRecord] = {}
        self.root.mkdir(parents=True, exist_ok=True)

    def test_dir(self, nodeid: str) -> Path:
        return self.root / "tests" / _safe(nodeid)

    def record(self, nodeid: str, lab: str = "") -> CaseRecord:
        """The case's record, made on first use (on `lab`)."""
        return self.records.setdefault(nodeid, CaseRecord(nodeid, lab))

    def write_snapshot(self, nodeid: str, phase: str, host: str, state: Mapping[str, Any]) -> Path:
        """Store one host's state (`before`/`after`) as redacted JSON."""
        path = self.test_dir(nodeid) / phase / f"{host}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(state, indent=2, sort_keys=True, default=_jsonable)
        path.write_text(self.redact(text) + "\n", encoding="utf-8")
        return path

    def write_diff(self, nodeid: str) -> Path | None:
        """On a failure: what changed between the before and after snapshots of every host,
        in sentences (`snapshot_diff`)."""
        folder = self.test_dir(nodeid)
        lines: list[str] = []
        for before in sorted((folder / "before").glob("*.json")):
            after = folder / "after" / before.name
            if not after.exists():
                continue
            old, new = (json.loads(f.read_text(encoding="utf-8"))["state"] for f in (before, after))
            changes = describe_changes(before.stem, old, new)
            lines += changes or [f"{before.stem}: no change in ARP entries, links or backup state"]
        if not lines:
            return None
        path = folder / "diff.txt"
        path.write_text(self.redact("\n".join(lines)) + "\n", encoding="utf-8")
        return path

    def write_summary(self, extra: Mapping[str, Any], records: list[CaseRecord]) -> Path:
        """summary.json: the run's facts (`extra`) and the cases' `records`."""
        path = self.root / "summary.json"
        body = {
            "finished": datetime.now().isoformat(timespec="seconds"),
            **extra,
            "tests": [dataclasses.asdict(r) for r in records],
        }
        text = json.dumps(body, indent=2, default=_jsonable)
        path.write_text(self.redact(text) + "\n", encoding="utf-8")
        return path


def _safe(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.\-\[\]]+", "_", nodeid).strip("_")[:150]


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)
