"""A debug log file for one run: the full tracebacks go there, the console gets one line.

Nornir logs every task exception with its whole traceback (logger ``nornir.core.task``),
paramiko's transport thread logs a failed handshake line by line (``paramiko``) and scrapli
logs each refused or failed open (``scrapli``). While a debug log is attached, those loggers
write to it only, so neither the console nor pytest's captured-log sections repeat them;
every other record that reaches the root logger is copied to it as well. The file is created
on the first record, and every line goes through `redact`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

DIVERTED = ("nornir.core.task", "paramiko", "scrapli")
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


class _RedactingFormatter(logging.Formatter):
    def __init__(self, redact: Callable[[str], str]) -> None:
        super().__init__(FORMAT)
        self._redact = redact

    def format(self, record: logging.LogRecord) -> str:
        return self._redact(super().format(record))


class DebugLog:
    """An attached debug log; `detach()` puts the loggers back as they were.

    Args:
        path: the log file (appended to; its folder is created)
        redact: applied to every formatted record (e.g. masks the lab's passwords)
    """

    def __init__(self, path: Path, redact: Callable[[str], str] = str) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handler = logging.FileHandler(path, encoding="utf-8", delay=True)
        self._handler.setFormatter(_RedactingFormatter(redact))
        self._propagate: dict[str, bool] = {}
        logging.getLogger().addHandler(self._handler)
        for name in DIVERTED:
            diverted = logging.getLogger(name)
            self._propagate[name] = diverted.propagate
            diverted.addHandler(self._handler)
            diverted.propagate = False

    @property
    def written(self) -> bool:
        """Whether anything was logged (the file exists only then)."""
        return self.path.exists() and self.path.stat().st_size > 0

    def detach(self) -> None:
        for name, propagate in self._propagate.items():
            diverted = logging.getLogger(name)
            diverted.removeHandler(self._handler)
            diverted.propagate = propagate
        logging.getLogger().removeHandler(self._handler)
        self._handler.close()


@contextmanager
def debug_log(path: Path, redact: Callable[[str], str] = str) -> Iterator[DebugLog]:
    """`DebugLog(path, redact)` for the duration of the block."""
    log = DebugLog(path, redact)
    try:
        yield log
    finally:
        log.detach()
