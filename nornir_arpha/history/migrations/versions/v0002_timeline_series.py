"""Each failover's timeline: every PE's rate and the tester's loss as points, and the
restore instant of each case.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

logger = logging.getLogger(__name__)

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add `cases.restore_s` (empty for the runs already recorded) and `series_points`."""
    op.add_column("cases", sa.Column("restore_s", sa.Float))
    op.create_table(
        "series_points",
        sa.Column(
            "case_id",
            sa.Integer,
            sa.ForeignKey("cases.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("source", sa.String(200), primary_key=True),
        sa.Column("direction", sa.String(10), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("t_s", sa.Float, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
    )


def downgrade() -> None:
    """Drop them (SQLite drops a column by copying the table: batch mode)."""
    op.drop_table("series_points")
    with op.batch_alter_table("cases") as cases:
        cases.drop_column("restore_s")
