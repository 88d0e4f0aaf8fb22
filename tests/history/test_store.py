"""The history store: round trip, migrations, comparison rules, errors in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from nornir_arpha.cli import app
from nornir_arpha.cli.common import console
from nornir_arpha.history.comparison import compare_runs, grew_too_much
from nornir_arpha.history.database import HistoryError, open_history
from nornir_arpha.history.schema import metadata
from tests.history.runs_data import BASELINE, CURRENT


def test_a_run_reads_back_as_recorded(tmp_path: Path) -> None:
    history = open_history(str(tmp_path / "h.sqlite"))
    run_id = history.record(CURRENT)
    loaded = history.load(run_id)
    assert loaded.run_id == run_id
    assert loaded.firmware == CURRENT.firmware and loaded.defects == ("slow-failover",)
    assert [c.nodeid for c in loaded.cases] == [c.nodeid for c in CURRENT.cases]
    assert loaded.cases[1].samples == CURRENT.cases[1].samples
    assert loaded.cases[1].outage_ms == {"down": 1400.0, "up": 1400.0}
    assert loaded.to_summary()["tests"][0]["arp_backed_up"] == 50


def test_migrations_build_exactly_the_schema(tmp_path: Path) -> None:
    """Alembic's migrations from the first version give the tables `schema` declares."""
    where = tmp_path / "h.sqlite"
    open_history(str(where))
    engine = create_engine(f"sqlite:///{where}")
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
        version = connection.execute(text("select version_num from alembic_version")).scalar()
    assert version == "0002"
    open_history(str(where))  # a second open finds it up to date


def test_comparison_flags_worse_outcomes_and_grown_times_beyond_tolerance() -> None:
    comparison = compare_runs(BASELINE, CURRENT)
    flagged = {case.name: case.reasons for case in comparison.regressions}
    assert set(flagged) == {"test_slower"}  # a failure new in the run, no earlier outcome
    assert "convergence 900 → 1400 ms" in flagged["test_slower"][0]
    assert [case.name for case in comparison.fixed] == ["test_broken"]
    assert [case.name for case in comparison.new_failures] == ["test_new_failure"]


def test_a_worse_outcome_is_a_regression() -> None:
    swapped = compare_runs(CURRENT, BASELINE)
    assert "outcome passed → failed" in swapped.by_nodeid()["t.py::test_broken"].reasons


def test_growth_needs_both_the_share_and_the_poll_intervals() -> None:
    assert grew_too_much(900, 1400, 20, 200)
    assert not grew_too_much(900, 1050, 20, 200)  # +17 %
    assert not grew_too_much(100, 250, 20, 200)  # +150 %, but only 150 ms


def test_arpha_history_and_compare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "width", 200)
    where = str(tmp_path / "h.sqlite")
    history = open_history(where)
    first, second = history.record(BASELINE), history.record(CURRENT)
    runner = CliRunner()
    listed = runner.invoke(app, ["history", "--history", where])
    assert listed.exit_code == 0, listed.output
    assert "V800R021" in listed.output and "V800R023" in listed.output
    assert "3 passed" in listed.output and "1 failed" in listed.output
    compared = runner.invoke(app, ["compare", str(first), str(second), "--history", where])
    assert compared.exit_code == 1, compared.output
    assert "regression: test_slower" in compared.output
    assert "new failure: test_new_failure" in compared.output
    assert "fixed: test_broken" in compared.output
    by_firmware = runner.invoke(
        app, ["compare", "--firmware", "V800R023", "--baseline", "V800R021", "--history", where]
    )
    assert by_firmware.exit_code == 1 and "regression: test_slower" in by_firmware.output
    same = runner.invoke(app, ["compare", str(first), str(first), "--history", where])
    assert same.exit_code == 0, same.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["compare", "1", "99"], "no run 99 in the history"),
        (["compare", "1", "x"], "'x' is not a run id"),
        (["history", "--history", "{missing}"], "no history at"),
        (["history", "--history", "postgresql://arpha:secret@127.0.0.1:1/h"], "cannot open"),
        (["history", "--history", "nosuch://"], "--history"),
    ],
)
def test_bad_input_is_one_line(tmp_path: Path, args: list[str], said: str) -> None:
    where = str(tmp_path / "h.sqlite")
    open_history(where).record(BASELINE)
    args = [arg.replace("{missing}", str(tmp_path / "none.sqlite")) for arg in args]
    if "--history" not in args:
        args += ["--history", where]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert said in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert "secret" not in result.output


def test_a_missing_history_is_not_created_for_reading(tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match="run `arpha run` first"):
        open_history(str(tmp_path / "none.sqlite"), create=False)
    assert not (tmp_path / "none.sqlite").exists()
