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
    BACKUP_WRONG_MAC = "backup-wrong-mac"
    ARP_FOOTER_MISCOUNT = "arp-footer-miscount"
    BACKUP_DUPLICATE_ROWS = "backup-duplicate-rows"
    BACKUP_WRONG_INTERFACE = "backup-wrong-interface"
    ETRUNK_PRIORITY_INVERTED = "etrunk-priority-inverted"
    RBS_FLAPS_ON_ACCESS_FAULT = "rbs-flaps-on-access-fault"
    SURVIVOR_DROPS_SOME = "survivor-drops-some"
    COUNTERS_DOUBLE_COUNT = "counters-double-count"
    MEMBER_STAYS_BLOCKED = "member-stays-blocked"
    TEARDOWN_REMOVES_TRUNK_ADDRESS = "teardown-removes-trunk-address"
    ETRUNK_IGNORES_PEER_LOSS = "etrunk-ignores-peer-loss"
    NO_REALTIME_BACKUP = "no-realtime-backup"
    MAC_CHANGE_NOT_BACKED_UP = "mac-change-not-backed-up"
    BACKUP_ENTRIES_AGE_OUT = "backup-entries-age-out"
    BACKUP_NEVER_AGES_OUT = "backup-never-ages-out"
    RBS_SLOW_PATH_DETECTION = "rbs-slow-path-detection"
    CORE_MOVES_HALF_BACK = "core-moves-half-back"
    RESYNC_INSTALLS_SWAPPED_MACS = "resync-installs-swapped-macs"


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
    Defect.BACKUP_WRONG_MAC: "entries received from the peer are stored with the last byte "
    "of their MAC changed",
    Defect.ARP_FOOTER_MISCOUNT: "the footer of 'display arp all' counts one backed-up entry "
    "fewer than it lists (Remote: and Total:)",
    Defect.BACKUP_DUPLICATE_ROWS: "a batch backup appends rows instead of replacing them: a "
    "host already backed up gets a second row",
    Defect.BACKUP_WRONG_INTERFACE: "backed-up entries are listed on the inter-PE port instead "
    "of the Eth-Trunk",
    Defect.ETRUNK_PRIORITY_INVERTED: "the E-Trunk election makes the PE with the higher "
    "priority value Master",
    Defect.RBS_FLAPS_ON_ACCESS_FAULT: "an Eth-Trunk member port going down drops the RBS "
    "channel, which reconnects a second later",
    Defect.SURVIVOR_DROPS_SOME: "after a failover, the surviving PE drops the downstream of "
    "every 33rd host it took over, though their ARP entries are correct",
    Defect.COUNTERS_DOUBLE_COUNT: "after the first link event, the Eth-Trunk's own counters "
    "count every packet twice (its members' are right)",
    Defect.MEMBER_STAYS_BLOCKED: "a member port brought back by 'undo shutdown' shows UP but "
    "never forwards again, while the CE keeps hashing onto it",
    Defect.TEARDOWN_REMOVES_TRUNK_ADDRESS: "a commit that removes 'e-trunk ID' from an "
    "Eth-Trunk also removes its 'ip address'",
    Defect.ETRUNK_IGNORES_PEER_LOSS: "when the peer's hellos stop, a Backup E-Trunk stays "
    "Backup (PRI) instead of Master (TIMEOUT)",
    Defect.NO_REALTIME_BACKUP: "only the batch backup at channel up reaches the peer; entries "
    "learned later are never backed up",
    Defect.MAC_CHANGE_NOT_BACKED_UP: "an entry that changes MAC is not backed up: the peer "
    "keeps the old MAC",
    Defect.BACKUP_ENTRIES_AGE_OUT: "backed-up entries are not refreshed by the hosts' own "
    "ARP: they age out while the owner PE is down",
    Defect.BACKUP_NEVER_AGES_OUT: "backed-up entries never age out: a host that left stays on "
    "the peer for good, though the PE that learned it dropped it",
    Defect.RBS_SLOW_PATH_DETECTION: "the RBS notices a broken inter-PE path only after 4x "
    "its echo timeout: it shows Connected for 12 lab-s while no backup can pass",
    Defect.CORE_MOVES_HALF_BACK: "after a restore, the core keeps sending every second host "
    "it moved during the outage to the surviving PE: no loss, but the restored PE carries "
    "only part of its share",
    Defect.RESYNC_INSTALLS_SWAPPED_MACS: "the batch backup a PE receives when its Eth-Trunk "
    "comes back is installed as locally learned, with the two bytes of each MAC group "
    "swapped",
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
