"""SIGKILL at random moments of a run (configure, a link fault, teardown): `arpha restore`
then brings both PEs back to the exact config they had before, with every link up, and the
whole suite then passes on the restored lab without a repair.

The moments are chosen by polling the simulator (served by this process) for an observable
state, plus a seeded random offset, so a failure can be replayed with the same seed.
"""

from __future__ import annotations

import random
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from nornir_arpha.journal import Journal, journal_path
from nornir_arpha.tasks.polling import Deadline, poll
from tests.plugin.conftest import ExternalLab, link_states, running_configs, start_suite
from tests.plugin.test_restore import arpha

CASE = "nornir_arpha/testcases/test_02_failover.py::test_whole_eth_trunk_shutdown[PE1]"
SEED = 1207
TRIALS = 10
WAIT = Deadline(timeout_s=60.0, interval_s=0.005)


def _trunk_shut(lab: ExternalLab) -> bool:
    trunk = lab.lab.intent("PE1").eth_trunk.name
    return bool(lab.sim.call(lambda: lab.sim.devices["PE1"].running.interfaces[trunk].shutdown))


def _begun(action: str) -> Callable[[ExternalLab], bool]:
    """The journal holds the begin record of a commit of `action` (written before sending)."""

    def begun(lab: ExternalLab) -> bool:
        path = journal_path(lab.lab)
        return path.is_file() and f'"what": "{action}:' in path.read_text()

    return begun


# Each moment: the observable states to reach in turn, then the largest random offset (s).
MOMENTS: dict[str, tuple[tuple[Callable[[ExternalLab], bool], ...], float]] = {
    "configure begun": ((_begun("configure"),), 0.06),
    "trunk shut": ((_trunk_shut,), 0.25),
    "teardown begun": ((_begun("teardown"),), 0.04),
}


def _kill_at(lab: ExternalLab, suite: subprocess.Popen[str], moment: str, offset: float) -> str:
    for state in MOMENTS[moment][0]:
        reached = poll(lambda state=state: state(lab) or suite.poll() is not None, bool, WAIT)
        assert reached.met, f"{moment}: never reached"
    try:
        suite.wait(timeout=offset)  # the run may end by itself within the offset
    except subprocess.TimeoutExpired:
        suite.send_signal(signal.SIGKILL)
    output, _ = suite.communicate(timeout=30)
    return output


def test_sigkill_at_random_moments_then_restore_returns_to_baseline(
    external_lab: ExternalLab, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    baseline = running_configs(external_lab)
    journal = journal_path(external_lab.lab)
    killed: list[str] = []
    for trial in range(TRIALS):
        moment = list(MOMENTS)[trial % len(MOMENTS)]
        offset = rng.uniform(0.0, MOMENTS[moment][1])
        label = f"trial {trial} (seed {SEED}): SIGKILL {offset:.3f}s after {moment}"
        suite = start_suite(external_lab.folder, tmp_path / f"artifacts-{trial}", CASE)
        try:
            output = _kill_at(external_lab, suite, moment, offset)
        finally:
            if suite.poll() is None:
                suite.kill()
                suite.communicate()
        if suite.returncode == -signal.SIGKILL:
            killed.append(label)
        code, restored = arpha("restore", "--lab", str(external_lab.folder))
        assert code == 0, f"{label}\n{restored}\n{output}"
        assert running_configs(external_lab) == baseline, f"{label}\n{restored}"
        for pe in external_lab.lab.pair:
            down = {k: v for k, v in link_states(external_lab, pe).items() if v.upper() != "UP"}
            assert not down, f"{label}: {pe} links not up after restore: {down}\n{restored}"
        assert Journal(journal).outstanding() == [], label
    assert len(killed) >= TRIALS - 2, f"too few runs were killed mid-way: {killed}"
    # The restored lab passes the gate (no repair on a real-style lab) and the whole suite.
    after = start_suite(external_lab.folder, tmp_path / "after", "nornir_arpha/testcases")
    output, _ = after.communicate(timeout=600)
    assert after.returncode == 0, f"pytest testcases after {TRIALS} kills and restores:\n{output}"
    assert " passed" in output and "error" not in output.lower(), output


# 30-60 s: outside the default run, which must stay under 3 minutes; .ci/run runs it.
pytestmark = [pytest.mark.destructive, pytest.mark.slow]
