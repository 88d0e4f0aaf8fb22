"""The history's tables (SQLAlchemy Core): one schema for SQLite and PostgreSQL.

Changes to it are Alembic migrations (`nornir_arpha/history/migrations/versions/`): the
tables here must always equal the latest migration's (a test checks it).
"""

from __future__ import annotations

import logging

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

logger = logging.getLogger(__name__)

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("lab", String(200), nullable=False, index=True),
    Column("firmware", String(400), nullable=False, index=True),  # the PEs' versions
    Column("started", String(40), nullable=False),  # ISO 8601
    Column("duration_s", Float, nullable=False),
    Column("time_scale", Float, nullable=False),
    Column("personality", String(200), nullable=False),
    Column("defects", JSON, nullable=False),
    Column("poll_interval_s", Float, nullable=False),
    Column("offered_pps", Float, nullable=False),
    Column("tolerance_pct", Float, nullable=False),
    Column("tolerance_polls", Float, nullable=False),
    Column("exit_status", Integer, nullable=False),
    Column("artifacts", Text, nullable=False),
)

pe_firmware = Table(
    "pe_firmware",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("pe", String(200), primary_key=True),
    Column("version", String(200), nullable=False),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), index=True),
    Column("nodeid", Text, nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("duration_s", Float, nullable=False),
    Column("pe", String(200), nullable=False),
    Column("fault", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("convergence_ms", Float),
    Column("convergence_budget_ms", Float),
    Column("arp_kept", Text, nullable=False),
    Column("traffic_source", String(20), nullable=False),
    Column("outage_down_ms", Float),
    Column("outage_up_ms", Float),
    Column("restore_outage_ms", Float),
    Column("hosts_losing", Integer),
    Column("arp_local", Integer),
    Column("arp_backed_up", Integer),
    Column("arp_expected", Integer),
    Column("restore_s", Float),  # lab s from the fault to its restore (revision 0002)
    # The lab the case ran on, for runs over a pool of labs (revision 0003; '' before).
    Column("lab", String(200), nullable=False, server_default=""),
)

samples = Table(
    "samples",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("start_s", Float, nullable=False),
    Column("end_s", Float, nullable=False),
    Column("rate_pps", Float, nullable=False),
    Column("in_rate_pps", Float, nullable=False),
    Column("metrics", JSON, nullable=False),  # the tester's figures, e.g. loss_pct
    Column("per_pe", JSON, nullable=False),  # each PE's own rates, where kept
)

# Each PE's rate and the tester's loss around a failover, one row per point (revision 0002).
series_points = Table(
    "series_points",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(20), primary_key=True),  # rate | loss
    Column("source", String(200), primary_key=True),  # the PE, or tester
    Column("direction", String(10), primary_key=True),  # down | up
    Column("seq", Integer, primary_key=True),
    Column("t_s", Float, nullable=False),  # lab s since the fault
    Column("value", Float, nullable=False),  # per lab s, over the interval ending at t_s
)
