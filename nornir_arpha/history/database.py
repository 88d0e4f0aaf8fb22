"""The run history: SQLite in the user's data folder by default, or a shared PostgreSQL.

`open_history(where)` takes a path (SQLite) or a database URL (`postgresql://...`), brings
the schema up to date with the Alembic migrations, and returns a `History`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from nornir_arpha.history import schema
from nornir_arpha.history.location import default_location
from nornir_arpha.history.runs import CaseResult, RunResult, Sample, Series

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class HistoryError(Exception):
    """The history cannot be opened or read: one line naming what and what to do."""


def shown(where: str) -> str:
    """Args: where: a path or URL. Returns: it, with any password in a URL masked."""
    if "://" not in where:
        return where
    try:
        return make_url(where).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an unreadable database URL)"


def _engine(where: str, create: bool) -> Engine:
    """An engine for a path or URL; `postgresql://` URLs use psycopg (v3).

    Raises:
        HistoryError: a bad URL, or a SQLite file that does not exist and may not be made
    """
    if "://" not in where:
        path = Path(where).expanduser()
        if not path.exists() and not create:
            raise HistoryError(
                f"no history at {path}: run `arpha run` first, or pass --history PATH|URL"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(f"sqlite:///{path}")
        event.listen(engine, "connect", _sqlite_foreign_keys)
        return engine
    try:
        url = make_url(where)
    except ArgumentError:
        raise HistoryError(
            f"--history {shown(where)}: not a database URL (e.g. postgresql://user@host/db)"
        ) from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    try:
        return create_engine(url, connect_args=_timeouts(url.get_backend_name()))
    except (ArgumentError, ImportError) as exc:
        raise HistoryError(f"--history {shown(where)}: unsupported database ({exc})") from None


def _timeouts(backend: str) -> dict[str, Any]:
    return {"connect_timeout": 10} if backend == "postgresql" else {}


def _sqlite_foreign_keys(connection: Any, _record: Any) -> None:
    connection.execute("PRAGMA foreign_keys=ON")


class History:
    """Runs recorded in one database."""

    def __init__(self, engine: Engine, where: str) -> None:
        self.engine = engine
        self.where = where

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as connection:
                yield connection
        except SQLAlchemyError as exc:
            first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            raise HistoryError(
                f"history {shown(self.where)}: {first[0] if first else type(exc).__name__}"
            ) from None

    def record(self, run: RunResult) -> int:
        """Store a run with its cases, samples and series.

        Returns:
            the run's id
        """
        with self._connect() as db:
            run_id = int(
                db.execute(
                    insert(schema.runs).values(
                        lab=run.lab,
                        firmware=run.firmware_label,
                        started=run.started,
                        duration_s=run.duration_s,
                        time_scale=run.time_scale,
                        personality=run.personality,
                        defects=list(run.defects),
                        poll_interval_s=run.poll_interval_s,
                        offered_pps=run.offered_pps,
                        tolerance_pct=run.tolerance_pct,
                        tolerance_polls=run.tolerance_polls,
                        exit_status=run.exit_status,
                        artifacts=run.artifacts,
                    )
                ).inserted_primary_key[0]  # type: ignore[index]
            )
            if run.firmware:
                db.execute(
                    insert(schema.pe_firmware),
                    [{"run_id": run_id, "pe": pe, "version": v} for pe, v in run.firmware.items()],
                )
            for case in run.cases:
                _insert_case(db, run_id, case)
        logger.info("run %d recorded in %s", run_id, shown(self.where))
        return run_id

    def runs(self, lab: str | None = None) -> list[RunResult]:
        """Every run (of `lab`), oldest first, with its cases (samples and series left out)."""
        with self._connect() as db:
            query = select(schema.runs).order_by(schema.runs.c.id)
            if lab is not None:
                query = query.where(schema.runs.c.lab == lab)
            rows = db.execute(query).mappings().all()
            return [_run(db, row, with_samples=False) for row in rows]

    def load(self, run_id: int) -> RunResult:
        """One run with everything recorded.

        Raises:
            HistoryError: no run with that id
        """
        with self._connect() as db:
            row = db.execute(select(schema.runs).where(schema.runs.c.id == run_id)).mappings()
            found = row.first()
            if found is None:
                raise HistoryError(
                    f"no run {run_id} in the history {shown(self.where)}: "
                    "`arpha history` lists the runs"
                )
            return _run(db, found, with_samples=True)

    def latest(self, lab: str, *, firmware: str | None = None, other_than: str = "") -> int:
        """The latest run of `lab` on `firmware` (any, if None) and not on `other_than`.

        Raises:
            HistoryError: there is none
        """
        chosen = [
            run.run_id
            for run in self.runs(lab)
            if (firmware is None or firmware in run.firmware.values())
            and (not other_than or run.firmware_label != other_than)
        ]
        if not chosen or chosen[-1] is None:
            on = f" on firmware {firmware}" if firmware else ""
            other = f" on other firmware than {other_than}" if other_than else ""
            raise HistoryError(
                f"no run of lab {lab}{on}{other} in the history {shown(self.where)}: "
                "`arpha history` lists the runs"
            )
        return chosen[-1]


def _insert_case(db: Connection, run_id: int, case: CaseResult) -> None:
    case_id = db.execute(
        insert(schema.cases).values(
            run_id=run_id,
            nodeid=case.nodeid,
            outcome=case.outcome,
            duration_s=case.duration_s,
            pe=case.pe,
            fault=case.fault,
            message=case.message,
            convergence_ms=case.convergence_ms,
            convergence_budget_ms=case.convergence_budget_ms,
            arp_kept=case.arp_kept,
            traffic_source=case.traffic_source,
            outage_down_ms=case.outage_ms.get("down"),
            outage_up_ms=case.outage_ms.get("up"),
            restore_outage_ms=case.restore_outage_ms,
            hosts_losing=case.hosts_losing,
            arp_local=case.arp_local,
            arp_backed_up=case.arp_backed_up,
            arp_expected=case.arp_expected,
            restore_s=case.restore_s,
            lab=case.lab,
        )
    ).inserted_primary_key[0]  # type: ignore[index]
    if case.samples:
        db.execute(
            insert(schema.samples),
            [
                {
                    "case_id": case_id,
                    "seq": seq,
                    "start_s": s.start_s,
                    "end_s": s.end_s,
                    "rate_pps": s.rate_pps,
                    "in_rate_pps": s.in_rate_pps,
                    "metrics": s.metrics,
                    "per_pe": s.per_pe,
                }
                for seq, s in enumerate(case.samples)
            ],
        )
    points = [
        {
            "case_id": case_id,
            "kind": series.kind,
            "source": series.source,
            "direction": series.direction,
            "seq": seq,
            "t_s": t,
            "value": value,
        }
        for series in case.series
        for seq, (t, value) in enumerate(series.points)
    ]
    if points:
        db.execute(insert(schema.series_points), points)


def _run(db: Connection, row: Any, *, with_samples: bool) -> RunResult:
    firmware = db.execute(
        select(schema.pe_firmware.c.pe, schema.pe_firmware.c.version)
        .where(schema.pe_firmware.c.run_id == row["id"])
        .order_by(schema.pe_firmware.c.pe)
    ).all()
    case_rows = (
        db.execute(select(schema.cases).where(schema.cases.c.run_id == row["id"]).order_by("id"))
        .mappings()
        .all()
    )
    return RunResult(
        lab=row["lab"],
        firmware={pe: version for pe, version in firmware},
        started=row["started"],
        duration_s=row["duration_s"],
        time_scale=row["time_scale"],
        personality=row["personality"],
        defects=tuple(row["defects"]),
        poll_interval_s=row["poll_interval_s"],
        offered_pps=row["offered_pps"],
        tolerance_pct=row["tolerance_pct"],
        tolerance_polls=row["tolerance_polls"],
        exit_status=row["exit_status"],
        artifacts=row["artifacts"],
        cases=tuple(_case(db, c, with_samples) for c in case_rows),
        run_id=row["id"],
    )


def _case(db: Connection, row: Any, with_samples: bool) -> CaseResult:
    samples: Sequence[Any] = ()
    series: tuple[Series, ...] = ()
    if with_samples:
        samples = (
            db.execute(
                select(schema.samples)
                .where(schema.samples.c.case_id == row["id"])
                .order_by(schema.samples.c.seq)
            )
            .mappings()
            .all()
        )
        series = _series(db, row["id"])
    outage = {"down": row["outage_down_ms"], "up": row["outage_up_ms"]}
    return CaseResult(
        nodeid=row["nodeid"],
        outcome=row["outcome"],
        duration_s=row["duration_s"],
        pe=row["pe"],
        fault=row["fault"],
        message=row["message"],
        convergence_ms=row["convergence_ms"],
        convergence_budget_ms=row["convergence_budget_ms"],
        arp_kept=row["arp_kept"],
        traffic_source=row["traffic_source"],
        outage_ms={d: v for d, v in outage.items() if v is not None},
        restore_outage_ms=row["restore_outage_ms"],
        hosts_losing=row["hosts_losing"],
        arp_local=row["arp_local"],
        arp_backed_up=row["arp_backed_up"],
        arp_expected=row["arp_expected"],
        samples=tuple(Sample.from_mapping(s) for s in samples),
        series=series,
        restore_s=row["restore_s"],
        lab=row["lab"],
    )


def _series(db: Connection, case_id: int) -> tuple[Series, ...]:
    """A case's series, in the order they were recorded (PEs, then the tester)."""
    points = schema.series_points.c
    rows = db.execute(
        select(points.kind, points.source, points.direction, points.t_s, points.value)
        .where(points.case_id == case_id)
        .order_by(points.kind.desc(), points.source, points.direction, points.seq)
    ).all()
    grouped: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    for kind, source, direction, t, value in rows:
        grouped.setdefault((kind, source, direction), []).append((t, value))
    return tuple(Series(*key, tuple(values)) for key, values in grouped.items())


def migrate(connection: Connection) -> None:
    """Bring the connection's database to the latest schema (Alembic `upgrade head`)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def open_history(where: str | None = None, *, create: bool = True) -> History:
    """Open (and migrate) the history at a path or URL.

    Args:
        where: a SQLite path or a database URL (default: `default_location()`)
        create: make a missing SQLite file (False: a missing history is an error)

    Returns:
        the history, its schema up to date

    Raises:
        HistoryError: unreachable, refused, or missing; one line naming it and what to do
    """
    where = where or default_location()
    engine = _engine(where, create)
    try:
        with engine.begin() as connection:
            migrate(connection)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise HistoryError(
            f"cannot open the history {shown(where)}: {reason[0] if reason else exc!r}; "
            "check that the server runs and the URL (user, host, port, database) is right"
        ) from None
    return History(engine, where)
