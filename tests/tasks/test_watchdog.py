"""The nodelay transport's operation watchdog against a device that hangs or never stops.

A tiny asyncssh server plays a VRP device (`<PE1>` prompt, echo, an answer per command),
with five misbehaving commands: `hang` (echoes, then says nothing), `stream` (output
forever, never a prompt), `slow` (answers after a pause shorter than the budget), `trickle`
(a long display: a line every 0.3 s for longer than the budget, then the prompt) and `close`
(closes the channel without a prompt). The
sessions use `scrapli_extras`' real settings (scrapli's `timeout_ops` off, the command budget
as the transport's `operation_timeout`) with a small budget, and run off the main thread, as
under Nornir's threaded runner.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from typing import Any, TypeVar

import asyncssh
import pytest
import scrapli.decorators
from scrapli import Scrapli
from scrapli.driver import NetworkDriver
from scrapli.exceptions import ScrapliConnectionError, ScrapliConnectionNotOpened, ScrapliTimeout

from nornir_arpha.device.session import SESSION_ERRORS, scrapli_extras
from nornir_arpha.device.transport import NodelayTransport
from nornir_arpha.lab import Lab
from nornir_arpha.sim.sshbase import PasswordServer, ShellSession, listen

OP_TIMEOUT_S = 1.0
SLOW_ANSWER_S = 0.2
TRICKLE_LINES, TRICKLE_GAP_S = 6, 0.3  # 1.8 s in all, never 1 s without output
PROMPT = b"<PE1>"
T = TypeVar("T")


class _Device(ShellSession):
    def __init__(self) -> None:
        super().__init__()
        self._line = bytearray()
        self._after_cr = False
        self._busy = False
        self._tasks: set[asyncio.Task[None]] = set()

    def session_started(self) -> None:
        self._write(b"\r\n" + PROMPT)

    def connection_lost(self, exc: Exception | None) -> None:
        for task in self._tasks:
            task.cancel()

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        echo = bytearray()
        for byte in data:
            after_cr, self._after_cr = self._after_cr, byte == 13
            if self._busy or (byte == 10 and after_cr):
                continue
            if byte in (10, 13):
                self._write(bytes(echo))
                echo.clear()
                self._enter(self._line.decode().strip())
                self._line.clear()
            else:
                self._line.append(byte)
                echo.append(byte)
        self._write(bytes(echo))

    def _write(self, data: bytes) -> None:
        if data and self._chan is not None and not self._chan.is_closing():
            self._chan.write(data)

    def _enter(self, line: str) -> None:
        self._write(b"\r\n")
        if line == "hang":
            self._busy = True
        elif line == "stream":
            self._busy = True
            self._spawn(self._stream())
        elif line == "slow":
            self._busy = True
            self._spawn(self._slow())
        elif line == "trickle":
            self._busy = True
            self._spawn(self._trickle())
        elif line == "close" and self._chan is not None:
            self._chan.exit(0)
        elif line:
            self._write(f"Info: {line} done\r\n".encode() + PROMPT)
        else:
            self._write(PROMPT)

    def _spawn(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _stream(self) -> None:
        count = 0
        while self._chan is not None and not self._chan.is_closing():
            count += 1
            self._write(f"still going, line {count}\r\n".encode())
            await asyncio.sleep(0.01)

    async def _trickle(self) -> None:
        for count in range(TRICKLE_LINES):
            await asyncio.sleep(TRICKLE_GAP_S)
            self._write(f"row {count}\r\n".encode())
        self._busy = False
        self._write(PROMPT)

    async def _slow(self) -> None:
        await asyncio.sleep(SLOW_ANSWER_S)
        self._busy = False
        self._write(b"Info: slow done\r\n" + PROMPT)


@pytest.fixture(scope="module")
def device() -> Iterator[tuple[str, int]]:
    """The device's address; its event loop runs in a background thread."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="watchdog-device", daemon=True)
    thread.start()

    async def start() -> asyncssh.SSHAcceptor:
        return await listen(lambda: PasswordServer(_Device, lambda user, password: True))

    async def stop(server: asyncssh.SSHAcceptor) -> None:
        server.close()
        await server.wait_closed()
        current = asyncio.current_task()
        pending = [task for task in asyncio.all_tasks() if task is not current]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    server = asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=30)
    try:
        yield "127.0.0.1", server.get_port()
    finally:
        asyncio.run_coroutine_threadsafe(stop(server), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()


@pytest.fixture
def wrapper_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the channel operations scrapli's timeout wrapper ran in a thread of their own."""
    calls: list[str] = []
    original = scrapli.decorators._multiprocessing_timeout

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs["wrapped_func"].__name__)
        return original(*args, **kwargs)

    monkeypatch.setattr(scrapli.decorators, "_multiprocessing_timeout", counting)
    return calls


