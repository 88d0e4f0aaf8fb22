"""Injectable firmware defects: regressions the simulator can be told to have.

A defect is switched on by name, from the lab definition (`simulation.defects` in lab.yaml),
`arpha sim --defect NAME`, `arpha run --sim-defect NAME` or pytest's `--sim-defect NAME`.
Each one breaks the simulated firmware in one place, the way a real regression would; the
failover suite must catch every one of them from device output alone (the detection matrix,
tests/defects/ and docs/defects.md). Defects exist only here: the client side never knows.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Defect(StrEnum):
    """One injectable defect; its value is the name used in labs and on command lines."""

    ARP_BACKUP_NOT_SENT = "arp-backup-not-sent"
    BACKUP_ENTRIES_FLUSHED = "backup-entries-flushed"
    FORCE_MASTER_IGNORED = "force-master-ignored"
    SLOW_FAILOVER = "slow-failover"
    RBS_IPV6_NEVER_CONNECTS = "rbs-ipv6-never-connects"
    NO_RESYNC_AFTER_RECOVERY = "no-resync-after-recovery"
    COUNTERS_FROZEN = "counters-frozen"
    COMMIT_DROPS_SERVICE_TYPE = "commit-drops-service-type"
    RBS_NEVER_RECONNECTS = "rbs-never-reconnects"


DESCRIPTIONS: dict[Defect, str] = {
    Defect.ARP_BACKUP_NOT_SENT: "the RBS is Connected, but no ARP entry is ever backed up to "
    "the peer",
    Defect.BACKUP_ENTRIES_FLUSHED: "a PE drops its backed-up ARP entries when the other PE's "
    "Eth-Trunk goes down",
    Defect.FORCE_MASTER_IGNORED: "'e-trunk mode force-master' is accepted and displayed, but "
    "the member works as 'auto' (Backup on the lower-priority PE)",
    Defect.SLOW_FAILOVER: "traffic moves to the surviving PE only after 3x the lab's "
    "convergence budget",
    Defect.RBS_IPV6_NEVER_CONNECTS: "an RBS with 'peer-ipv6' stays Connecting/Listening "
    "forever (IPv4 is fine)",
    Defect.NO_RESYNC_AFTER_RECOVERY: "after 'undo shutdown', the entries the peer learned "
    "during the outage never reach the recovered PE (no batch backup)",
    Defect.COUNTERS_FROZEN: "interface counters stop increasing after the first link event, "
    "though forwarding works",
    Defect.COMMIT_DROPS_SERVICE_TYPE: "'commit' succeeds, but 'service-type arp' is silently "
    "missing from the running config",
    Defect.RBS_NEVER_RECONNECTS: "once the RBS channel has gone down (RBS shutdown, path "
    "loss), it never connects again",
}


class UnknownDefect(ValueError):
    """A defect name that is not in the registry; the message lists the valid names."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(names)
        unknown = ", ".join(f"'{name}'" for name in self.names)
        super().__init__(
            f"unknown defect {unknown}; valid names: {', '.join(defect for defect in Defect)}"
        )


class Defects(frozenset[Defect]):
    """The defects a simulated lab runs with: `Defect.SLOW_FAILOVER in defects`."""

    @classmethod
    def parse(cls, names: Iterable[str]) -> Defects:
        """The defects called `names` (duplicates allowed).

        Raises:
            UnknownDefect: naming every unknown name and listing the valid ones
        """
        wanted = list(names)
        valid = {defect.value for defect in Defect}
        unknown = [name for name in wanted if name not in valid]
        if unknown:
            raise UnknownDefect(unknown)
        return cls(Defect(name) for name in wanted)


NO_DEFECTS = Defects()
