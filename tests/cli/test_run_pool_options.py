"""`arpha run`'s pool options: each misuse is one line and exit status 2, before any run."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from nornir_arpha.cli import app
from nornir_arpha.cli.common import err_console


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "--workers 0: give the number of workers, 1 or more"),
        (["--sim-labs", "0"], "--sim-labs 0: give the number of simulated labs, 1 or more"),
        (["--lab-pool", "{tmp}", "--sim-labs", "2"], "--lab-pool cannot be mixed with --lab"),
        (["--lab-pool", "{tmp}/none"], "--lab-pool {tmp}/none: no such folder, or no lab"),
        (["--lab-pool", "{tmp}"], "--lab-pool {tmp}: no such folder, or no lab folder"),
    ],
    ids=["workers-0", "sim-labs-0", "pool-and-sim-labs", "pool-missing", "pool-empty"],
)
def test_a_pool_option_misused_is_one_line(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(err_console, "width", 300)
    done = CliRunner().invoke(app, ["run", *(a.format(tmp=tmp_path) for a in args)])
    assert done.exit_code == 2, done.output
    assert message.format(tmp=tmp_path) in done.output
    assert len(done.output.strip().splitlines()) == 1, done.output
