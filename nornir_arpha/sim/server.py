"""SSH access to simulated PEs: one asyncssh listener per device on 127.0.0.1.

Each login gets a PTY shell driven by a `CliSession`. Every typed character is echoed at
once; `\\r`, `\\n` and `\\r\\n` are each one Enter; output lines end with CRLF and are
followed by the prompt. Long outputs are streamed in chunks with flow control so other
sessions keep being served, and nothing is written once a connection is lost.
"""

from __future__ import annotations

import asyncio
import codecs
import hmac
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

import asyncssh

from nornir_arpha.sim import inferred
from nornir_arpha.sim.cli.cli_session import CliSession
from nornir_arpha.sim.cli.reply import Reply, error
from nornir_arpha.sim.sim_device import SimDevice
from nornir_arpha.sim.sshbase import PasswordServer, ShellSession, listen

logger = logging.getLogger(__name__)

CRLF = "\r\n"
STREAM_CHUNK_CHARS = 64 * 1024
_ENTER = ("\r", "\n")
_BACKSPACE = ("\x7f", "\x08")
_CTRL_C = "\x03"
_ESC = "\x1b"


@dataclass(frozen=True)
class Credentials:
    """The one login a simulated device accepts."""

    username: str
    password: str = field(repr=False)

    def accepts(self, username: str, password: str) -> bool:
        user_ok = hmac.compare_digest(username.encode(), self.username.encode())
        return hmac.compare_digest(password.encode(), self.password.encode()) and user_ok


class _Terminal(ShellSession):
    """One interactive shell: a line editor in front of a `CliSession`."""

    def __init__(self, device: SimDevice) -> None:
        super().__init__()
        self._cli = CliSession(device)
        self._device = device
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._line: list[str] = []
        self._after_cr = False
        self._escape = 0  # 0: none, 1: after ESC, 2: inside a CSI sequence
        self._busy = False
        self._backlog = ""
        self._interrupted = False
        self._closed = False
        self._writable = asyncio.Event()
        self._writable.set()
        self._task: asyncio.Task[None] | None = None
        self._page_used = 0  # lines shown since the last "more" prompt
        self._key: asyncio.Future[str] | None = None  # waiting at the "more" prompt

    # ---- asyncssh callbacks ----------------------------------------------------------------

    def session_started(self) -> None:
        self._write(CRLF + self._cli.prompt)

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        text = self._decoder.decode(data)
        if self._busy and text and self._key is not None and not self._key.done():
            key, text = text[0], text[1:]
            self._key.set_result(key)  # an answer to the "more" prompt
            if key == "\r":
                text = text.removeprefix("\n")  # CRLF is one Enter
        if self._busy:
            self._interrupted = self._interrupted or _CTRL_C in text
            self._backlog += text[: inferred.MAX_LINE_CHARS * 2 - len(self._backlog)]
            return
        self._consume(text)

    def eof_received(self) -> bool:
        return False  # close the channel

    def pause_writing(self) -> None:
        self._writable.clear()

    def resume_writing(self) -> None:
        self._writable.set()

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = True
        self._writable.set()
        if self._task is not None:
            self._task.cancel()
        logger.debug("%s: session closed (%s)", self._device.name, exc or "normally")

    # ---- input -----------------------------------------------------------------------------

    def _consume(self, text: str) -> None:
        echo: list[str] = []
        for index, char in enumerate(text):
            if self._escape == 1:  # after ESC: a CSI sequence, or one ignored character
                self._escape = 2 if char == "[" else 0
                continue
            if self._escape == 2:  # inside a CSI sequence (arrow keys...): up to its final byte
                self._escape = 0 if "@" <= char <= "~" else 2
                continue
            if char == "\n" and self._after_cr:
                self._after_cr = False
                continue
            self._after_cr = char == "\r"
            if char in _ENTER:
                pending = "".join(echo)
                echo.clear()
                if not self._enter(pending, text[index + 1 :]):
                    return
            elif char in _BACKSPACE:
                if self._line:
                    self._line.pop()
                    echo.append("\b \b")
            elif char == _CTRL_C:
                self._line.clear()
                echo.append(CRLF + self._cli.prompt)
            elif char == _ESC:
                self._escape = 1
            elif char.isprintable() and len(self._line) < inferred.MAX_LINE_CHARS:
                self._line.append(char)
                echo.append(char)
        self._write("".join(echo))

    def _enter(self, echo: str, rest: str) -> bool:
        """Run the line just ended, after echoing `echo` (what was typed since the last write).

        A quick reply goes out in the same write as the echo and the line end: one SSH packet
        per command, as a device's single reply buffer would. Returns False when `rest` must
        wait (slow command, output that pages, or closed).
        """
        line = "".join(self._line)
        self._line.clear()
        try:
            reply = self._cli.execute(line)
        except Exception:  # a simulator bug must not take the session down
            logger.exception("%s: command %r failed", self._device.name, line[:200])
            reply = Reply([error(inferred.INTERNAL_ERROR)])
        quick = reply.stream is None and reply.later is None and not reply.close
        if quick and not self._needs_screen(reply.lines):
            output = "".join(line + CRLF for line in reply.lines)
            self._write(echo + CRLF + output + self._cli.prompt)
            return True
        self._write(echo + CRLF)
        self._busy = True
        self._backlog = rest
        self._page_used = 0
        self._task = asyncio.get_running_loop().create_task(self._finish(reply))
        return False

    def _needs_screen(self, lines: list[str]) -> bool:
        """Whether `lines` must be paged or wrapped (the quick path does neither)."""
        page, width = self._cli.page_lines, self._cli.wrap_width
        chunk = self._device.personality.stream_chunk_lines
        return (
            (page is not None and len(lines) >= page)
            or (chunk is not None and len(lines) > chunk)
            or (width is not None and any(len(line) > width for line in lines))
        )

    async def _finish(self, reply: Reply) -> None:
        try:
            shown = await self._show(reply.lines)
            if shown and reply.stream is not None:
                shown = await self._show(reply.stream)
            if shown and reply.later is not None:
                await self._show(await reply.later)
        except asyncio.CancelledError:
            return
        except Exception:
            logger.exception("%s: output failed", self._device.name)
            self._write(error(inferred.INTERNAL_ERROR) + CRLF)
        if self._closed:
            return
        if reply.close:
            assert self._chan is not None
            self._chan.exit(0)
            return
        self._write(self._cli.prompt)
        self._busy, self._interrupted = False, False
        backlog, self._backlog = self._backlog, ""
        self._consume(backlog)

    async def _show(self, lines: Iterable[str]) -> bool:
        """Write `lines` as the terminal shows them: cut at the width, stopping at the "more"
        prompt after each page, long output in chunks (the personality's chunk size and
        pause, else STREAM_CHUNK_CHARS with flow control only).

        Returns:
            False when the output was stopped (Ctrl+C, a key that ends paging, or closed)
        """
        firmware = self._device.personality
        page, width = self._cli.page_lines, self._cli.wrap_width
        chunk_lines = firmware.stream_chunk_lines
        pending: list[str] = []
        size = 0
        for line in lines:
            for piece in _cut(line, width):
                pending.append(piece)
                size += len(piece) + 2
                self._page_used += 1
                if page is not None and self._page_used >= page:
                    self._write("".join(piece + CRLF for piece in pending))
                    pending, size = [], 0
                    if not await self._more(page):
                        return False
                elif size >= STREAM_CHUNK_CHARS or len(pending) == chunk_lines:
                    self._write("".join(piece + CRLF for piece in pending))
                    pending, size = [], 0
                    await self._writable.wait()
                    pause = firmware.stream_pause_s if chunk_lines else 0.0
                    await asyncio.sleep(pause / self._device.time_scale)
                    if self._closed or self._interrupted:
                        return False
        self._write("".join(piece + CRLF for piece in pending))
        return not (self._closed or self._interrupted)

    async def _more(self, page: int) -> bool:
        """Wait at the "more" prompt for a key: Space shows a page, Enter one line, anything
        else (Ctrl+C, `q`) ends the display. The prompt is erased either way."""
        self._write(inferred.MORE_PROMPT)
        self._key = asyncio.get_running_loop().create_future()
        try:
            key = await self._key
        finally:
            self._key = None
        self._write(inferred.MORE_ERASE)
        if key == " ":
            self._page_used = 0
            return True
        if key in _ENTER:
            self._page_used = page - 1
            return True
        return False

    def _write(self, text: str) -> None:
        if text and not self._closed and self._chan is not None:
            self._chan.write(text.encode("utf-8"))


