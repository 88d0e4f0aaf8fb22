"""Traffic outage per failover, as the lab's traffic source sees it.

With a traffic generator (`otg`), every host's frames are counted: the outage per direction
is the worst host's frames lost / its rate, from just before the fault until the
convergence budget has passed plus a settle window; a host still losing frames in that
window fails, by name; the restore (traffic moving back) is measured the same way with its
own budget. With the PEs' counters only (`counters`), the outage per direction is the
counters' step in each direction (`suite/measure.py`), and per-host loss is unknown.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from nornir_arpha.lab import Lab
from nornir_arpha.lab.intent import OtgTester
from nornir_arpha.suite.measure import Convergence
from nornir_arpha.suite.recorder import UNRECORDED, Recorder
from nornir_arpha.suite.waits import wait_until
from nornir_arpha.traffic import DIRECTIONS, Losses, TrafficMark, TrafficSource, losses_between

logger = logging.getLogger(__name__)

SHOWN_HOSTS = 5


@dataclass
class TrafficFigures:
    """A failover's traffic figures and the source they came from.

    Attributes:
        source: "otg" or "counters"
        outage_s: per direction (`down`, `up`), lab seconds; None where not measured
        worst: per direction, the host that lost most (tester only)
        hosts_losing: hosts (with direction) still losing frames after the budget; None
            when the source cannot tell
        restore_outage_s: the worst host's loss while the fault was restored (tester only)
    """

    source: str
    outage_s: dict[str, float | None] = field(default_factory=dict)
    worst: dict[str, str] = field(default_factory=dict)
    hosts_losing: tuple[str, ...] | None = None
    restore_outage_s: float | None = None


def counter_figures(convergence: Convergence) -> TrafficFigures:
    """The counters' step per direction, standing in for the outage."""
    steps = convergence.steps_s
    outage: dict[str, float | None] = dict.fromkeys(DIRECTIONS)
    if steps is not None:
        outage = dict(zip(DIRECTIONS, steps, strict=True))
    return TrafficFigures("counters", outage)


