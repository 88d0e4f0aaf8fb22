"""The configuration lines of the hot-backup procedure, as sent and as read back.

Each `LineKind` knows how to render one line of the configuration procedure, how to recognise
it in `display current-configuration` output, and the `undo` command that removes it. Values
are compared after normalisation (addresses as `ipaddress` prints them, names case-folded,
numbers as integers), so `2001:DB8::2` on the device equals `2001:db8::2` in the lab.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, replace

_ADDRESS_FIELDS = frozenset({"peer", "source"})
_NAME_FIELDS = frozenset({"rbs", "rbp", "mode"})


@dataclass(frozen=True)
class Line:
    """One configuration line inside a view.

    Attributes:
        key: what the line sets in its section; a section holds one value per key
        text: the command as sent (or, read back, as the device prints it)
        undo: the command that removes it
        value: normalised content, compared to decide "same or different"
        removed_with: the key of the line whose undo also removes this one (the E-Trunk
            work mode goes with the Eth-Trunk's E-Trunk membership, REFERENCE §3.10)
    """

    key: str
    text: str
    undo: str
    value: tuple[str, ...]
    removed_with: str | None = None


@dataclass(frozen=True)
class LineKind:
    """A family of lines: `peer A source B port P`, `e-trunk mode M`, ...

    Attributes:
        name: distinguishes kinds sharing a key (IPv4 vs IPv6 peer), part of the value
        key: see `Line.key`
        pattern: full-line regex with one named group per field
        template: `str.format` template of the command, same field names
        undo_template: `str.format` template of the undo command
        removed_with: see `Line.removed_with`
    """

    name: str
    key: str
    pattern: re.Pattern[str]
    template: str
    undo_template: str
    removed_with: str | None = None

    def make(self, **fields: object) -> Line:
        """The line with these field values (the values are rendered with `str`)."""
        text_fields = {name: str(value) for name, value in fields.items()}
        return Line(
            key=self.key,
            text=self.template.format(**text_fields),
            undo=self.undo_template.format(**text_fields),
            value=(self.name, *(_normalise(k, v) for k, v in sorted(text_fields.items()))),
            removed_with=self.removed_with,
        )

    def parse(self, text: str) -> Line | None:
        """The line if `text` (one configuration line) is of this kind, else None."""
        match = self.pattern.fullmatch(" ".join(text.split()))
        if match is None:
            return None
        line = self.make(**match.groupdict())
        return replace(line, text=" ".join(text.split()))

    def naming(self, within: str, **fields: object) -> Reference:
        """Lines of this kind in sections whose header starts with `within` that carry
        these field values, e.g. `TRUNK_ETRUNK.naming("interface ", etrunk=1)`."""
        wanted = tuple(sorted((name, _normalise(name, str(v))) for name, v in fields.items()))
        return Reference(within.casefold(), self, wanted)


@dataclass(frozen=True)
class Reference:
    """Lines elsewhere in the configuration that use an object (a user keeps it alive).

    Attributes:
        within: the case-folded header prefix of the sections such lines are in
        kind: the kind of the line
        fields: the normalised field values that name the object
    """

    within: str
    kind: LineKind
    fields: tuple[tuple[str, str], ...]

    def found(self, header: str, text: str) -> bool:
        """Whether `text`, a child of the section `header`, is such a line."""
        if not " ".join(header.split()).casefold().startswith(self.within):
            return False
        match = self.kind.pattern.fullmatch(" ".join(text.split()))
        if match is None:
            return False
        values = match.groupdict()
        return all(_normalise(name, values[name]) == value for name, value in self.fields)


def _normalise(field: str, value: str) -> str:
    if field in _ADDRESS_FIELDS:
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            return value.casefold()
    if field in _NAME_FIELDS:
        return value.casefold()
    return str(int(value)) if value.isdigit() else value


def _kind(
    name: str, key: str, pattern: str, template: str, undo: str, removed_with: str | None = None
) -> LineKind:
    return LineKind(name, key, re.compile(pattern, re.IGNORECASE), template, undo, removed_with)


# remote-backup-service view (REFERENCE.md §3.2, §3.3)
RBS_PEER = _kind(
    "rbs-peer",
    "peer",
    r"peer (?P<peer>\S+) source (?P<source>\S+) port (?P<port>\d+)",
    "peer {peer} source {source} port {port}",
    "undo peer {peer}",
)
RBS_PEER_V6 = _kind(
    "rbs-peer-ipv6",
    "peer",
    r"peer-ipv6 (?P<peer>\S+) source-ipv6 (?P<source>\S+) port (?P<port>\d+)",
    "peer-ipv6 {peer} source-ipv6 {source} port {port}",
    "undo peer-ipv6 {peer}",
)
# e-trunk view (§3.6, §3.7)
ETRUNK_PEER = _kind(
    "etrunk-peer",
    "peer",
    r"peer-address (?P<peer>\S+) source-address (?P<source>\S+)",
    "peer-address {peer} source-address {source}",
    "undo peer-address",
)
ETRUNK_PEER_V6 = _kind(
    "etrunk-peer-ipv6",
    "peer",
    r"peer-ipv6 (?P<peer>\S+) source-ipv6 (?P<source>\S+)",
    "peer-ipv6 {peer} source-ipv6 {source}",
    "undo peer-ipv6",
)
ETRUNK_PRIORITY = _kind(
    "priority", "priority", r"priority (?P<priority>\d+)", "priority {priority}", "undo priority"
)
# interface Eth-Trunk view (§3.9, §3.10, §3.16)
TRUNK_ETRUNK = _kind(
    "join", "e-trunk", r"e-trunk (?P<etrunk>\d+)", "e-trunk {etrunk}", "undo e-trunk"
)
TRUNK_ETRUNK_MODE = _kind(
    "mode",
    "e-trunk mode",
    r"e-trunk mode (?P<mode>\S+)",
    "e-trunk mode {mode}",
    "undo e-trunk mode",
    removed_with="e-trunk",
)
TRUNK_RBP = _kind(
    "bind",
    "remote-backup-profile",
    r"remote-backup-profile (?P<rbp>\S+)",
    "remote-backup-profile {rbp}",
    "undo remote-backup-profile {rbp}",
)
# remote-backup-profile view (§3.12-§3.14)
RBP_BACKUP_ID = _kind(
    "backup-id",
    "backup-id",
    r"backup-id (?P<backup_id>\d+) remote-backup-service (?P<rbs>\S+)",
    "backup-id {backup_id} remote-backup-service {rbs}",
    "undo backup-id {backup_id} remote-backup-service {rbs}",
)
RBP_SERVICE_ARP = _kind(
    "service-arp",
    "service-type arp",
    r"service-type (?P<service>arp)",
    "service-type {service}",
    "undo service-type {service}",
)
RBP_ETRUNK = _kind(
    "track",
    "e-trunk",
    r"e-trunk (?P<etrunk>\d+) eth-trunk (?P<trunk>\d+)",
    "e-trunk {etrunk} eth-trunk {trunk}",
    "undo e-trunk {etrunk} eth-trunk {trunk}",
)
