"""The plugin's hot_backup refuses hot-backup objects that are not the lab's, unless
--take-over: a pytest process run against a simulated lab that another user configured."""

from __future__ import annotations

from pathlib import Path

import pytest

from nornir_arpha.device.inventory import open_nornir
from tests.plugin.conftest import ExternalLab, start_suite
from tests.tasks.test_ownership import FOREIGN, commit_on_pe1, displays

CASE = "nornir_arpha/testcases/test_01_setup_and_sync.py::test_hot_backup_configured_and_verified"


@pytest.mark.slow  # a suite run end to end: outside the default run, .ci/run runs it
def test_hot_backup_refuses_what_is_not_the_labs_unless_take_over(
    external_lab: ExternalLab, tmp_path: Path
) -> None:
    nr = open_nornir(external_lab.lab)
    try:
        commit_on_pe1(nr, FOREIGN["e-trunk-settings"][0])
        before = displays(nr)
        refused = start_suite(external_lab.folder, tmp_path / "refused", CASE)
        output, _ = refused.communicate(timeout=120)
        assert refused.returncode == 1, output
        assert "PE1: refused: PE1: configure refused: not the lab's: E-Trunk 1" in output
        assert "'priority 50' on the device, 'priority 10' in the lab" in output
        assert "PE2: not sent: nothing sent: PE1 refused" in output
        assert displays(nr) == before

        taken = start_suite(external_lab.folder, tmp_path / "taken", CASE, "--take-over")
        output, _ = taken.communicate(timeout=120)
        assert taken.returncode == 0, output
        # The foreign E-Trunk was replaced, then removed: said, not hidden.
        log = (tmp_path / "taken" / "debug.log").read_text()
        assert "--take-over: the PEs are left off their baseline" in log
        assert "- priority 50" in log
    finally:
        nr.close_connections(on_good=True, on_failed=True)
