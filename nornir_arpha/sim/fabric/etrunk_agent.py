"""One PE's E-Trunk: hellos, the Master/Backup election, and its members' roles.

Behaviour (REFERENCE §3.7, §4.3, §5, §9):
- Hellos go to the peer every `timer hello` (default 1 s); the peer is lost when none
  arrives within its advertised fail time (default 3 s).
- The E-Trunk is `Init` from creation until the first hello or its own fail time. With
  the peer heard, priority then system ID elect Master/Backup (causation PRI; equal → both
  Master); without it, the PE is Master with causation TIMEOUT (dual master when the
  inter-PE path breaks).
- Members: `force-master`/`force-backup` pin the role. `auto` follows the E-Trunk role
  and the peer member: a Backup PE's member takes over (PEER_MEMBER_DOWN) while the
  peer's member is not an up Master; a Master PE's member yields (PEER_MEMBER_UP) while
  its own links are down and the peer's are up, and reclaims Master only after the revert
  delay.
- A member's role or link change is sent to the peer at once (a triggered hello).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from nornir_arpha.sim.defects import NO_DEFECTS, Defect, Defects
from nornir_arpha.sim.device_config import ETrunk, ETrunkMode
from nornir_arpha.sim.fabric.clock import LabClock, Timer
from nornir_arpha.sim.fabric.logbuf import DeviceLog

logger = logging.getLogger(__name__)

INIT, MASTER, BACKUP = "Init", "Master", "Backup"


@dataclass(frozen=True)
class MemberReport:
    """What a hello says about one member Eth-Trunk."""

    phys_up: bool
    state: str


@dataclass(frozen=True)
class Hello:
    """One E-Trunk packet, as the peer receives it."""

    etrunk_id: int
    source: str
    priority: int
    system_id: bytes
    fail_time_100ms: int
    members: dict[int, MemberReport]


@dataclass
class Member:
    """One Eth-Trunk that joined the E-Trunk."""

    trunk_id: int
    mode: ETrunkMode
    phys_up: bool
    state: str = BACKUP
    causation: str = "ETRUNK_INIT"
    revert: Timer | None = None
    reverted: bool = False
    fresh: bool = True  # joined or changed mode: take the computed causation as it is

    def report(self) -> MemberReport:
        """What this PE's hellos say about the member."""
        return MemberReport(self.phys_up, self.state)


@dataclass
class PeerView:
    """The last hello heard from the peer."""

    priority: int = 0
    system_id: bytes = bytes(6)
    fail_time_100ms: int = 0
    members: dict[int, MemberReport] = field(default_factory=dict)


Send = Callable[[Hello], bool]


