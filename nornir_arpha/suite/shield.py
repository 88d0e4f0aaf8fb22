"""Make a cancelled CI job (SIGTERM) unwind like Ctrl-C, let restores finish first, and let a
second signal stop at once.

The first SIGINT/SIGTERM raises `KeyboardInterrupt`, or, during a `shielded` restore, waits
until the restore is done. A second one ends the process at once with status 128 + signal
(130 for Ctrl-C) and one line saying what may be left (the restores and changes in progress,
see `at_risk`): no traceback, and no more waiting on a device.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

_shield_depth = 0
_deferred: list[int] = []
_received: list[int] = []
_at_risk: list[str] = []


def _to_stderr(line: str) -> None:
    sys.stderr.write(f"{line}\n")
    sys.stderr.flush()


_announce: Callable[[str], None] = _to_stderr


def _name(signum: int) -> str:
    return signal.Signals(signum).name


def _stop_now(signum: int) -> None:
    left = "; ".join(_at_risk) or "the lab may be left mid-change; check it before the next run"
    _announce(f"arpha: stopped at once by a second {_name(signum)}: {left}")
    sys.stdout.flush()
    os._exit(128 + signum)


def _handler(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    if len(_received) > 1:
        _stop_now(signum)
    if _shield_depth:
        _announce(
            f"arpha: {_name(signum)} received: finishing the restore first "
            f"({'; '.join(_at_risk)}); send it again to stop at once"
        )
        _deferred.append(signum)
        return
    _announce(f"arpha: {_name(signum)} received: stopping; send it again to stop at once")
    raise KeyboardInterrupt(f"received signal {_name(signum)}")


def announce(line: str) -> None:
    """Write one line where the user sees it (what `install` was given)."""
    _announce(line)


def _ignore_late_signals() -> None:
    """At exit: Python's finalization puts its handlers back to the default, which would let
    a second signal arriving in the last moments kill the process instead of letting it exit
    with its status; the process is ending, so ignore them (an ignored signal stays so)."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def install(announce: Callable[[str], None] = _to_stderr) -> None:
    """Route SIGTERM and SIGINT through the shield-aware handler (main thread only).

    Args:
        announce: writes one line where the user sees it (default: stderr)
    """
    global _announce
    if threading.current_thread() is threading.main_thread():
        _announce = announce
        _received.clear()
        signal.signal(signal.SIGTERM, _handler)
        signal.signal(signal.SIGINT, _handler)
        atexit.unregister(_ignore_late_signals)  # once, however often installed
        atexit.register(_ignore_late_signals)


@contextmanager
def at_risk(left: str) -> Iterator[None]:
    """Name what a second signal would leave behind while the block runs.

    Args:
        left: e.g. "PE1 Eth-Trunk10 may still be shut"
    """
    _at_risk.append(left)
    try:
        yield
    finally:
        _at_risk.remove(left)


@contextmanager
def shielded(left: str) -> Iterator[None]:
    """Run a restore to completion: a first signal that arrives meanwhile is re-raised
    afterwards; a second one stops at once, naming `left`.

    Args:
        left: what stays if the restore is cut short, e.g. "PE1 Eth-Trunk10 may still be shut"
    """
    global _shield_depth
    if _received:  # interrupted already: say why it does not stop yet
        _announce(
            f"arpha: restoring first ({left} until it is done); send it again to stop at once"
        )
    _shield_depth += 1
    try:
        with at_risk(left):
            yield
    finally:
        _shield_depth -= 1
        if not _shield_depth and _deferred:
            signum = _deferred[0]
            _deferred.clear()
            raise KeyboardInterrupt(f"received signal {_name(signum)}")
