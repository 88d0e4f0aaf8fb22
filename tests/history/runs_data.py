"""Runs made up for the history's tests: a baseline and a run with a slower failover."""

from __future__ import annotations

from nornir_arpha.history.runs import CaseResult, RunResult, Sample, Series

SAMPLES = (
    Sample(-0.5, 0.0, 500.0, 500.0),
    Sample(0.0, 0.5, 400.0, 420.0),
    Sample(0.5, 1.0, 990.0, 995.0),
)
# PE1 fails at 0 and is back at 4; PE2 takes its share meanwhile; the tester loses PE1's.
SERIES = (
    Series("rate", "PE1", "down", ((-0.5, 500.0), (0.5, 0.0), (4.5, 0.0), (5.0, 500.0))),
    Series("rate", "PE1", "up", ((-0.5, 500.0), (0.5, 0.0), (4.5, 250.0), (5.0, 500.0))),
    Series("rate", "PE2", "down", ((-0.5, 500.0), (0.5, 900.0), (4.5, 1000.0), (5.0, 500.0))),
    Series("rate", "PE2", "up", ((-0.5, 500.0), (0.5, 950.0), (4.5, 750.0), (5.0, 500.0))),
    Series("loss", "tester", "down", ((-0.5, 0.0), (0.5, 480.0), (1.0, 0.0), (5.0, 0.0))),
    Series("loss", "tester", "up", ((-0.5, 0.0), (0.5, 150.0), (1.0, 0.0), (5.0, 0.0))),
)


def case(
    nodeid: str,
    outcome: str = "passed",
    convergence_ms: float | None = 900.0,
    series: tuple[Series, ...] = (),
) -> CaseResult:
    return CaseResult(
        nodeid=nodeid,
        outcome=outcome,
        pe="PE2",
        fault="PE1 all-members: shut GigabitEthernet0/1/0",
        convergence_ms=convergence_ms,
        convergence_budget_ms=3000.0,
        outage_ms={"down": convergence_ms, "up": convergence_ms},
        arp_local=50,
        arp_backed_up=50,
        arp_expected=100,
        samples=SAMPLES,
        series=series,
        restore_s=4.0 if series else None,
        message="" if outcome == "passed" else "PE2: 'display arp all' lacks ARP entries",
    )


def run(firmware: str, *cases: CaseResult, defects: tuple[str, ...] = ()) -> RunResult:
    return RunResult(
        lab="sim",
        firmware={"PE1": firmware, "PE2": firmware},
        started="2026-01-01T10:00:00+00:00",
        duration_s=12.0,
        time_scale=10.0,
        defects=defects,
        poll_interval_s=0.1,
        offered_pps=1000.0,
        cases=cases,
    )


BASELINE = run(
    "V800R021",
    case("t.py::test_fast"),
    case("t.py::test_slower"),
    case("t.py::test_broken", "failed", None),
    case("t.py::test_jitter"),
)
# The baseline was recorded before per-PE series were kept; the current run has them.
CURRENT = run(
    "V800R023",
    case("t.py::test_fast", series=SERIES),
    case("t.py::test_slower", convergence_ms=1400.0, series=SERIES),  # +55 %, +500 ms
    case("t.py::test_broken"),  # fixed
    case("t.py::test_jitter", convergence_ms=1050.0),  # +17 %: within tolerance
    case("t.py::test_new_failure", "failed", None),
    defects=("slow-failover",),
)
