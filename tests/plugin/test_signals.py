"""Ctrl-C or a cancelled CI job in the middle of a failover still restores every link."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from nornir_arpha.tasks.polling import Deadline, poll
from tests.plugin.conftest import ExternalLab, link_states, start_suite

FAILOVER = "nornir_arpha/testcases/test_02_failover.py::test_whole_eth_trunk_shutdown"
WAIT = Deadline(timeout_s=60.0, interval_s=0.02)


def _trunk_shut(lab: ExternalLab, pe: str) -> bool:
    trunk = lab.lab.intent(pe).eth_trunk.name
    return bool(lab.sim.call(lambda: lab.sim.devices[pe].running.interfaces[trunk].shutdown))


@pytest.mark.slow  # a failover run end to end per signal: outside the default run, .ci/run runs it
@pytest.mark.destructive
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_mid_failover_restores_every_link(
    external_lab: ExternalLab, tmp_path: Path, signum: signal.Signals
) -> None:
    suite = start_suite(external_lab.folder, tmp_path / "artifacts", f"{FAILOVER}[PE1]")
    try:
        faulted = poll(lambda: _trunk_shut(external_lab, "PE1"), bool, WAIT)
        assert faulted.met, "the failover test never shut PE1's Eth-Trunk"
        suite.send_signal(signum)
        output, _ = suite.communicate(timeout=60)
    finally:
        if suite.poll() is None:
            suite.kill()
            suite.communicate()
    assert suite.returncode != 0, f"the interrupted run reported success:\n{output}"
    for pe in external_lab.lab.pair:
        states = link_states(external_lab, pe)
        down = {name: state for name, state in states.items() if state.upper() != "UP"}
        assert not down, f"{pe} after {signum.name}: not restored: {down}\n{output}"
