"""The RBS channel: the TCP session between the two PEs that carries hot-backup data.

A pair of RBSs (one per PE) connects when both are enabled and mirror each other (each
one's peer is the other's source, same port), each source address is on its own device,
and the inter-PE path is up. It then comes up after a short connect delay. Until then an
RBS waits in `Listening` or `Connecting` (`inferred.RBS_LOWER_SOURCE_LISTENS`).

A broken path is noticed only when the echo times out (defect rbs-slow-path-detection: late);
a configuration change closes the session at once. Every transition updates the up/down
times and logs `RBS/4/RBS_CHANNEL_STATUS_CHANGE` (REFERENCE §4.1, §5, §9).
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from nornir_arpha.sim import inferred
from nornir_arpha.sim.defects import NO_DEFECTS, Defect, Defects
from nornir_arpha.sim.device_config import RemoteBackupService
from nornir_arpha.sim.fabric.clock import LabClock, Timer
from nornir_arpha.sim.fabric.logbuf import DeviceLog

logger = logging.getLogger(__name__)

# Defect rbs-slow-path-detection: the echo times out only after this many echo timeouts.
SLOW_DETECTION_FACTOR = 4.0


@dataclass
class RbsEndpoint:
    """The live state of one RBS on one PE."""

    name: str
    connected: bool = False
    last_up: float | None = None
    last_down: float | None = None
    down_reason: str | None = None


@dataclass(frozen=True)
class RbsSide:
    """One PE's view for the channel: its RBSs, the addresses it owns, its log."""

    services: dict[str, RemoteBackupService]
    owns: Callable[[str], bool]
    endpoints: dict[str, RbsEndpoint]
    log: DeviceLog


def usable(service: RemoteBackupService) -> bool:
    """Whether an RBS is enabled and fully configured."""
    return not service.shutdown and None not in (service.peer, service.source, service.port)


def mirrored(a: RemoteBackupService, b: RemoteBackupService) -> bool:
    """Whether two RBSs (one per PE) name each other with the same port."""
    return a.peer == b.source and b.peer == a.source and a.port == b.port


def tcp_state(service: RemoteBackupService, endpoint: RbsEndpoint) -> str:
    """The `TCP-State` an RBS shows."""
    if endpoint.connected:
        return "Connected"
    if service.peer is None or service.source is None or service.port is None:
        return inferred.RBS_STATE_UNCONFIGURED
    if service.shutdown:
        return inferred.RBS_STATE_SHUTDOWN
    source, peer = ipaddress.ip_address(service.source), ipaddress.ip_address(service.peer)
    lower = (source.version, int(source)) < (peer.version, int(peer))
    return "Listening" if lower == inferred.RBS_LOWER_SOURCE_LISTENS else "Connecting"


