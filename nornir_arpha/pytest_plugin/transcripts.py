"""Device transcripts per test, while SSH sessions stay open across tests.

scrapli writes its channel log to a file-like object. Each host gets one `TranscriptSink`;
the plugin points all sinks at the running test's folder, so a session opened in one test
and reused in the next still lands in the right test's transcript.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from nornir_arpha.logs.redact import Redactor


class TranscriptSink(io.BytesIO):
    """A file-like channel log for one host that appends to the current test's file."""

    def __init__(self, host: str, redact: Redactor) -> None:
        super().__init__()
        self.host = host
        self._redact = redact
        self._target: Path | None = None
        self._lock = threading.Lock()

    def route_to(self, folder: Path | None) -> None:
        """Send what follows to `folder/<host>.log` (None: drop it)."""
        with self._lock:
            self._target = folder / f"{self.host}.log" if folder else None

    def write(self, data: bytes | bytearray | memoryview, /) -> int:  # type: ignore[override]
        raw = bytes(data)
        with self._lock:
            target = self._target
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            text = self._redact(raw.decode("utf-8", errors="replace"))
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
