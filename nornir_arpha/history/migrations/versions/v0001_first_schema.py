"""The history's first schema: runs, each PE's firmware, cases, polled samples.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

logger = logging.getLogger(__name__)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the four tables."""
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("lab", sa.String(200), nullable=False, index=True),
        sa.Column("firmware", sa.String(400), nullable=False, index=True),
        sa.Column("started", sa.String(40), nullable=False),
        sa.Column("duration_s", sa.Float, nullable=False),
        sa.Column("time_scale", sa.Float, nullable=False),
        sa.Column("personality", sa.String(200), nullable=False),
        sa.Column("defects", sa.JSON, nullable=False),
        sa.Column("poll_interval_s", sa.Float, nullable=False),
        sa.Column("offered_pps", sa.Float, nullable=False),
        sa.Column("tolerance_pct", sa.Float, nullable=False),
        sa.Column("tolerance_polls", sa.Float, nullable=False),
        sa.Column("exit_status", sa.Integer, nullable=False),
        sa.Column("artifacts", sa.Text, nullable=False),
    )
    op.create_table(
        "pe_firmware",
        sa.Column(
            "run_id",
            sa.Integer,
            sa.ForeignKey("runs.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("pe", sa.String(200), primary_key=True),
        sa.Column("version", sa.String(200), nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="CASCADE"), index=True),
        sa.Column("nodeid", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("duration_s", sa.Float, nullable=False),
        sa.Column("pe", sa.String(200), nullable=False),
        sa.Column("fault", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("convergence_ms", sa.Float),
        sa.Column("convergence_budget_ms", sa.Float),
        sa.Column("arp_kept", sa.Text, nullable=False),
        sa.Column("traffic_source", sa.String(20), nullable=False),
        sa.Column("outage_down_ms", sa.Float),
        sa.Column("outage_up_ms", sa.Float),
        sa.Column("restore_outage_ms", sa.Float),
        sa.Column("hosts_losing", sa.Integer),
        sa.Column("arp_local", sa.Integer),
        sa.Column("arp_backed_up", sa.Integer),
        sa.Column("arp_expected", sa.Integer),
    )
    op.create_table(
        "samples",
        sa.Column(
            "case_id",
            sa.Integer,
            sa.ForeignKey("cases.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("start_s", sa.Float, nullable=False),
        sa.Column("end_s", sa.Float, nullable=False),
        sa.Column("rate_pps", sa.Float, nullable=False),
        sa.Column("in_rate_pps", sa.Float, nullable=False),
        sa.Column("metrics", sa.JSON, nullable=False),
        sa.Column("per_pe", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    """Drop them, dependents first."""
    for table in ("samples", "cases", "pe_firmware", "runs"):
        op.drop_table(table)
