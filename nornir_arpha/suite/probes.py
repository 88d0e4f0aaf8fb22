"""Single display commands on one PE, parsed, over the run's shared Nornir sessions."""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from nornir.core import Nornir
from nornir.core.task import Result, Task

from nornir_arpha.device.session import with_connection
from nornir_arpha.device.vrp import display
from nornir_arpha.parsers import (
    parse_arp_table,
    parse_arp_timeout,
    parse_etrunk,
    parse_interface,
    parse_ping,
    parse_rbs,
    parse_version,
)
from nornir_arpha.parsers.records import (
    ArpTable,
    ETrunkInfo,
    InterfaceInfo,
    PingResult,
    RbsInfo,
    VersionInfo,
)
from nornir_arpha.suite.measure import ReadWindow
from nornir_arpha.tasks.results import payload

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Reading(ReadWindow):
    """A display's raw text and the window the device took it in (see `ReadWindow`); under
    load the round trip grows and so does that window.

    Attributes:
        command: the display command
        output: its raw text
        sent: just before the command was sent
        answered: just after its answer (up to the prompt) arrived
    """

    command: str
    output: str
    sent: float
    answered: float


# Told of every `display interface` a probe reads: the PE, the parsed interface, the reading.
InterfaceObserver = Callable[[str, InterfaceInfo, Reading], None]


class PeProbe:
    """Runs display commands on one PE of a Nornir run and parses them.

    Errors propagate with the host and command in their message (`DeviceError`,
    `ConnectionLost`, `ParseError`), so a failing test names them.
    """

    def __init__(self, nr: Nornir, host: str) -> None:
        self.host = host
        self._nr = nr.filter(name=host)  # once: a probe is read many times while polling
        self._observers: tuple[InterfaceObserver, ...] = ()

    def observed(self, observer: InterfaceObserver) -> PeProbe:
        """A copy of this probe that also hands each interface reading to `observer`."""
        watched = copy.copy(self)
        watched._observers = (*self._observers, observer)
        return watched

    def run(self, command: str) -> Reading:
        """Send one display command; the reading is dated by its round trip's bounds."""

        def task(task: Task) -> Result:
            def send(conn: object) -> Reading:
                sent = time.monotonic()
                output = display(conn, self.host, command)  # type: ignore[arg-type]
                return Reading(command, output, sent, time.monotonic())

            return Result(host=task.host, result=with_connection(task, send))

        return payload(self._nr.run(task=task, on_failed=True)[self.host][0], Reading)

    def parsed(self, command: str, parser: Callable[[str], T]) -> tuple[T, Reading]:
        reading = self.run(command)
        return parser(reading.output), reading

    def interface(self, name: str) -> tuple[InterfaceInfo, Reading]:
        info, reading = self.parsed(f"display interface {name}", parse_interface)
        for observer in self._observers:
            observer(self.host, info, reading)
        return info, reading

    def arp(self) -> tuple[ArpTable, Reading]:
        return self.parsed("display arp all", parse_arp_table)

    def arp_aging_s(self, interface: str) -> int | None:
        """The interface's ARP aging as `display arp interface` states it, if it does."""
        return parse_arp_timeout(self.run(f"display arp interface {interface}").output)

    def rbs(self, name: str) -> tuple[RbsInfo, Reading]:
        return self.parsed(f"display remote-backup-service {name}", parse_rbs)

    def e_trunk(self, etrunk_id: int) -> tuple[ETrunkInfo, Reading]:
        return self.parsed(f"display e-trunk {etrunk_id}", parse_etrunk)

    def version(self) -> VersionInfo:
        return self.parsed("display version", parse_version)[0]

    def ping(self, targets: Sequence[str], retry_count: int = 3) -> dict[str, PingResult]:
        """Ping each target once from this PE; a target that does not answer gets a second
        ping of `retry_count` echoes (its first echo may be spent on ARP resolution).

        Returns:
            the last ping's result per target
        """
        results = {}
        for target in targets:
            result = self.parsed(f"ping -c 1 {target}", parse_ping)[0]
            if result.received == 0:
                result = self.parsed(f"ping -c {retry_count} {target}", parse_ping)[0]
            results[target] = result
        return results
