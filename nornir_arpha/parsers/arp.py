"""``display arp ...`` tables and ``display arp statistics``.

The TextFSM template ``arp.textfsm`` is the reference parser. TextFSM needs seconds for a
64k-row table, so large tables take a fast path: the table body goes through one compiled
regex with ``findall``, built from the template's own Value regexes and mirroring its two row
rules, while the few header and footer lines still go through the template; a body with any
other line goes to the template entirely. Both paths therefore accept the same input and
return the same records; tests/parsers/test_arp.py checks this on every sample, on generated
tables and on a 64k-row table (``python -m bench arp`` times them). Which TYPE flags mean "backed
up from the peer" is REMOTE_ARP_TYPE_PREFIXES in records.py.
"""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, Literal

from nornir_arpha.parsers.base import (
    opt_int,
    required,
    run_template,
    single,
    strip_echo,
    value_patterns,
)
from nornir_arpha.parsers.records import ArpEntry, ArpStatistics, ArpTable

log = logging.getLogger(__name__)

ArpEngine = Literal["auto", "textfsm", "regex"]

FAST_PATH_MIN_CHARS = 16_384
"""Outputs longer than this (about 200 rows) take the regex path under ``engine="auto"``."""

_TEMPLATE = "arp"
_COMMAND = "display arp"
_RULE = re.compile(r"^-{10,}[ \t]*$", re.MULTILINE)
_FOOTER_SPAN = 1024  # the closing rule is followed by at most two short footer lines
# Row fields in regex group order; VLAN_NEXT is a VLAN printed on the following line.
_ROW_FIELDS = ("IP", "MAC", "EXPIRE", "TYPE", "INTERFACE", "VPN_INSTANCE", "VLAN", "VLAN_NEXT")

_Row = tuple[str, ...]  # _ROW_FIELDS, "" where absent


def parse_arp_table(text: str, *, engine: ArpEngine = "auto") -> ArpTable:
    """Parse ``display arp all`` / ``display arp interface IF`` / ``display arp dynamic``.

    Args:
        text: the command output, with or without the echoed command line.
        engine: ``"textfsm"`` (reference), ``"regex"`` (fast path) or ``"auto"``, which
            takes the fast path for outputs over FAST_PATH_MIN_CHARS characters.

    Returns:
        The rows and the footer counters (None where the layout prints no such counter).

    Raises:
        UnsupportedLayout: a line is neither a header, a row nor a footer line.
        ParseError: the device replied with an error.
    """
    if engine == "regex" or (engine == "auto" and len(text) > FAST_PATH_MIN_CHARS):
        return _parse_regex(text)
    records = run_template(_TEMPLATE, text, _COMMAND)
    rows = [tuple(r.get(field, "") for field in _ROW_FIELDS) for r in records if r["IP"]]
    return _table(_entries(rows), records)


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


def _table(entries: tuple[ArpEntry, ...], records: list[dict[str, Any]]) -> ArpTable:
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
def _row_regex() -> re.Pattern[str]:
    """The template's row rule and VLAN continuation rule as one regex over whole lines."""
    v = value_patterns(_TEMPLATE)
    vlan_next = v["VLAN"].replace("(?P<VLAN>", "(?P<VLAN_NEXT>", 1)
    pattern = re.compile(
        rf"^{v['IP']}[ \t]++{v['MAC']}[ \t]++(?:{v['EXPIRE']}[ \t]++)?+{v['TYPE']}"
        rf"(?>[ \t]++{v['INTERFACE']})?+(?>[ \t]++{v['VPN_INSTANCE']})?+(?>[ \t]++{v['VLAN']})?+"
        r"(?>[ \t]++\S++)?+[ \t]*+\n"
        rf"(?>[ \t]++{vlan_next}(?>[ \t]++\S++)?+[ \t]*+\n)?+",
        re.MULTILINE,
    )
    if tuple(pattern.groupindex) != _ROW_FIELDS or pattern.groups != len(_ROW_FIELDS):
        raise RuntimeError(f"{_TEMPLATE}.textfsm: row Values must not add capturing groups")
    return pattern


def _parse_regex(text: str) -> ArpTable:
    text = strip_echo(text)
    first = _RULE.search(text)
    tail = max(first.end() if first else 0, len(text) - _FOOTER_SPAN)
    closing = list(_RULE.finditer(text, tail))
    if first is None or not closing:
        log.debug("%s: no header and closing rule, using the template", _COMMAND)
        return parse_arp_table(text, engine="textfsm")
    start, end = first.end() + 1, closing[-1].start()
    with _gc_paused():
        rows: list[_Row] = _row_regex().findall(text, start, end)
        # Each match is a row line plus maybe its VLAN line: they add up to the body's lines
        # only if every line between the rules is a row.
        complete = len(rows) + sum(1 for row in rows if row[-1]) == text.count("\n", start, end)
        entries = _entries(rows) if complete else ()
        del rows  # freed before collection resumes, so the collector never scans them
    if not complete:
        # Blank or unknown lines in the body: the template accepts or rejects them.
        log.debug("%s: not every line between the rules is a row, using the template", _COMMAND)
        return parse_arp_table(text, engine="textfsm")
    # The header and footer are a few lines: the template validates them and reads the counters.
    outline = text[: first.end()] + "\n" + text[end:]
    return _table(entries, run_template(_TEMPLATE, outline, _COMMAND))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a large table is built.

    Building 64k rows and entries sets off about a hundred young-generation collections and
    some full ones, which walk every object of the process (earlier tables included): in a
    scrapli client process that made a 64k-row parse take ~0.22 s instead of ~0.13 s. None of
    the new objects is garbage, so collection waits until the table is built. The switch is
    process-wide; other threads just see collection deferred for that long.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