def _cut(line: str, width: int | None) -> list[str]:
    """`line` as a terminal `width` characters wide shows it: pieces of at most `width`."""
    if width is None or len(line) <= width:
        return [line]
    return [line[start : start + width] for start in range(0, len(line), width)]


class _DeviceServer(PasswordServer):
    def __init__(self, listener: DeviceListener) -> None:
        super().__init__(lambda: _Terminal(listener.device), listener.credentials.accepts)
        self._listener = listener
        self._peer = "?"

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._listener.connections.add(conn)
        self._peer = str(conn.get_extra_info("peername"))

    def connection_lost(self, exc: Exception | None) -> None:
        self._listener.connections = {c for c in self._listener.connections if not c.is_closed()}

    def validate_password(self, username: str, password: str) -> bool:
        accepted = super().validate_password(username, password)
        logger.info(
            "%s: login of %r from %s %s",
            self._listener.device.name,
            username,
            self._peer,
            "accepted" if accepted else "refused",
        )
        return accepted


class DeviceListener:
    """The SSH listener of one simulated device."""

    def __init__(self, device: SimDevice, credentials: Credentials) -> None:
        self.device = device
        self.credentials = credentials
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self.endpoint: tuple[str, int] = ("", 0)

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> tuple[str, int]:
        """Listen on `host`:`port` (0: a free port).

        Returns:
            the (host, port) actually listened on
        """
        self._acceptor = await listen(lambda: _DeviceServer(self), host, port)
        self.endpoint = (host, self._acceptor.get_port())
        logger.info("%s: listening on %s:%d", self.device.name, *self.endpoint)
        return self.endpoint

    async def stop(self) -> None:
        """Stop listening and drop every open connection."""
        if self._acceptor is not None:
            self._acceptor.close()
            await self._acceptor.wait_closed()
            self._acceptor = None
        for conn in list(self.connections):
            conn.close()
        for conn in list(self.connections):
            await conn.wait_closed()
        self.connections.clear()
