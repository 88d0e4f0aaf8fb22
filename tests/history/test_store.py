"""The history store: round trip, migrations, comparison rules, errors in one line."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from nornir_arpha.cli import app
from nornir_arpha.cli.common import console
from nornir_arpha.history.comparison import compare_runs, grew_too_much
from nornir_arpha.history.database import MIGRATIONS, HistoryError, open_history
from nornir_arpha.history.schema import metadata
from tests.history.postgres import missing, postgres_database
from tests.history.runs_data import BASELINE, CURRENT, SERIES


def test_a_run_reads_back_as_recorded(tmp_path: Path) -> None:
    history = open_history(str(tmp_path / "h.sqlite"))
    run_id = history.record(CURRENT)
    loaded = history.load(run_id)
    assert loaded.run_id == run_id
    assert loaded.firmware == CURRENT.firmware and loaded.defects == ("slow-failover",)
    assert [c.nodeid for c in loaded.cases] == [c.nodeid for c in CURRENT.cases]
    assert loaded.cases[1].samples == CURRENT.cases[1].samples
    assert loaded.cases[1].series == SERIES and loaded.cases[1].restore_s == 4.0
    assert loaded.cases[2].series == () and loaded.cases[2].restore_s is None
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
    assert version == "0003"
    open_history(str(where))  # a second open finds it up to date


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database's URL: a SQLite file, or a fresh database on the PostgreSQL
    server `$ARPHA_TEST_POSTGRES_URL` names (under `slow`, once .ci/run has started it;
    skipped without one, failed in CI)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'h.sqlite'}"
        return
    if not os.environ.get("ARPHA_TEST_POSTGRES_URL"):
        missing("no PostgreSQL server: set ARPHA_TEST_POSTGRES_URL")
    with postgres_database() as url:
        yield url


# A run as revision 0001 held it, written with that revision's columns only.
RUN_0001 = (
    "INSERT INTO runs (lab, firmware, started, duration_s, time_scale, personality, defects, "
    "poll_interval_s, offered_pps, tolerance_pct, tolerance_polls, exit_status, artifacts) "
    "VALUES ('sim', 'V800R021', '2026-01-01T10:00:00+00:00', 12, 10, '', '[]', 0.1, 1000, 20, "
    "2, 0, '')",
    "INSERT INTO pe_firmware (run_id, pe, version) VALUES (1, 'PE1', 'V800R021')",
    "INSERT INTO cases (run_id, nodeid, outcome, duration_s, pe, fault, message, "
    "convergence_ms, arp_kept, traffic_source, outage_down_ms) VALUES (1, 't.py::test_fast', "
    "'passed', 2, 'PE2', 'PE1 eth-trunk', '', 900, '', 'otg', 1000)",
    "INSERT INTO samples (case_id, seq, start_s, end_s, rate_pps, in_rate_pps, metrics, per_pe) "
    "VALUES (1, 0, 0, 0.5, 400, 420, '{}', '{}')",
)


def test_a_0001_history_upgrades_to_the_latest_with_its_runs(empty_database: str) -> None:
    """A history written by revision 0001, with a run in it, opens at the latest revision:
    the old run reads back without series or case labs, and a run with them records next to
    it."""
    engine = create_engine(empty_database.replace("postgresql://", "postgresql+psycopg://"))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        for statement in RUN_0001:
            connection.execute(text(statement))
    history = open_history(empty_database)
    with engine.connect() as connection:
        version = connection.execute(text("select version_num from alembic_version")).scalar()
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
    engine.dispose()
    assert version == "0003"
    old = history.load(1)
    assert old.firmware == {"PE1": "V800R021"} and old.cases[0].convergence_ms == 900
    assert old.cases[0].samples[0].rate_pps == 400
    assert old.cases[0].series == () and old.cases[0].restore_s is None
    assert old.cases[0].lab == ""
    pooled = replace(CURRENT, cases=tuple(replace(c, lab="sim-2") for c in CURRENT.cases))
    new = history.load(history.record(pooled))
    assert new.cases[0].series == SERIES and new.cases[0].restore_s == 4.0
    assert {case.lab for case in new.cases} == {"sim-2"}
    history.engine.dispose()


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
    # The baseline predates the series: said, and compared all the same.
    assert f"run {first}: no per-PE series recorded" in compared.output
    assert f"run {second}: no per-PE series" not in compared.output
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