class RbsChannel:
    """Connects and disconnects the RBS pairs of the two PEs.

    Args:
        clock: the lab clock
        on_change: called after a session came up or went down
        defects: the lab's defects (rbs-ipv6-never-connects, rbs-never-reconnects act here;
            rbs-flaps-on-access-fault calls `drop`)
    """

    def __init__(
        self, clock: LabClock, on_change: Callable[[], None], defects: Defects = NO_DEFECTS
    ) -> None:
        self.clock = clock
        self._on_change = on_change
        self._defects = defects
        self.sessions: set[tuple[str, str]] = set()  # connected (first PE's, second PE's) names
        self._lost: set[tuple[str, str]] = set()  # closed once (defect rbs-never-reconnects)
        self._connecting: dict[tuple[str, str], Timer] = {}
        self._echo: dict[tuple[str, str], Timer] = {}

    def reconcile(self, one: RbsSide, two: RbsSide, path_up: bool) -> None:
        """Start, keep or close sessions to match the configuration and the path."""
        eligible = self._eligible(one, two, path_up)
        configured = self._eligible(one, two, True)
        for pair in sorted(self.sessions - eligible):
            if pair in configured:
                if pair not in self._echo:
                    self._echo[pair] = self.clock.call_later(
                        self._echo_timeout_s(), partial(self._echo_lost, pair, one, two)
                    )
                continue
            self._close(pair, one, two, inferred.RBS_DOWN_LOCAL, inferred.RBS_DOWN_PEER)
        for pair in sorted(eligible):
            if pair in self._echo:
                self._echo.pop(pair).cancel()
            if pair not in self.sessions and pair not in self._connecting:
                self._connecting[pair] = self.clock.call_later(
                    inferred.RBS_CONNECT_DELAY_S, partial(self._connected, pair, one, two)
                )
        for pair in sorted(set(self._connecting) - eligible):
            self._connecting.pop(pair).cancel()

    def _echo_timeout_s(self) -> float:
        """How long a session outlives a broken path (defect rbs-slow-path-detection: longer)."""
        if Defect.RBS_SLOW_PATH_DETECTION in self._defects:
            return SLOW_DETECTION_FACTOR * inferred.RBS_ECHO_TIMEOUT_S
        return inferred.RBS_ECHO_TIMEOUT_S

    def _eligible(self, one: RbsSide, two: RbsSide, path_up: bool) -> set[tuple[str, str]]:
        if not path_up:
            return set()
        pairs = set()
        for a_name, a in one.services.items():
            for b_name, b in two.services.items():
                if (
                    usable(a)
                    and usable(b)
                    and not self._broken(a_name, a, b_name)
                    and mirrored(a, b)
                    and a.source is not None
                    and b.source is not None
                    and one.owns(a.source)
                    and two.owns(b.source)
                ):
                    pairs.add((a_name, b_name))
        return pairs

    def _broken(self, a_name: str, a: RemoteBackupService, b_name: str) -> bool:
        """Whether a defect keeps this pair from ever connecting."""
        defects = self._defects
        return (a.ipv6 and Defect.RBS_IPV6_NEVER_CONNECTS in defects) or (
            (a_name, b_name) in self._lost and Defect.RBS_NEVER_RECONNECTS in defects
        )

    def drop(self, one: RbsSide, two: RbsSide) -> None:
        """Close every session as if its echo had failed (defect rbs-flaps-on-access-fault);
        the next reconcile connects them again."""
        for pair in sorted(self.sessions):
            self._close(pair, one, two, inferred.RBS_DOWN_ECHO, inferred.RBS_DOWN_ECHO)

    def _connected(self, pair: tuple[str, str], one: RbsSide, two: RbsSide) -> None:
        del self._connecting[pair]
        self.sessions.add(pair)
        for side, name in zip((one, two), pair, strict=True):
            endpoint = side.endpoints[name]
            endpoint.connected, endpoint.last_up = True, self.clock.now
            _log(side.log, name, "Up")
        self._on_change()

    def _echo_lost(self, pair: tuple[str, str], one: RbsSide, two: RbsSide) -> None:
        del self._echo[pair]
        self._close(pair, one, two, inferred.RBS_DOWN_ECHO, inferred.RBS_DOWN_ECHO)

    def _close(
        self, pair: tuple[str, str], one: RbsSide, two: RbsSide, local: str, remote: str
    ) -> None:
        """Close a session; `local` is the reason on a side whose own RBS changed."""
        self.sessions.discard(pair)
        self._lost.add(pair)
        if pair in self._echo:
            self._echo.pop(pair).cancel()
        for side, name, other, other_name in (
            (one, pair[0], two, pair[1]),
            (two, pair[1], one, pair[0]),
        ):
            endpoint = side.endpoints.get(name)
            if endpoint is None:
                continue
            service = side.services.get(name)
            peer = other.services.get(other_name)
            changed = service is None or not usable(service) or peer is None
            endpoint.connected, endpoint.last_down = False, self.clock.now
            endpoint.down_reason = local if changed else remote
            _log(side.log, name, "Down")
        self._on_change()


def _log(log: DeviceLog, name: str, state: str) -> None:
    log.log(
        "RBS/4/RBS_CHANNEL_STATUS_CHANGE",
        f"The state of the RBS channel changed. (serviceName={name}, channelState={state})",
    )
