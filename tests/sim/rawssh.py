"""A raw SSH shell client for byte-level checks: what exactly the simulator sends back."""

from __future__ import annotations

import asyncio

import asyncssh

from nornir_arpha.sim import SimLabThread


class _Collector(asyncssh.SSHClientSession[bytes]):
    def __init__(self) -> None:
        self.buffer = bytearray()
        self.changed = asyncio.Event()
        self.closed = False

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        self.buffer += data
        self.changed.set()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.changed.set()


class RawShell:
    """One PTY shell session; `read_until` waits (bounded) for bytes to arrive."""

    def __init__(
        self,
        conn: asyncssh.SSHClientConnection,
        chan: asyncssh.SSHClientChannel[bytes],
        collector: _Collector,
    ) -> None:
        self.conn = conn
        self.chan = chan
        self.collector = collector
        self.consumed = 0

    @classmethod
    async def open(
        cls, sim: SimLabThread, device: str = "PE1", password: str | None = None
    ) -> RawShell:
        host, port = sim.endpoints[device]
        login = sim.sim.credentials(device)
        conn = await asyncssh.connect(
            host,
            port,
            username=login.username,
            password=login.password if password is None else password,
            known_hosts=None,
            client_keys=None,
        )
        chan, collector = await conn.create_session(_Collector, term_type="vt100", encoding=None)
        shell = cls(conn, chan, collector)
        await shell.read_until(b">")
        return shell

    def write(self, data: bytes) -> None:
        self.chan.write(data)

    @property
    def received(self) -> bytes:
        return bytes(self.collector.buffer)

    async def read_until(self, marker: bytes, timeout: float = 10.0) -> bytes:
        """Everything after the previous read up to and including `marker`.

        Raises:
            TimeoutError: `marker` did not arrive in time
            ConnectionError: the session closed first
        """
        async with asyncio.timeout(timeout):
            while True:
                index = self.collector.buffer.find(marker, self.consumed)
                if index >= 0:
                    end = index + len(marker)
                    chunk = bytes(self.collector.buffer[self.consumed : end])
                    self.consumed = end
                    return chunk
                if self.collector.closed:
                    raise ConnectionError("session closed")
                self.collector.changed.clear()
                await self.collector.changed.wait()

    async def command(self, line: str, prompt: bytes = b">") -> bytes:
        self.write(line.encode() + b"\r")
        return await self.read_until(prompt)

    def close(self) -> None:
        self.conn.close()