def in_worker(work: Callable[[], T]) -> T:
    """Run `work` off the main thread, as Nornir's threaded runner does."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result(timeout=60)


def session(
    device: tuple[str, int], lab: Lab, log: BytesIO | None = None, **override: Any
) -> NetworkDriver:
    host, port = device
    settings = {
        **scrapli_extras(lab, "PE1", channel_log=log),
        "transport_options": {"operation_timeout": OP_TIMEOUT_S},
        **override,
    }
    conn = Scrapli(
        host=host,
        port=port,
        auth_username="admin",
        auth_password="admin",
        platform="huawei_vrp",
        auth_strict_key=False,
        ssh_config_file=False,
        **settings,
    )
    assert isinstance(conn, NetworkDriver)
    conn.open()
    return conn


def test_commands_run_without_a_thread_per_operation(
    device: tuple[str, int], lab_v4: Lab, wrapper_calls: list[str]
) -> None:
    def work() -> list[str]:
        conn = session(device, lab_v4)
        try:
            replies = [conn.send_command(c).result for c in ("display version", "slow")]
            replies.append(conn.get_prompt())
            return replies
        finally:
            conn.close()

    assert in_worker(work) == ["Info: display version done", "Info: slow done", "<PE1>"]
    assert wrapper_calls == []


def test_scrapli_timeout_ops_would_spawn_a_thread_per_operation(
    device: tuple[str, int], lab_v4: Lab, wrapper_calls: list[str]
) -> None:
    """The control for the check above: with timeout_ops set, the wrapper is seen working."""

    def work() -> str:
        conn = session(device, lab_v4, timeout_ops=30.0)
        try:
            return conn.send_command("display version").result
        finally:
            conn.close()

    assert in_worker(work) == "Info: display version done"
    # Ours (the opening reads its answers through the transport, not scrapli's send_input).
    assert wrapper_calls.count("send_input") >= 1


def test_a_device_that_never_answers_times_out_and_loses_its_session(
    device: tuple[str, int], lab_v4: Lab, wrapper_calls: list[str]
) -> None:
    def work() -> None:
        conn = session(device, lab_v4)
        with pytest.raises(ScrapliTimeout, match=r"no prompt/answer and no output within 1 s"):
            conn.send_command("hang")
        assert not conn.transport.isalive()
        assert not conn.isalive()
        with pytest.raises(ScrapliConnectionNotOpened):
            conn.send_command("display version")

    in_worker(work)
    assert wrapper_calls == []
    assert issubclass(ScrapliTimeout, SESSION_ERRORS)  # with_connection reconnects once


def test_a_device_that_streams_forever_times_out(
    device: tuple[str, int], lab_v4: Lab, wrapper_calls: list[str]
) -> None:
    log = BytesIO()

    def work() -> None:
        options = {"operation_timeout": OP_TIMEOUT_S, "operation_total_timeout": 2.0}
        conn = session(device, lab_v4, log=log, transport_options=options)
        with pytest.raises(ScrapliTimeout, match=r"still no prompt 2 s after the last input"):
            conn.send_command("stream")
        assert not conn.transport.isalive()

    in_worker(work)
    assert log.getvalue().count(b"still going") > 1  # output kept arriving all along
    assert wrapper_calls == []


def test_a_display_still_streaming_is_not_cut_off(device: tuple[str, int], lab_v4: Lab) -> None:
    """The budget counts from the last output: 1.8 s of output at 0.3 s gaps passes 1 s."""

    def work() -> str:
        conn = session(device, lab_v4)
        try:
            return conn.send_command("trickle").result
        finally:
            conn.close()

    assert in_worker(work).splitlines() == [f"row {n}" for n in range(TRICKLE_LINES)]


def test_counted_from_the_last_input_the_same_display_is_cut_off(
    device: tuple[str, int], lab_v4: Lab, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The handling switched off: the old clock (last input only) cuts the display off."""
    monkeypatch.setattr(NodelayTransport, "COUNT_FROM_OUTPUT", False)

    def work() -> None:
        conn = session(device, lab_v4)
        with pytest.raises(ScrapliTimeout):
            conn.send_command("trickle")

    in_worker(work)


def test_a_shorter_transport_timeout_still_ends_a_silent_read_as_before(
    device: tuple[str, int], lab_v4: Lab
) -> None:
    """timeout_transport caps each wait; reached first, it fails the read as paramiko's does."""

    def work() -> None:
        conn = session(device, lab_v4, timeout_transport=0.3)
        with pytest.raises(ScrapliConnectionError, match="encountered EOF"):
            conn.send_command("hang")
        conn.transport.close()

    in_worker(work)


def test_a_device_that_closes_the_channel_fails_the_read_at_once(
    device: tuple[str, int], lab_v4: Lab, wrapper_calls: list[str]
) -> None:
    """End of stream is a session failure now, not a spin until the operation budget."""

    def work() -> None:
        conn = session(device, lab_v4, transport_options={"operation_timeout": 3600.0})
        with pytest.raises(ScrapliConnectionError, match="encountered EOF"):
            conn.send_command("close")
        conn.transport.close()

    in_worker(work)
    assert wrapper_calls == []
