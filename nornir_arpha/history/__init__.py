"""The run history: every run's lab, firmware, timing and figures, in SQLite or PostgreSQL
(`database`), with its schema (`schema`, migrated by Alembic) and run comparison
(`comparison`)."""

from __future__ import annotations

from nornir_arpha.history.database import (
    History,
    HistoryError,
    default_location,
    open_history,
)
from nornir_arpha.history.runs import CaseResult, RunResult, Sample

__all__ = [
    "CaseResult",
    "History",
    "HistoryError",
    "RunResult",
    "Sample",
    "default_location",
    "open_history",
]
