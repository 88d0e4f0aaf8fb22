"""The failover suite catches every injectable firmware defect, and passes without them.

One pytest subprocess per row of `matrix.RUNS`, each against a fresh simulated lab, two at a
time. A defect row passes when at least one test case fails with a message that names the
defect's symptom (a device-observed fact: a display command and what it lacked), never a
generic error; a healthy row passes when every selected test case passes.
"""

from __future__ import annotations

import pytest

from nornir_arpha.sim.defects import Defect
from tests.defects.matrix import RUNS, Outcome, Run, execute_all

# One suite run per defect: minutes in all, outside the default run; .ci/run runs it.
pytestmark = [pytest.mark.timeout(900), pytest.mark.matrix]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[Run, Outcome]:
    return execute_all(RUNS, tmp_path_factory.mktemp("matrix"))


def test_every_defect_has_a_row() -> None:
    assert {run.defect for run in RUNS if run.symptom} == set(Defect)


@pytest.mark.parametrize("run", [run for run in RUNS if run.symptom is None], ids=lambda r: r.id)
def test_healthy_runs_pass(run: Run, outcomes: dict[Run, Outcome]) -> None:
    outcome = outcomes[run]
    assert outcome.status == 0 and outcome.passed and not outcome.failures, outcome.output


@pytest.mark.parametrize("run", [run for run in RUNS if run.symptom], ids=lambda r: r.id)
def test_defect_is_caught_with_its_symptom(run: Run, outcomes: dict[Run, Outcome]) -> None:
    outcome = outcomes[run]
    assert outcome.failures, f"{run.id}: no test case failed\n{outcome.output}"
    assert outcome.matching(), (
        f"{run.id}: no failure names the symptom /{run.symptom}/; the failures were:\n"
        + "\n---\n".join(f"{f.test}: {f.message}" for f in outcome.failures)
    )


COUNTER_DEFECTS = {"counters-frozen", "counters-double-count"}


def test_only_counter_defects_are_called_a_counter_defect(outcomes: dict[Run, Outcome]) -> None:
    # Counters that stand still for lack of traffic (slow-failover: the core has not moved
    # the traffic back to the restored PE yet) or fall short because traffic is lost
    # (survivor-drops-some) are a traffic problem; only counters that stand still while
    # the PE forwards, or count more than the offered rate, are a counter defect.
    blamed = [
        f"{outcome.run.id}: {failure.test}"
        for outcome in outcomes.values()
        for failure in outcome.failures
        if "(counter defect)" in failure.message and outcome.run.defect not in COUNTER_DEFECTS
    ]
    assert not blamed
    slow = next(outcome for run, outcome in outcomes.items() if run.defect == "slow-failover")
    assert any("the load is not shared" in f.message for f in slow.failures)
