"""A PE's hot-backup state as typed records, with the display output each came from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from nornir_arpha.parsers.records import (
    ArpTable,
    EthTrunkInfo,
    ETrunkInfo,
    InterfaceInfo,
    RbpInfo,
    RbsInfo,
)


@dataclass(frozen=True)
class Display:
    """One display command and what came back.

    Attributes:
        command: as sent
        output: the device's answer
        error: why no record came out of it (the device's `Error:` text, or a parse error)
    """

    command: str
    output: str
    error: str | None = None


@dataclass(frozen=True)
class PeState:
    """What `collect_state` read from one PE; a record is None when its display failed.

    `displays` holds every display by key: "rbs", "rbp", "e_trunk", "eth_trunk", "arp", and
    "interface <name>" for the Eth-Trunk and each member, so checks can quote their evidence.
    """

    host: str
    rbs: RbsInfo | None
    rbp: RbpInfo | None
    e_trunk: ETrunkInfo | None
    eth_trunk: EthTrunkInfo | None
    arp: ArpTable | None
    interfaces: tuple[InterfaceInfo, ...] = ()
    displays: Mapping[str, Display] = field(default_factory=dict)

    def display(self, key: str) -> Display:
        """The display behind a record (an empty one if it was not run)."""
        return self.displays.get(key, Display(command=f"({key} not collected)", output=""))
