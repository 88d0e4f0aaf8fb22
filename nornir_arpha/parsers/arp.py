"""``display arp ...`` tables and ``display arp statistics``.

The template ``arp.textfsm`` defines the layout; two engines apply it to a table and return
the same records, or raise the same error, for any text:

* ``"regex"``, used at every size: the table body (the lines between the header's dashed rule
  and the closing one) goes through one compiled regex with ``findall``, made of the
  template's row rule and VLAN continuation rule; the few header and footer lines go through
  the template's rules run by :class:`~nornir_arpha.parsers.base.LineRules`, and so does the
  whole text when the body holds any other line (a blank line, a line no rule accepts) or
  has no rules around it. About 0.2 ms for a 100-row table and 0.13 s for 64k rows (0.8 ms
  and 0.55 s when every line goes through the rules).
* ``"textfsm"``: the template run by TextFSM, the reference the regex engine is tested
  against (tests/parsers/test_arp.py: every sample, the error cases, generated and random
  texts). About 12x slower: 2.4 ms for 100 rows, 1.6 s for 64k (``python -m bench arp``).

Which TYPE flags mean "backed up from the peer" is the lab's platform profile
(``platform.arp_backup_types``), read by ``nornir_arpha.checks.backup_entries``.
"""

from __future__ import annotations

import gc
import logging
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, Literal

from nornir_arpha.parsers.base import (
    line_rules,
    opt_int,
    prepare,
    required,
    run_template,
    single,
)
from nornir_arpha.parsers.records import ArpEntry, ArpStatistics, ArpTable

log = logging.getLogger(__name__)

ArpEngine = Literal["regex", "textfsm"]

_TEMPLATE = "arp"
_COMMAND = "display arp"
_RULE = re.compile(r"^-{10,}[ \t]*$", re.MULTILINE)
_FOOTER_SPAN = 1024  # the closing rule is followed by at most two short footer lines
# Row fields in regex group order; VLAN_NEXT is a VLAN printed on the following line.
_ROW_FIELDS = ("IP", "MAC", "EXPIRE", "TYPE", "INTERFACE", "VPN_INSTANCE", "VLAN", "VLAN_NEXT")

_Row = tuple[str, ...]  # _ROW_FIELDS, "" where absent


def parse_arp_table(text: str, *, engine: ArpEngine = "regex") -> ArpTable:
    """Parse ``display arp all`` / ``display arp interface IF`` / ``display arp dynamic``.

    Args:
        text: the command output, with or without the echoed command line.
        engine: ``"regex"`` (the default, fast at every size) or ``"textfsm"`` (the
            reference); both give the same result and errors.

    Returns:
        The rows and the footer counters (None where the layout prints no such counter).

    Raises:
        UnsupportedLayout: a line is neither a header, a row nor a footer line; the message
            names the first such line, e.g. ``display arp: unrecognised line 'foo'``.
        ParseError: the device replied with an error.
    """
    if engine == "textfsm":
        records = run_template(_TEMPLATE, text, _COMMAND)
        return _table(_record_entries(records), records)
    return _parse_regex(text)


def parse_arp_statistics(text: str) -> ArpStatistics:
    """Parse ``display arp statistics all`` (or ``... slot N``).

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        The Dynamic/Static counters and Remote/Redirect when printed.

    Raises:
        UnsupportedLayout: the counters line is missing or a line is not recognised.
        ParseError: the device replied with an error.
    """
    command = "display arp statistics"
    row = single(run_template("arp_statistics", text, command), command)
    return ArpStatistics(
        dynamic=int(required(row, "DYNAMIC", command, "Dynamic")),
        static=int(required(row, "STATIC", command, "Static")),
        remote=opt_int(row["REMOTE"]),
        redirect=opt_int(row["REDIRECT"]),
    )


def _entries(rows: Iterable[_Row]) -> tuple[ArpEntry, ...]:
    """Rows of field text ("" when absent) to entries; the hot loop of a 64k-row table."""
    new = tuple.__new__  # ArpEntry(...) without the keyword-handling __new__ wrapper
    return tuple(
        [
            new(
                ArpEntry,
                (
                    ip,
                    mac,
                    int(expire) if expire else None,
                    type_,
                    iface or None,
                    vpn or None,
                    vlan_next or vlan or None,
                ),
            )
            for ip, mac, expire, type_, iface, vpn, vlan, vlan_next in rows
        ]
    )


def _record_entries(records: Sequence[dict[str, Any]]) -> tuple[ArpEntry, ...]:
    """Entries of the template's row records (the footer's record has no IP)."""
    return _entries(tuple(r.get(field, "") for field in _ROW_FIELDS) for r in records if r["IP"])