class OutageWatch:
    """Marks the traffic around one fault and its restore, and judges the figures.

    Args:
        lab: the lab (budgets, time scale)
        traffic: the lab's traffic source
        recorder: waits out the budgets and keeps the marks for the report's timeline
    """

    def __init__(self, lab: Lab, traffic: TrafficSource, recorder: Recorder = UNRECORDED) -> None:
        self.lab = lab
        self.traffic = traffic
        self.recorder = recorder
        self.otg: OtgTester | None = lab.settings.traffic.otg if traffic.kind == "otg" else None
        self._start: TrafficMark | None = None
        self._restore: TrafficMark | None = None

    @property
    def _settle_wall_s(self) -> float:
        assert self.otg is not None
        return self.otg.settle_s / self.lab.time_scale

    def _losses(self, first: TrafficMark, last: TrafficMark) -> Losses:
        return losses_between(first, last, self.traffic.flows(), self.lab.time_scale)

    def _losing(self, losses: Losses) -> list[str]:
        assert self.otg is not None
        return [loss.describe() for loss in losses.losing(self.otg.in_flight_frames)]

    def _settled(self, since: float) -> tuple[TrafficMark, TrafficMark]:
        """A mark once `since` has passed, and another one settle window later."""
        wait_until(since, "the budget under test", self.recorder.fill)
        first = self._mark()
        wait_until(
            first.answered + self._settle_wall_s, "the tester's settle window", self.recorder.fill
        )
        return first, self._mark()

    def _mark(self) -> TrafficMark:
        mark = self.traffic.mark()
        assert mark is not None, "a traffic generator always counts frames"
        self.recorder.note_mark(mark)
        return mark

    def before_fault(self) -> list[str]:
        """Mark the traffic just before the fault.

        Returns:
            the hosts losing frames over the settle window before it (the pair is not in
            a steady state if any)
        """
        if self.otg is None:
            return []
        quiet, self._start = self._settled(time.monotonic())
        return self._losing(self._losses(quiet, self._start))

    def judge_fault(
        self, fault_at: float, convergence: Convergence | None = None
    ) -> tuple[TrafficFigures, list[str], list[str]]:
        """Wait out the convergence budget and a settle window, then judge the outage.

        Args:
            fault_at: monotonic time of the fault's commit
            convergence: what the PE counters measured (compared with the tester's figure;
                None: nothing to compare, e.g. a fault that must not interrupt traffic)

        Returns:
            the figures, the problems (failures) and the notes (reported, not failing)
        """
        if self.otg is None or self._start is None:
            counted = TrafficFigures("counters")
            return (counted if convergence is None else counter_figures(convergence)), [], []
        budget = self.lab.settings.budgets.convergence_s
        after_budget, end = self._settled(fault_at + budget / self.lab.time_scale)
        whole = self._losses(self._start, end)
        figures = TrafficFigures(
            "otg",
            {direction: whole.outage_s(direction) for direction in DIRECTIONS},
            {d: loss.host for d in DIRECTIONS if (loss := whole.worst(d)) and loss.lost},
        )
        still = self._losing(self._losses(after_budget, end))
        figures.hosts_losing = tuple(still)
        problems = self._budget_problems(whole, budget, "fault", "convergence")
        if still:
            problems.append(
                f"{self._tester()}: {len(still)} host flows still lose frames "
                f"{budget + self.otg.settle_s:g} lab-s after the fault (convergence budget "
                f"{budget:.1f} s): {_first(still)}"
            )
        notes = [] if convergence is None else self._disagreement(figures, convergence)
        return figures, problems, notes

    def losses_since(self, first: TrafficMark | None, when: str) -> list[str]:
        """The host flows that lost frames from `first` until now, as one problem (none
        without a tester: `first` is then None)."""
        if self.otg is None or first is None:
            return []
        lost = self._losing(self._losses(first, self._mark()))
        if not lost:
            return []
        return [f"{self._tester()}: {len(lost)} host flows lost frames {when}: {_first(lost)}"]

    def before_restore(self) -> None:
        """Mark the traffic just before the fault is cleared."""
        if self.otg is not None:
            self._restore = self._mark()

    def judge_restore(self, restored_at: float, figures: TrafficFigures) -> list[str]:
        """Wait out the restore budget and a settle window; note the restore outage.

        Returns:
            the problems: an outage over the restore budget, hosts still losing frames
        """
        if self.otg is None or self._restore is None:
            return []
        budget = self.lab.settings.budgets.restore_budget_s
        after_budget, end = self._settled(restored_at + budget / self.lab.time_scale)
        whole = self._losses(self._restore, end)
        figures.restore_outage_s = max(whole.outage_s(d) for d in DIRECTIONS)
        problems = self._budget_problems(whole, budget, "restore", "restore outage")
        still = self._losing(self._losses(after_budget, end))
        if still:
            problems.append(
                f"{self._tester()}: {len(still)} host flows still lose frames "
                f"{budget + self.otg.settle_s:g} lab-s after the restore (restore budget "
                f"{budget:.1f} s): {_first(still)}"
            )
        return problems

    def _tester(self) -> str:
        return f"tester flow metrics ({self.traffic.describe()})"

    def _budget_problems(self, losses: Losses, budget: float, event: str, name: str) -> list[str]:
        problems = []
        for direction in DIRECTIONS:
            worst = losses.worst(direction)
            if worst is not None and worst.outage_s > budget:
                problems.append(
                    f"{self._tester()}: {direction}stream outage {worst.outage_s:.2f} s at the "
                    f"{event} (worst host {worst.describe()}), over the {budget:.1f} s {name} "
                    "budget"
                )
        return problems

    def _disagreement(self, figures: TrafficFigures, convergence: Convergence) -> list[str]:
        """A note when the PE counters and the tester tell different outages."""
        assert self.otg is not None
        tester = max((v for v in figures.outage_s.values() if v is not None), default=None)
        counters = convergence.convergence_s
        if tester is None or counters is None:
            return []
        if abs(tester - counters) <= self.otg.disagreement_s + convergence.error_s:
            return []
        return [
            f"the PE counters and the tester disagree: counters converged "
            f"{counters:.2f} s after the fault, the tester's worst host lost "
            f"{tester:.2f} s (more than traffic.otg.disagreement_s "
            f"{self.otg.disagreement_s:g} s apart): a counter defect or a measurement problem"
        ]


def _first(items: list[str]) -> str:
    more = ", ..." if len(items) > SHOWN_HOSTS else ""
    return ", ".join(items[:SHOWN_HOSTS]) + more
