"""The contract between a simulated PE's CLI and the lab fabric that gives it live state.

The CLI parses and validates a display/ping command into one of the request types below
and hands it to the device's `DeviceRuntime`; the runtime renders the answer from the
running config plus live state (links, E-Trunk, RBS channel, ARP, counters).

Everything runs on the simulator's single event loop thread: no locking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class ShowETrunk:
    etrunk_id: int | None  # None: `display e-trunk brief`


@dataclass(frozen=True)
class ShowRbs:
    name: str | None  # None: the list of all RBSs
    verbose: bool = False


@dataclass(frozen=True)
class ShowRbp:
    name: str | None  # None: the list of all RBPs


@dataclass(frozen=True)
class ShowEthTrunk:
    trunk_id: int | None  # None: every Eth-Trunk
    brief: bool = False
    verbose: bool = False


@dataclass(frozen=True)
class ShowInterface:
    name: str | None  # canonical interface name; None: every interface


@dataclass(frozen=True)
class ShowInterfaceBrief:
    pass


@dataclass(frozen=True)
class ShowArp:
    interface: str | None  # canonical interface name; None: `display arp all`


@dataclass(frozen=True)
class ShowArpStatistics:
    pass


ShowRequest = (
    ShowETrunk
    | ShowRbs
    | ShowRbp
    | ShowEthTrunk
    | ShowInterface
    | ShowInterfaceBrief
    | ShowArp
    | ShowArpStatistics
)


@dataclass(frozen=True)
class PingRequest:
    target: str
    count: int = 5
    source: str | None = None
    size: int = 56
    timeout_ms: int = 2000


class CommandRefused(Exception):
    """The device answers with an `Error: ...` line; `str(exc)` is the text after `Error: `."""


class DeviceRuntime(Protocol):
    """Live state of one device, as its display commands and ping see it."""

    def show(self, request: ShowRequest) -> Iterable[str]:
        """Lines of output, without line endings; may be a generator (streamed to the client).

        Raises:
            CommandRefused: the object asked for does not exist, or similar
        """
        ...

    async def ping(self, request: PingRequest) -> list[str]:
        """Run a ping, taking the lab time the replies take, and return its output lines."""
        ...