def _table(entries: tuple[ArpEntry, ...], records: Sequence[dict[str, Any]]) -> ArpTable:
    """An ArpTable from the entries and the template's footer record."""
    footer: dict[str, Any] = next(
        (r for r in records if not r["IP"] and (r["TOTAL"] or r["REDIRECT"])), {}
    )
    table = ArpTable(
        entries=entries,
        total=opt_int(footer.get("TOTAL")),
        dynamic=opt_int(footer.get("DYNAMIC")),
        static=opt_int(footer.get("STATIC")),
        interface=opt_int(footer.get("INTERFACE_COUNT")),
        remote=opt_int(footer.get("REMOTE")),
        redirect=opt_int(footer.get("REDIRECT")),
    )
    if table.total is not None and table.total != len(entries):
        log.warning("%s: footer says Total:%d, %d rows parsed", _COMMAND, table.total, len(entries))
    return table


@cache
def _body_regex() -> re.Pattern[str]:
    """The template's row rule, then optionally its VLAN rule, as one regex over whole lines.

    The template starts with the row-start rule (``Continue.Record`` on a line that starts
    with an address), the row rule and the VLAN continuation rule: on a row line TextFSM
    records the previous row, then the row rule assigns the new one; on a VLAN line neither
    earlier rule matches, so the VLAN rule assigns the row's VLAN. A match of this regex is
    one row line plus maybe its VLAN line, and yields what those rules assign.
    """
    rules = line_rules(_TEMPLATE).rules
    start, row, vlan = rules[:3]
    if not (
        start.record
        and not start.next_line
        and not start.values
        and row.values == _ROW_FIELDS[:-1]
        and vlan.values == ("VLAN",)
        and not (row.record or row.error or vlan.record or vlan.error)
        and all(r.regex.pattern[0] == "^" and r.regex.pattern[-1] == "$" for r in (row, vlan))
    ):
        raise RuntimeError(f"{_TEMPLATE}.textfsm must start with the row-start, row, VLAN rules")
    vlan_line = vlan.regex.pattern[1:-1].replace("(?P<VLAN>", "(?P<VLAN_NEXT>", 1)
    pattern = re.compile(rf"{row.regex.pattern[:-1]}\n(?>{vlan_line}\n)?+", re.MULTILINE)
    if tuple(pattern.groupindex) != _ROW_FIELDS or pattern.groups != len(_ROW_FIELDS):
        raise RuntimeError(f"{_TEMPLATE}.textfsm: row Values must not add capturing groups")
    return pattern


def _parse_regex(text: str) -> ArpTable:
    text = prepare(text, _COMMAND)
    rules = line_rules(_TEMPLATE)
    first = _RULE.search(text)
    tail = max(first.end() if first else 0, len(text) - _FOOTER_SPAN)
    closing = list(_RULE.finditer(text, tail))
    if first is None or not closing:
        log.debug("%s: no header and closing rule, every line through the rules", _COMMAND)
        records = rules.parse(text, _COMMAND)
        return _table(_record_entries(records), records)
    start, end = first.end() + 1, closing[-1].start()
    with _gc_paused():
        rows: list[_Row] = _body_regex().findall(text, start, end)
        # Each match is a row line plus maybe its VLAN line: they add up to the body's lines
        # only if every line between the rules is a row.
        complete = len(rows) + sum(1 for row in rows if row[-1]) == text.count("\n", start, end)
        body = _entries(rows) if complete else ()
        del rows  # freed before collection resumes, so the collector never scans them
    if not complete:
        # Blank or unknown lines in the body: the rules accept or reject them, in order.
        log.debug(
            "%s: not every line between the rules is a row, every line through the rules", _COMMAND
        )
        records = rules.parse(text, _COMMAND)
        return _table(_record_entries(records), records)
    # The dashed rules around the body record and clear, so the header (up to the first rule)
    # and the footer (from the closing rule) make records of their own: parsed apart and put
    # together in order, they give the records the rules give for the whole text.
    head = rules.parse(text[: first.end()], _COMMAND)
    foot = rules.parse(text[end:], _COMMAND)
    entries = _record_entries(head) + body + _record_entries(foot)
    return _table(entries, head + foot)


_gc_lock = threading.Lock()
_gc_pauses = 0  # parses in _gc_paused now
_gc_was_enabled = False  # the collector's state before the first of them


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a table is built.

    Building 64k rows and entries sets off about a hundred young-generation collections and
    some full ones, which walk every object of the process (earlier tables included): in a
    scrapli client process that made a 64k-row parse take ~0.22 s instead of ~0.13 s. None of
    the new objects is garbage, so collection waits until the table is built. The switch is
    process-wide: parses in several threads share one pause, counted under a lock, and the
    last to finish restores the state the first found (a plain save/disable/restore per parse
    could leave the collector off for good when two threads interleave).
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if not _gc_pauses:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if not _gc_pauses and _gc_was_enabled:
                gc.enable()


ARP_TIMEOUT_RE = re.compile(r"^ARP\s+timeout:(\d+)s\s*$", re.MULTILINE)


def parse_arp_timeout(text: str) -> int | None:
    """The `ARP timeout:1200s` line that `display arp interface IF` may print first (the
    interface's ARP aging, seconds), or None where the device prints none."""
    found = ARP_TIMEOUT_RE.search(text)
    return int(found[1]) if found else None
