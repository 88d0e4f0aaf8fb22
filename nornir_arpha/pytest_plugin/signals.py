"""Make a cancelled CI job (SIGTERM) unwind like Ctrl-C, and let restores finish first."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

logger = logging.getLogger(__name__)

_shield_depth = 0
_deferred: list[int] = []


def _handler(signum: int, frame: FrameType | None) -> None:
    if _shield_depth:
        logger.warning("signal %s deferred until the lab is restored", signum)
        _deferred.append(signum)
        return
    raise KeyboardInterrupt(f"received signal {signal.Signals(signum).name}")


def install() -> None:
    """Route SIGTERM and SIGINT through the shield-aware handler (main thread only)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _handler)
        signal.signal(signal.SIGINT, _handler)


@contextmanager
def shielded() -> Iterator[None]:
    """Run a restore to completion: signals that arrive meanwhile are re-raised afterwards."""
    global _shield_depth
    _shield_depth += 1
    try:
        yield
    finally:
        _shield_depth -= 1
        if not _shield_depth and _deferred:
            signum = _deferred[0]
            _deferred.clear()
            raise KeyboardInterrupt(f"received signal {signal.Signals(signum).name}")