class ETrunkAgent:
    """The E-Trunk state machine of one PE.

    Args:
        config: the E-Trunk's committed configuration
        system_id: this PE's system ID (its MAC)
        clock: the lab clock
        send: delivers a hello towards the peer; False when it could not be sent
        log: the PE's log buffer
        on_change: called after the E-Trunk or a member changed role
        defects: the lab's defects acting on the election (etrunk-priority-inverted,
            etrunk-ignores-peer-loss) and the member roles (force-master-ignored: members
            in `force-master` work as `auto`; the display still shows the configured mode)
    """

    def __init__(
        self,
        config: ETrunk,
        system_id: bytes,
        clock: LabClock,
        send: Send,
        log: DeviceLog,
        on_change: Callable[[], None],
        *,
        defects: Defects = NO_DEFECTS,
    ) -> None:
        self.config = config
        self._defects = defects
        self.system_id = system_id
        self.clock = clock
        self._send = send
        self._log = log
        self._on_change = on_change
        self.state, self.causation = INIT, "INIT"
        self.members: dict[int, Member] = {}
        self.peer = PeerView()
        self.peer_alive = False
        self.sent = self.received = self.rec_drop = self.snd_drop = 0
        self._started = clock.now
        self._hello_timer: Timer | None = None
        self._deadline: Timer | None = None
        self._restart()

    # -- configuration -------------------------------------------------------------------

    @property
    def hello_period_s(self) -> float:
        """Seconds between hellos (`timer hello`, in units of 100 ms)."""
        return self.config.hello_100ms / 10

    @property
    def fail_time_100ms(self) -> int:
        """The fail time this PE advertises: hello x hold-on-failure multiplier."""
        return self.config.hello_100ms * self.config.fail_multiplier

    @property
    def configured(self) -> bool:
        """Whether peer and source addresses are set (the protocol runs)."""
        return self.config.peer is not None and self.config.source is not None

    def reconfigure(self, config: ETrunk) -> None:
        """Apply a committed change to the E-Trunk's own settings."""
        old, self.config = self.config, config
        if (old.peer, old.source, old.ipv6) != (config.peer, config.source, config.ipv6):
            self.peer, self.peer_alive = PeerView(), False
            self._restart()
        elif old.hello_100ms != config.hello_100ms:
            self._schedule_hello(0.0)
        self.evaluate()

    def set_members(self, members: dict[int, tuple[ETrunkMode, bool]]) -> None:
        """The Eth-Trunks that joined, with their work mode and whether their links are up."""
        for trunk_id in list(self.members):
            if trunk_id not in members:
                self._stop_revert(self.members.pop(trunk_id))
        for trunk_id, (mode, phys_up) in members.items():
            member = self.members.get(trunk_id)
            if member is None:
                self.members[trunk_id] = Member(trunk_id, mode, phys_up)
            elif member.mode != mode:
                self._stop_revert(member)
                self.members[trunk_id] = Member(trunk_id, mode, phys_up, member.state)
            else:
                member.phys_up = phys_up
        self.evaluate()

    def stop(self) -> None:
        """The E-Trunk was deleted: cancel its timers."""
        for timer in (self._hello_timer, self._deadline):
            if timer is not None:
                timer.cancel()
        for member in self.members.values():
            self._stop_revert(member)

    # -- protocol ------------------------------------------------------------------------

    def receive(self, hello: Hello) -> None:
        """A hello from the peer arrived."""
        if hello.source != self.config.peer:
            self.rec_drop += 1
            return
        self.received += 1
        self.peer = PeerView(hello.priority, hello.system_id, hello.fail_time_100ms, hello.members)
        self.peer_alive = True
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.clock.call_later(hello.fail_time_100ms / 10, self._peer_lost)
        self.evaluate()

    def _restart(self) -> None:
        self.state, self.causation = INIT, "INIT"
        self._started = self.clock.now
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = None
        if self.configured:
            self._deadline = self.clock.call_later(self.fail_time_100ms / 10, self._peer_lost)
        self._schedule_hello(0.0)

    def _schedule_hello(self, delay: float) -> None:
        if self._hello_timer is not None:
            self._hello_timer.cancel()
        self._hello_timer = self.clock.call_later(delay, self._hello_tick)

    def _hello_tick(self) -> None:
        self._hello()
        self._hello_timer = self.clock.call_later(self.hello_period_s, self._hello_tick)

    def _hello(self) -> None:
        if not self.configured or self.config.source is None:
            return
        hello = Hello(
            self.config.id,
            self.config.source,
            self.config.priority,
            self.system_id,
            self.fail_time_100ms,
            {trunk_id: member.report() for trunk_id, member in self.members.items()},
        )
        if self._send(hello):
            self.sent += 1
        else:
            self.snd_drop += 1

    def _peer_lost(self) -> None:
        self._deadline = None
        self.peer_alive = False
        self.evaluate()

    # -- roles ---------------------------------------------------------------------------

    def evaluate(self) -> None:
        """Recompute the E-Trunk and member roles; report changes to the peer and the PE."""
        before = self._summary()
        state, causation = self._elect()
        if state != self.state:
            self._log.log(
                "ETRUNK/4/ETRUNK_STATUS_CHANGE",
                f"The status of an E-Trunk changed.(ETrunkId={self.config.id}, "
                f"State={state}, StateReason={causation})",
            )
        self.state, self.causation = state, causation
        for member in self.members.values():
            self._place(member)
        if self._summary() != before:
            self._hello()
            self._on_change()

    def _summary(self) -> tuple[str, tuple[tuple[int, bool, str], ...]]:
        members = tuple((m.trunk_id, m.phys_up, m.state) for m in self.members.values())
        return self.state, members

    def _elect(self) -> tuple[str, str]:
        if not self.configured:
            return INIT, "INIT"
        if self.peer_alive:
            mine = (self.config.priority, self.system_id)
            theirs = (self.peer.priority, self.peer.system_id)
            if Defect.ETRUNK_PRIORITY_INVERTED in self._defects:
                mine, theirs = theirs, mine
            return (MASTER if mine <= theirs else BACKUP), "PRI"
        if self.state == INIT and self.clock.now < self._started + self.fail_time_100ms / 10:
            return INIT, "INIT"
        if self.state == BACKUP and Defect.ETRUNK_IGNORES_PEER_LOSS in self._defects:
            return BACKUP, "PRI"
        return MASTER, "TIMEOUT"

    def _place(self, member: Member) -> None:
        if not member.phys_up:
            self._stop_revert(member)
            member.reverted = False
        state, causation = self._member_role(member)
        fresh, member.fresh = member.fresh, False
        if state == member.state:
            if fresh:
                member.causation = causation
            return
        member.state, member.causation = state, causation
        self._log.log(
            "ETRUNK/4/ETRUNK_MEMBER_STATUS_CHANGE",
            f"The status of an E-Trunk member changed. (ETrunkId={self.config.id}, "
            f"MemberType=Eth-Trunk, MemberId={member.trunk_id}, State={state}, "
            f"StateReason={causation})",
        )

    def _member_role(self, member: Member) -> tuple[str, str]:
        if member.mode == "force-master" and Defect.FORCE_MASTER_IGNORED not in self._defects:
            return MASTER, "FORCE_MASTER"
        if member.mode == "force-backup":
            return BACKUP, "FORCE_BACKUP"
        if self.state == INIT:
            return BACKUP, "ETRUNK_INIT"
        peer = self.peer.members.get(member.trunk_id) if self.peer_alive else None
        if self.state == MASTER:
            if peer is not None and peer.phys_up:
                if not member.phys_up:
                    return BACKUP, "PEER_MEMBER_UP"
                if (
                    member.state == BACKUP
                    and member.causation == "PEER_MEMBER_UP"
                    and not self._revert_elapsed(member)
                ):
                    return BACKUP, member.causation
            return MASTER, "ETRUNK_MASTER"
        if peer is None or not peer.phys_up or peer.state != MASTER:
            return MASTER, "PEER_MEMBER_DOWN"
        handed_over = member.state == MASTER and not member.fresh
        return BACKUP, ("PEER_MEMBER_UP" if handed_over else "ETRUNK_BACKUP")

    def _revert_elapsed(self, member: Member) -> bool:
        """Whether `member` may reclaim Master: the revert delay (started here) has run out."""
        if member.reverted or self.config.revert_delay_s == 0:
            return True
        if member.revert is None:
            member.revert = self.clock.call_later(
                self.config.revert_delay_s, lambda: self._revert_done(member)
            )
        return False

    def _revert_done(self, member: Member) -> None:
        member.revert, member.reverted = None, True
        self.evaluate()

    @staticmethod
    def _stop_revert(member: Member) -> None:
        if member.revert is not None:
            member.revert.cancel()
            member.revert = None
