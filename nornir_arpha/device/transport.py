"""A scrapli transport: paramiko with TCP_NODELAY on its socket (scrapli name ``nodelay``).

Why this transport (``python -m bench rtt``; table in README "Connection handling"):

- ``paramiko`` and ``ssh2`` leave Nagle's algorithm on: a small write waits until the
  previous one is acknowledged, and the peer delays its ACK (~40 ms). Opening a paramiko
  session takes ~96 ms against the simulator instead of ~13 ms with TCP_NODELAY (ssh2: p95
  ~56 ms); against servers that acknowledge late, every command pays it (~45 ms).
- ``system`` (OpenSSH in a pty) sets TCP_NODELAY, but forks ``ssh`` and authenticates through
  the terminal: ~112 ms to open.

This subclass opens the socket itself, sets TCP_NODELAY, then lets the paramiko transport do
the rest; paramiko's transport thread is stopped before the socket closes (scrapli's own
close logs "Bad file descriptor" otherwise). Authentication stays in the SSH protocol: the
password never goes through the channel, so it cannot show up in a channel log.

Operation watchdog (``transport_options={"operation_timeout": seconds}``; absent or 0: off):
``read()`` raises ``ScrapliTimeout`` and closes the transport once more than that many
seconds have passed since the last output received or the last ``write()`` (the last input
the channel sent; scrapli's ``send_input`` writes the command, then the return, then reads
to the prompt), whichever came later: a long display that is still streaming is not cut
off, a device that goes silent is. ``operation_total_timeout`` (default 10x
``operation_timeout``) bounds one operation from its last input however much output keeps
coming, so a device that streams without ever showing its prompt is caught too. Each
blocking ``recv`` waits at most until the nearer deadline, and never longer than the
transport timeout, without threads or signals. Why not scrapli's ``timeout_ops``: off the main
thread (always, under Nornir's threaded runner) scrapli's timeout wrapper runs every channel
operation in a fresh ``ThreadPoolExecutor`` thread (~0.4 ms CPU a command, and GIL convoys
with many sessions); so ``nornir_arpha.device.session`` sets ``timeout_ops`` to 0 and passes
the budget here instead.

Open budget: ``timeout_socket`` bounds the whole open, not only the TCP connect: the SSH
banner, the key exchange, authentication and the channel request each get what is left of
it (paramiko's own waits are 15 s for the banner, 30 s for authentication and an hour for the
channel). A failed open closes what it opened (socket and paramiko's thread).

scrapli loads non-core transports by name from a module ``scrapli_<name>.transport``; the
``scrapli_nodelay`` package shipped next to this one re-exports the classes below.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from typing import NoReturn

import paramiko
from paramiko.channel import Channel
from scrapli.exceptions import (
    ScrapliAuthenticationFailed,
    ScrapliConnectionError,
    ScrapliConnectionNotOpened,
    ScrapliTimeout,
)
from scrapli.transport.base import BaseTransportArgs
from scrapli.transport.base.base_socket import Socket
from scrapli.transport.plugins.paramiko.transport import ParamikoTransport, PluginTransportArgs

logger = logging.getLogger(__name__)

TRANSPORT_NAME = "nodelay"
OPERATION_TIMEOUT_OPTION = "operation_timeout"
OPERATION_TOTAL_OPTION = "operation_total_timeout"
# operation_total_timeout when not given, as a multiple of operation_timeout.
TOTAL_TIMEOUT_FACTOR = 10.0
# The channel's recv timeout is lowered only when it overshoots the deadline by more than this.
_RECV_TIMEOUT_SLACK_S = 0.05
# What a paramiko wait gets once the open budget is spent (0 would mean "no limit" to some).
_MIN_WAIT_S = 0.01
_EOF_MESSAGE = (
    "encountered EOF reading from transport; typically means the device closed the connection"
)


class NodelayTransport(ParamikoTransport):
    """scrapli's paramiko transport, with TCP_NODELAY and an inline operation watchdog.

    `COUNT_FROM_OUTPUT` False counts the idle budget from the last input only (the old
    behaviour, which cuts off a display still streaming; tests switch it off to show that).
    """

    COUNT_FROM_OUTPUT = True

    def __init__(
        self, base_transport_args: BaseTransportArgs, plugin_transport_args: PluginTransportArgs
    ) -> None:
        super().__init__(base_transport_args, plugin_transport_args)
        options = base_transport_args.transport_options or {}
        self._op_timeout = float(options.get(OPERATION_TIMEOUT_OPTION) or 0.0)
        total = options.get(OPERATION_TOTAL_OPTION)
        self._op_total = float(total) if total else self._op_timeout * TOTAL_TIMEOUT_FACTOR
        self._last_input = self._last_output = time.monotonic()
        # What the parent would leave on the channel (timeout_transport; None: no limit), and
        # what is on it now.
        self._recv_cap: float | None = None
        self._recv_timeout: float | None = None

    def open(self) -> None:
        """Connect the TCP socket with TCP_NODELAY, then negotiate SSH, authenticate and open
        the channel, all within `timeout_socket` (see the module docstring).

        Raises:
            ScrapliConnectionNotOpened: the socket could not connect, or the SSH banner or key
                exchange failed or timed out (the paramiko error is the cause)
            ScrapliAuthenticationFailed: the device refused the credentials, or its host key
                is unknown or does not match (with `auth_strict_key`)
        """
        self._pre_open_closing_log(closing=False)
        budget = self._base_transport_args.timeout_socket
        deadline = time.monotonic() + budget
        try:
            sock = self._open_socket(budget)
            self._open_ssh(sock, lambda: max(deadline - time.monotonic(), _MIN_WAIT_S))
        except BaseException:
            self._abandon()
            raise
        self._post_open_closing_log(closing=False)
        self._last_input = self._last_output = time.monotonic()

    def _open_socket(self, timeout: float) -> socket.socket:
        if self.socket is None or not self.socket.isalive():
            self.socket = Socket(
                host=self._base_transport_args.host,
                port=self._base_transport_args.port,
                timeout=timeout,
            )
            self.socket.open()
        sock = self.socket.sock
        if sock is None:
            raise ScrapliConnectionNotOpened
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        logger.debug("%s: TCP_NODELAY set", self._base_transport_args.host)
        return sock

    def _open_ssh(self, sock: socket.socket, remaining: Callable[[], float]) -> None:
        """The parent's open after the socket, each paramiko wait set to what is left."""
        session = self.session = paramiko.Transport(sock)
        session.banner_timeout = session.handshake_timeout = remaining()
        try:
            session.start_client()
        except Exception as exc:
            self.logger.critical("failed to complete handshake with host")
            raise ScrapliConnectionNotOpened(f"SSH negotiation failed: {exc}") from exc
        if self.plugin_transport_args.auth_strict_key:
            self._verify_key()
        session.auth_timeout = remaining()
        self._authenticate()
        if not session.is_authenticated():
            raise ScrapliAuthenticationFailed("all authentication methods failed")
        session.channel_timeout = remaining()
        self._open_channel()

    def _abandon(self) -> None:
        """Close what a failed open left: paramiko's thread, then the socket.

        The raw socket is closed directly: scrapli's close first probes it with a send, which
        on a socket still connecting waits out the whole socket timeout, and then leaves it
        open.
        """
        if self.session is not None:
            self.session.close()
        if self.socket is not None and self.socket.sock is not None:
            self.socket.sock.close()

    def close(self) -> None:
        """Stop paramiko's transport thread before the socket goes.

        scrapli's paramiko transport closes the socket under a running paramiko transport
        thread, which then logs "Socket exception: Bad file descriptor" on every close.
        """
        if self.session is not None:
            self.session.close()
        super().close()

    def write(self, channel_input: bytes) -> None:
        """Send input and restart the operation clock: the device now owes an answer."""
        channel = self.session_channel
        if channel is None:
            raise ScrapliConnectionNotOpened
        self._last_input = time.monotonic()
        if self._op_timeout:
            # A full wait again (paramiko's send obeys the same timeout while the window is
            # full, so it must not keep the remnant of the previous operation's deadline).
            self._apply_recv_timeout(self._capped(self._op_timeout))
        channel.send(channel_input)

    def read(self) -> bytes:
        """One chunk from the channel, waiting no longer than the operation deadline.

        Raises:
            ScrapliConnectionNotOpened: the transport is closed
            ScrapliTimeout: no output within the operation timeout of the last output or input,
                or no prompt within the total budget of the last input
                (the transport is closed first)
            ScrapliConnectionError: the channel failed or ended, or the transport timeout passed
        """
        channel = self.session_channel
        if channel is None:
            raise ScrapliConnectionNotOpened
        buf = self._read_before_deadline(channel) if self._op_timeout else super().read()
        if not buf:  # paramiko's end of stream: the device closed the channel
            raise self._eof()
        self._last_output = time.monotonic()
        return buf

    def _deadline(self) -> float:
        """When the operation times out (monotonic): idle budget or total budget, nearer."""
        active = max(self._last_input, self._last_output) if self.COUNT_FROM_OUTPUT else 0.0
        idle = max(self._last_input, active) + self._op_timeout
        return min(idle, self._last_input + max(self._op_total, self._op_timeout))

    def _read_before_deadline(self, channel: Channel) -> bytes:
        remaining = self._deadline() - time.monotonic()
        if remaining <= 0:
            self._operation_timed_out()
        self._apply_recv_timeout(self._capped(remaining))
        try:
            buf: bytes = channel.recv(65535)
        except Exception as exc:
            if isinstance(exc, TimeoutError) and self._op_expired():
                self._operation_timed_out()
            raise self._eof() from exc
        return buf

    def _eof(self) -> ScrapliConnectionError:
        """The parent's error for a channel that failed or ended, logged as it logs it."""
        self.logger.critical(_EOF_MESSAGE)
        return ScrapliConnectionError(_EOF_MESSAGE)

    def _set_timeout(self, value: float) -> None:
        """The parent's channel timeout (timeout_transport), remembered as the recv cap."""
        if self.session_channel is None:
            raise ScrapliConnectionNotOpened
        self._recv_cap = value if value > 0 else None
        self._recv_timeout = self._recv_cap
        self.session_channel.settimeout(self._recv_cap)

    def _capped(self, wait: float) -> float:
        return wait if self._recv_cap is None else min(wait, self._recv_cap)

    def _apply_recv_timeout(self, wait: float) -> None:
        """Put `wait` on the channel unless its current value is at most the slack above it.

        The value is never left below `wait`, so a recv that times out short of the
        timeout_transport cap has reached the operation deadline.
        """
        current = self._recv_timeout
        if current is not None and wait <= current <= wait + _RECV_TIMEOUT_SLACK_S:
            return
        if self.session_channel is not None:
            self.session_channel.settimeout(wait)
            self._recv_timeout = wait

    def _op_expired(self) -> bool:
        # paramiko times its wait with time.time(); allow for the clocks' difference.
        return time.monotonic() >= self._deadline() - _RECV_TIMEOUT_SLACK_S

    def _operation_timed_out(self) -> NoReturn:
        host = self._base_transport_args.host
        now = time.monotonic()
        since_input = now - self._last_input
        if since_input >= max(self._op_total, self._op_timeout) - _RECV_TIMEOUT_SLACK_S:
            what = f"still no prompt {self._op_total:g} s after the last input (output kept coming)"
        else:
            silent = now - max(self._last_input, self._last_output)
            what = (
                f"no prompt/answer and no output within {self._op_timeout:g} s "
                f"(silent {silent:.1f} s, {since_input:.1f} s since the last input)"
            )
        message = f"{host}: {what}; closing the session"
        self.logger.critical(message)
        self.close()
        raise ScrapliTimeout(message)


__all__ = [
    "OPERATION_TIMEOUT_OPTION",
    "OPERATION_TOTAL_OPTION",
    "TRANSPORT_NAME",
    "NodelayTransport",
    "PluginTransportArgs",
]
