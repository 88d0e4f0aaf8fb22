"""Where the run history lives by default (cheap to import: no database libraries)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)


def default_location() -> str:
    """Where the history lives unless `--history` says otherwise.

    Returns:
        `$ARPHA_HISTORY`, else `$XDG_DATA_HOME/nornir_arpha/history.sqlite` (default
        `~/.local/share/...`)
    """
    if os.environ.get("ARPHA_HISTORY"):
        return os.environ["ARPHA_HISTORY"]
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "nornir_arpha" / "history.sqlite")
