"""Device transcripts per test, while SSH sessions stay open across tests.

scrapli writes its channel log to a file-like object. Each host gets one `TranscriptSink`;
the plugin points all sinks at the running test's folder, so a session opened in one test
and reused in the next still lands in the right test's transcript.

Every line starts with the wall-clock time its first character came through the channel
(`[12:04:31.207] <PE1>display arp all`), so each command and each answer is dated.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from nornir_arpha.logs.redact import Redactor

logger = logging.getLogger(__name__)


def stamp(now: datetime) -> str:
    """Args: now: a moment. Returns: its transcript prefix, `[HH:MM:SS.mmm] `."""
    return f"[{now:%H:%M:%S}.{now.microsecond // 1000:03d}] "


def stamped(text: str, at_line_start: bool, prefix: str) -> tuple[str, bool]:
    """Put `prefix` before every line of `text` that starts in it.

    Args:
        text: a chunk of the channel
        at_line_start: whether the previous chunk ended a line
        prefix: the chunk's time stamp

    Returns:
        the stamped chunk, and whether it ends a line
    """
    lines = [line for line in text.split("\n")]
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    out = []
    for index, line in enumerate(lines):
        begins = at_line_start if index == 0 else True
        out.append(prefix + line if begins else line)
    return "".join(out), (lines[-1].endswith("\n") if lines else at_line_start)


class TranscriptSink(io.BytesIO):
    """A file-like channel log for one host that appends to the current test's file."""

    def __init__(
        self, host: str, redact: Redactor, clock: Callable[[], datetime] = datetime.now
    ) -> None:
        super().__init__()
        self.host = host
        self._redact = redact
        self._clock = clock
        self._target: Path | None = None
        self._line_start = True
        self._lock = threading.Lock()

    def route_to(self, folder: Path | None) -> None:
        """Send what follows to `folder/<host>.log` (None: drop it)."""
        with self._lock:
            self._target = folder / f"{self.host}.log" if folder else None
            self._line_start = True

    def write(self, data: bytes | bytearray | memoryview, /) -> int:  # type: ignore[override]
        raw = bytes(data)
        with self._lock:
            target = self._target
            if target is None:
                return len(raw)
            text = self._redact(raw.decode("utf-8", errors="replace"))
            text, self._line_start = stamped(text, self._line_start, stamp(self._clock()))
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("a", encoding="utf-8") as file:
                file.write(text)
        return len(raw)

    def close(self) -> None:  # scrapli closes its log with the session; keep routing alive
        self.flush()


class TranscriptRouter:
    """All hosts' sinks, switched together from test to test."""

    def __init__(self, hosts: list[str], redact: Redactor) -> None:
        self.sinks = {host: TranscriptSink(host, redact) for host in hosts}

    def route_to(self, folder: Path | None) -> None:
        for sink in self.sinks.values():
            sink.route_to(folder)
