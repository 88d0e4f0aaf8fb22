"""What every simulated SSH endpoint shares: the shell session, password login, listening.

The simulated PEs (`server.py`) build on it, and so do the test and benchmark stand-ins
that must speak the same SSH as the simulator (same host key type, ciphers, no line
editor) so that only their behaviour differs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import asyncssh

# AES first (fast with AES-NI); the others only as fallbacks.
ENCRYPTION_ALGS = [
    "aes128-ctr",
    "aes256-ctr",
    "aes128-gcm@openssh.com",
    "aes256-gcm@openssh.com",
    "chacha20-poly1305@openssh.com",
]


@cache
def host_key() -> asyncssh.SSHKey:
    """This process's SSH host key, generated once and never written to disk."""
    return asyncssh.generate_private_key("ssh-ed25519")


class ShellSession(asyncssh.SSHServerSession[bytes]):
    """An interactive shell on a PTY, as a device offers: no exec, no subsystem."""

    def __init__(self) -> None:
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self._chan = chan

    def pty_requested(self, term_type: str, term_size: Any, term_modes: Any) -> bool:
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        return False


class PasswordServer(asyncssh.SSHServer):
    """Password login only, checked by `accepts`; each session made by `new_session`."""

    def __init__(
        self,
        new_session: Callable[[], asyncssh.SSHServerSession[bytes]],
        accepts: Callable[[str, str], bool],
    ) -> None:
        self._new_session = new_session
        self._accepts = accepts

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return self._accepts(username, password)

    def session_requested(self) -> asyncssh.SSHServerSession[bytes]:
        return self._new_session()


async def listen(
    new_server: Callable[[], asyncssh.SSHServer], host: str = "127.0.0.1", port: int = 0
) -> asyncssh.SSHAcceptor:
    """Listen on `host`:`port` (0: a free port) with the simulator's SSH settings."""
    return await asyncssh.create_server(
        new_server,
        host,
        port,
        server_host_keys=[host_key()],
        encryption_algs=ENCRYPTION_ALGS,
        encoding=None,
        keepalive_interval=0,
        line_editor=False,
    )
