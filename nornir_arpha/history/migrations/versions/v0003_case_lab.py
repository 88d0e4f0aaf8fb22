"""The lab each case ran on (a run over a pool of labs runs every case once per lab).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

logger = logging.getLogger(__name__)

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add `cases.lab` (empty for the runs already recorded: their lab is the run's)."""
    op.add_column("cases", sa.Column("lab", sa.String(200), nullable=False, server_default=""))


def downgrade() -> None:
    """Drop it (SQLite drops a column by copying the table: batch mode)."""
    with op.batch_alter_table("cases") as cases:
        cases.drop_column("lab")
