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

scrapli loads non-core transports by name from a module ``scrapli_<name>.transport``; the
``scrapli_nodelay`` package shipped next to this one re-exports the classes below.
"""

from __future__ import annotations

import logging
import socket

from scrapli.transport.base.base_socket import Socket
from scrapli.transport.plugins.paramiko.transport import ParamikoTransport, PluginTransportArgs

logger = logging.getLogger(__name__)

TRANSPORT_NAME = "nodelay"


class NodelayTransport(ParamikoTransport):
    """scrapli's paramiko transport, with TCP_NODELAY set before the SSH handshake."""

    def open(self) -> None:
        """Connect the TCP socket, disable Nagle's algorithm, then run the paramiko open.

        Raises:
            ScrapliConnectionNotOpened: the socket could not connect or the handshake failed
            ScrapliAuthenticationFailed: the device refused the credentials
        """
        if self.socket is None or not self.socket.isalive():
            self.socket = Socket(
                host=self._base_transport_args.host,
                port=self._base_transport_args.port,
                timeout=self._base_transport_args.timeout_socket,
            )
            self.socket.open()
        sock = self.socket.sock
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            logger.debug("%s: TCP_NODELAY set", self._base_transport_args.host)
        super().open()

    def close(self) -> None:
        """Stop paramiko's transport thread before the socket goes.

        scrapli's paramiko transport closes the socket under a running paramiko transport
        thread, which then logs "Socket exception: Bad file descriptor" on every close.
        """
        if self.session is not None:
            self.session.close()
        super().close()


__all__ = ["TRANSPORT_NAME", "NodelayTransport", "PluginTransportArgs"]
