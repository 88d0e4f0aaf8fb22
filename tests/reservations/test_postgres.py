"""Lab reservations in a shared PostgreSQL database (a real server: `$ARPHA_TEST_POSTGRES_URL`,
which .ci/run provides): a second holder from another process waits or fails naming the
first (runner, pipeline); a holder killed with SIGKILL frees the lab with its connection;
`arpha labs` lists the holders."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nornir_arpha.cli import app
from nornir_arpha.cli.common import console
from nornir_arpha.reservations import LabLocked
from nornir_arpha.reservations.postgres import PgReservations
from tests.history.test_release_runs import postgres_history  # noqa: F401 (a fixture)
from tests.plugin.conftest import ROOT

pytestmark = pytest.mark.slow

HOLD = textwrap.dedent(
    """
    import sys, time
    from nornir_arpha.reservations.postgres import PgReservations
    with PgReservations(sys.argv[1]).hold(sys.argv[2], sys.argv[3], wait_s=0):
        print("held", flush=True)
        time.sleep(600)
    """
)


@pytest.fixture
def holder(postgres_history: str) -> Iterator[subprocess.Popen[str]]:  # noqa: F811
    """Another process (on pipeline 4711) holding lab `pair-1`'s reservation."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, postgres_history, "pair-1@10.0.0.1:22", "pair-1"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "CI_PIPELINE_ID": "4711"},
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    yield process
    process.kill()
    process.wait(timeout=10)


def test_a_second_holder_fails_naming_the_first(
    postgres_history: str,  # noqa: F811
    holder: subprocess.Popen[str],
) -> None:
    with (
        pytest.raises(LabLocked) as refused,
        PgReservations(postgres_history).hold("pair-1@10.0.0.1:22", "pair-1", wait_s=0.5),
    ):
        pass
    message = str(refused.value)
    assert f"lab pair-1 is in use by pid {holder.pid}" in message
    assert "CI_PIPELINE_ID=4711" in message and "waited 0.5s" in message


def test_a_killed_holder_frees_the_lab(
    postgres_history: str,  # noqa: F811
    holder: subprocess.Popen[str],
) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    # The server notices the dropped connection at once, or within the wait.
    with PgReservations(postgres_history).hold(
        "pair-1@10.0.0.1:22", "pair-1", wait_s=10, poll_s=0.1
    ):
        assert [h.lab for h in PgReservations(postgres_history).holders()] == ["pair-1"]
    assert PgReservations(postgres_history).holders() == []


def test_arpha_labs_lists_the_database_holders(
    postgres_history: str,  # noqa: F811
    holder: subprocess.Popen[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(console, "width", 200)  # one table row per holder
    listed = CliRunner().invoke(
        app, ["labs", "--history", postgres_history, "--lab-pool", str(tmp_path)],
    )  # fmt: skip
    assert listed.exit_code == 0, listed.output
    row = next(line for line in listed.output.splitlines() if "pair-1" in line)
    assert f"pid {holder.pid}" in row and "CI_PIPELINE_ID=4711" in row and "postgresql" in row
