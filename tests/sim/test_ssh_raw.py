"""The SSH server at byte level: echo, line endings, carets, login, and robustness."""

from __future__ import annotations

import asyncio
import random

import asyncssh
import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.sim import (
    Credentials,
    DeviceConfig,
    DeviceListener,
    NotAttached,
    SimDevice,
    SimLabThread,
    inferred,
)
from tests.sim.conftest import BIG_TABLE_LINES
from tests.sim.rawssh import RawShell, _Collector

pytestmark = pytest.mark.timeout(60)

PROMPT = b"<PE1>"
UNRECOGNIZED = b"Error: Unrecognized command found at '^' position.\r\n"


def error_block(echo: bytes, prompt: bytes, column: int) -> bytes:
    return echo + b"\r\n" + b" " * (len(prompt) + column) + b"^\r\n" + UNRECOGNIZED + prompt


def test_each_character_is_echoed_at_once(sim: SimLabThread) -> None:
    async def scenario() -> None:
        shell = await RawShell.open(sim)
        for char in b"display version":
            shell.write(bytes([char]))
            assert await shell.read_until(bytes([char])) == bytes([char])
        shell.write(b"\r")
        output = await shell.read_until(PROMPT)
        assert output.startswith(b"\r\nHuawei Versatile Routing Platform Software\r\n")
        assert b"\n" not in output.replace(b"\r\n", b"")  # every line ends with CRLF
        shell.close()

    asyncio.run(scenario())


def test_cr_lf_and_crlf_are_each_one_enter_and_carets_line_up(sim: SimLabThread) -> None:
    async def scenario() -> None:
        shell = await RawShell.open(sim)
        shell.write(b"a\r\nbb\rccc\n")
        expected = (
            error_block(b"a", PROMPT, 0)
            + error_block(b"bb", PROMPT, 0)
            + error_block(b"ccc", PROMPT, 0)
        )
        received = await shell.read_until(b"ccc") + await shell.read_until(PROMPT)
        assert received == expected  # an extra prompt would mean CRLF counted twice
        shell.write(b"system-view\r\n")
        await shell.read_until(b"[~PE1]")
        shell.write(b"display nonsense\r\n")
        block = await shell.read_until(b"[~PE1]")
        assert block == error_block(b"display nonsense", b"[~PE1]", 8)
        shell.close()

    asyncio.run(scenario())


def test_wrong_password_is_refused(sim: SimLabThread) -> None:
    async def scenario() -> None:
        with pytest.raises(asyncssh.PermissionDenied):
            await RawShell.open(sim, password="wrong")

    asyncio.run(scenario())


def test_exec_requests_are_refused(sim: SimLabThread) -> None:
    async def scenario() -> None:
        host, port = sim.endpoints["PE1"]
        login = sim.sim.credentials("PE1")
        async with asyncssh.connect(
            host, port, username=login.username, password=login.password, known_hosts=None
        ) as conn:
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.run("display version", check=True)

    asyncio.run(scenario())


def test_garbage_control_and_non_ascii_input(sim: SimLabThread) -> None:
    async def scenario() -> None:
        shell = await RawShell.open(sim)
        noise = bytes(random.Random(7).randrange(256) for _ in range(4096)).replace(b"\x03", b"")
        shell.write(noise + b"\r")
        await shell.read_until(PROMPT)
        shell.write(b"\x01\x02\x07\x1b[A\x1b[1;5Ddisp\x7fplay version\r")
        assert b"Huawei Versatile" in await shell.read_until(PROMPT)
        shell.write("système\r".encode())
        block = await shell.read_until(PROMPT)
        assert block.endswith(UNRECOGNIZED + PROMPT)
        shell.write(b"\xff\xfe\xfd\r")
        assert (await shell.read_until(PROMPT)).endswith(UNRECOGNIZED + PROMPT)
        shell.write(b"disp\x03")  # Ctrl-C drops the line
        await shell.read_until(PROMPT)
        assert b"Huawei" in await shell.command("display version", PROMPT)
        shell.close()

    asyncio.run(scenario())


