"""Two runs side by side: each case's outcome and figures, and which cases regressed.

A case regressed when its outcome got worse, or when one of its times (convergence, outage
per direction, restore outage) grew beyond the tolerance the newer run's lab declared:
more than `tolerance_pct` % and more than `tolerance_polls` poll intervals.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from nornir_arpha.history.runs import OUTCOME_RANK, CaseResult, RunResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FigureChange:
    """One time of a case in both runs (lab ms)."""

    name: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    def text(self) -> str:
        """`998 → 3004 ms (+2006)`, or `-` when neither run has it."""
        if self.before is None and self.after is None:
            return "-"
        before = "-" if self.before is None else f"{self.before:.0f}"
        after = "-" if self.after is None else f"{self.after:.0f}"
        delta = "" if self.delta is None else f" ({self.delta:+.0f})"
        return f"{before} → {after} ms{delta}"


@dataclass(frozen=True)
class CaseComparison:
    """One case (by test id) in the baseline and in the current run."""

    nodeid: str
    before: CaseResult | None
    after: CaseResult | None
    figures: tuple[FigureChange, ...] = ()
    reasons: tuple[str, ...] = field(default_factory=tuple)  # why it is a regression

    @property
    def name(self) -> str:
        return self.nodeid.split("::")[-1]

    @property
    def regression(self) -> bool:
        return bool(self.reasons)

    @property
    def new_failure(self) -> bool:
        return self.after is not None and self.after.failed and not _failed(self.before)

    @property
    def fixed(self) -> bool:
        return _failed(self.before) and self.after is not None and not self.after.failed

    def outcome_text(self) -> str:
        before = self.before.outcome if self.before else "absent"
        after = self.after.outcome if self.after else "absent"
        return after if before == after else f"{before} → {after}"


def _failed(case: CaseResult | None) -> bool:
    return case is not None and case.failed


@dataclass(frozen=True)
class Comparison:
    """The baseline, the current run, and every case of either."""

    baseline: RunResult
    current: RunResult
    cases: tuple[CaseComparison, ...]

    @property
    def regressions(self) -> list[CaseComparison]:
        return [case for case in self.cases if case.regression]

    @property
    def new_failures(self) -> list[CaseComparison]:
        return [case for case in self.cases if case.new_failure]

    @property
    def fixed(self) -> list[CaseComparison]:
        return [case for case in self.cases if case.fixed]

    def by_nodeid(self) -> dict[str, CaseComparison]:
        return {case.nodeid: case for case in self.cases}


def grew_too_much(before: float, after: float, pct: float, limit_ms: float) -> bool:
    """Whether a time grew by more than `pct` % and by more than `limit_ms`."""
    return after > before * (1 + pct / 100) and after - before > limit_ms


def _reasons(
    before: CaseResult | None, after: CaseResult, figures: tuple[FigureChange, ...], run: RunResult
) -> tuple[str, ...]:
    reasons = []
    if before is not None and OUTCOME_RANK.get(after.outcome, 1) > OUTCOME_RANK.get(
        before.outcome, 1
    ):
        reasons.append(f"outcome {before.outcome} → {after.outcome}")
    limit_ms = run.tolerance_polls * run.poll_interval_s * 1000
    for figure in figures:
        if figure.before is None:
            continue
        if figure.after is None:
            if not after.failed:  # a failed case is flagged by its outcome already
                reasons.append(f"{figure.name} no longer measured (was {figure.before:.0f} ms)")
        elif grew_too_much(figure.before, figure.after, run.tolerance_pct, limit_ms):
            reasons.append(
                f"{figure.name} {figure.before:.0f} → {figure.after:.0f} ms "
                f"(> {run.tolerance_pct:g} % and > {limit_ms:.0f} ms)"
            )
    return tuple(reasons)


def compare_runs(baseline: RunResult, current: RunResult) -> Comparison:
    """Pair the cases of two runs by test id and judge each against the current run's
    tolerance.

    Returns:
        the comparison, cases in the current run's order, then those only in the baseline
    """
    old = {case.nodeid: case for case in baseline.cases}
    compared = []
    for case in current.cases:
        before = old.pop(case.nodeid, None)
        figures = tuple(
            FigureChange(name, (before.figures()[name] if before else None), value)
            for name, value in case.figures().items()
        )
        compared.append(
            CaseComparison(
                case.nodeid, before, case, figures, _reasons(before, case, figures, current)
            )
        )
    compared += [CaseComparison(nodeid, case, None) for nodeid, case in old.items()]
    return Comparison(baseline, current, tuple(compared))