def test_64_kib_line(sim: SimLabThread) -> None:
    async def scenario() -> None:
        shell = await RawShell.open(sim)
        shell.write(b"x" * (inferred.MAX_LINE_CHARS + 1000) + b"\r")
        block = await shell.read_until(PROMPT)
        assert block.count(b"x") == inferred.MAX_LINE_CHARS  # the rest is dropped, not echoed
        assert block.endswith(UNRECOGNIZED + PROMPT)
        shell.write(b"display version " * 4096 + b"\r")
        assert b"Error: Too many parameters" in await shell.read_until(PROMPT)
        assert b"Huawei" in await shell.command("display version", PROMPT)
        shell.close()

    asyncio.run(scenario())


def test_large_output_streams_and_others_are_served_meanwhile(sim: SimLabThread) -> None:
    async def scenario() -> None:
        big, small = await RawShell.open(sim), await RawShell.open(sim, "PE2")
        big.write(b"display arp all\r")
        await big.read_until(b"ARP line 100\r\n")
        assert b"Huawei" in await small.command("display version", b"<PE2>")
        output = await big.read_until(PROMPT, timeout=30)
        assert output.count(b"ARP line") == BIG_TABLE_LINES - 101
        big.close()
        small.close()

    asyncio.run(scenario())


def test_a_client_vanishing_mid_output_harms_nobody(sim: SimLabThread) -> None:
    async def scenario() -> None:
        other = await RawShell.open(sim)
        for _ in range(3):
            leaving = await RawShell.open(sim)
            leaving.write(b"display arp all\r")
            await leaving.read_until(b"ARP line 10\r\n")
            leaving.conn.abort()
        assert b"Huawei" in await other.command("display version", PROMPT)
        again = await RawShell.open(sim)
        assert b"Huawei" in await again.command("display version", PROMPT)
        other.close()
        again.close()

    asyncio.run(scenario())
    assert sim.call(lambda: len(sim.sim._listeners)) == 2


def test_a_hundred_concurrent_sessions(sim: SimLabThread) -> None:
    async def one(index: int) -> bytes:
        device = ("PE1", "PE2")[index % 2]
        shell = await RawShell.open(sim, device)
        await shell.command("system-view", b"]")
        output = await shell.command(f"interface loopback {index}", b"]")
        output += await shell.command("display version", b"]")
        shell.close()
        return output

    async def scenario() -> list[bytes]:
        return await asyncio.gather(*(one(i) for i in range(100)))

    outputs = asyncio.run(scenario())
    for index, output in enumerate(outputs):
        assert f"LoopBack{index}]".encode() in output
        assert b"Huawei Versatile" in output


def test_logout_closes_the_session(sim: SimLabThread) -> None:
    async def scenario() -> None:
        shell = await RawShell.open(sim)
        shell.write(b"quit\r")
        with pytest.raises(ConnectionError):
            await shell.read_until(b"never")

    asyncio.run(scenario())


def test_a_hundred_devices_in_one_process(lab_v4: Lab) -> None:
    credentials = Credentials("arpha", "arpha-sim")
    devices = [
        SimDevice(f"R{index}", DeviceConfig(sysname=f"R{index}"), NotAttached())
        for index in range(100)
    ]

    async def scenario() -> None:
        listeners = [DeviceListener(device, credentials) for device in devices]
        endpoints = [await listener.start() for listener in listeners]
        try:

            async def login(index: int) -> bytes:
                host, port = endpoints[index]
                async with asyncssh.connect(
                    host, port, username="arpha", password="arpha-sim", known_hosts=None
                ) as conn:
                    chan, collector = await conn.create_session(
                        _Collector, term_type="vt100", encoding=None
                    )
                    shell = RawShell(conn, chan, collector)
                    return await shell.command("display e-trunk 1", f"<R{index}>".encode()) + (
                        await shell.read_until(f"<R{index}>".encode())
                    )

            outputs = await asyncio.gather(*(login(index) for index in range(100)))
        finally:
            await asyncio.gather(*(listener.stop() for listener in listeners))
        assert len({port for _, port in endpoints}) == 100
        for output in outputs:
            assert f"Error: {inferred.REFUSE_NO_FABRIC}".encode() in output

    asyncio.run(scenario())
