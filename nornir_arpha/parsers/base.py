"""Shared plumbing: echo stripping, compiled TextFSM templates, value conversion.

Templates are named by file stem: ``"arp"`` is ``parsers/templates/arp.textfsm`` shipped in
this package, ``"ntc:huawei_vrp_display_version"`` is that template of the installed
ntc-templates package. Compiled state machines are cached per thread (Nornir runs tasks in
threads and a TextFSM object holds parse state), so each template is compiled once per thread.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import ntc_templates
import textfsm

from nornir_arpha.parsers.errors import ParseError, UnsupportedLayout

log = logging.getLogger(__name__)

T = TypeVar("T")

NTC_PREFIX = "ntc:"
_NTC_TEMPLATES = Path(ntc_templates.__file__).parent / "templates"

# `<HUAWEI>`, `[~PE1]`, `[*PE1-Eth-Trunk10]`, `[BRAS1]` -- optionally followed by the command.
_PROMPT = re.compile(r"[ \t]*(?:<[^<>\s]+>|\[[~*]?[^\[\]\s]+\])(?:[ \t]*\S.*)?")
_BARE_PROMPT = re.compile(r"[ \t]*(?:<[^<>\s]+>|\[[~*]?[^\[\]\s]+\])[ \t]*")
_FSM_ERROR = re.compile(r'^(?:Error: "?(?P<message>.*?)"?\. Rule Line: \d+\.|State Error raised\.)')
_FSM_INPUT = re.compile(r"Input Line: (?P<line>.*?)\.?$", re.DOTALL)
_EMPTY = frozenset({"", "-", "--"})

_local = threading.local()


def strip_echo(text: str) -> str:
    """Normalise line ends and drop the echoed prompt/command and a trailing bare prompt.

    Args:
        text: raw command output, with or without leading ``<X> display ...`` /
            ``[~X] display ...`` lines and a trailing ``<X>`` prompt.

    Returns:
        The output with ``\\n`` line ends and without those prompt lines.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    while True:
        end = text.find("\n")
        if not _PROMPT.fullmatch(text, 0, len(text) if end < 0 else end):
            break
        text = "" if end < 0 else text[end + 1 :]
    end = len(text)
    while end and text[end - 1] in " \t\n":
        end -= 1
    start = text.rfind("\n", 0, end) + 1
    if start and _BARE_PROMPT.fullmatch(text, start, end):
        text = text[:start]
    return text


def _template_text(name: str) -> str:
    if name.startswith(NTC_PREFIX):
        path = _NTC_TEMPLATES / f"{name.removeprefix(NTC_PREFIX)}.textfsm"
        return path.read_text(encoding="utf-8")
    own = resources.files("nornir_arpha.parsers") / "templates" / f"{name}.textfsm"
    return own.read_text(encoding="utf-8")


def _fsm(name: str) -> textfsm.TextFSM:
    fsms: dict[str, textfsm.TextFSM] = _local.__dict__.setdefault("fsms", {})
    fsm = fsms.get(name)
    if fsm is None:
        fsm = fsms[name] = textfsm.TextFSM(io.StringIO(_template_text(name)))
    else:
        fsm.Reset()
    return fsm


@cache
def value_patterns(name: str) -> dict[str, str]:
    """Regexes of a template's Values, as named groups (``(?P<IP>...)``).

    Args:
        name: template name.

    Returns:
        Value name to named-group regex, so a hand-built regex can reuse the template's
        definition of each field instead of repeating it.
    """
    fsm = textfsm.TextFSM(io.StringIO(_template_text(name)))
    return {value.name: value.template for value in fsm.values}


def _device_error(text: str) -> str | None:
    """The device's ``Error: ...`` reply, when the output starts with one."""
    first = next((line.strip() for line in text.split("\n", 3)[:3] if line.strip()), "")
    return first if first.startswith("Error:") else None


def run_template(name: str, text: str, command: str) -> list[dict[str, Any]]:
    """Parse command output with a TextFSM template.

    Args:
        name: template name (see module docstring).
        text: raw output; the echoed command line is stripped here.
        command: the display command, for error messages.

    Returns:
        One dict per record, keyed by the template's Value names.

    Raises:
        ParseError: the device answered with an ``Error:`` message.
        UnsupportedLayout: the template rejected a line of the output.
    """
    text = strip_echo(text)
    device_error = _device_error(text)
    if device_error:
        raise ParseError(f"{command}: device replied {device_error!r}")
    try:
        rows: list[dict[str, Any]] = _fsm(name).ParseTextToDicts(text)
    except textfsm.TextFSMError as exc:
        raise UnsupportedLayout(command, _describe(str(exc))) from exc
    log.debug("%s: template %s gave %d record(s)", command, name, len(rows))
    return rows


def _describe(fsm_error: str) -> str:
    head = _FSM_ERROR.match(fsm_error)
    found = _FSM_INPUT.search(fsm_error)
    line = found.group("line").strip() if found else "?"
    message = head.group("message") if head and head.group("message") else "unrecognised line"
    return f"{message} {line!r}"


def opt_str(value: str | None) -> str | None:
    """Text of a field, or None when it is empty or a ``-``/``--`` placeholder."""
    if value is None:
        return None
    value = value.strip()
    return None if value in _EMPTY else value


def opt_int(value: str | None) -> int | None:
    """Integer of a field, or None when it is empty or a placeholder."""
    text = opt_str(value)
    return None if text is None else int(text)


def required(
    row: dict[str, Any], key: str, command: str, label: str, *, placeholder: bool = False
) -> str:
    """A field the layout must contain.

    Args:
        row: a record from :func:`run_template`.
        key: the template Value name.
        command: the display command, for the error message.
        label: the field as printed by the device, for the error message.
        placeholder: a ``-``/``--`` value is a documented value of this field (e.g.
            ``TCP-State : --``), returned as printed instead of counting as missing.

    Returns:
        The field's text.

    Raises:
        UnsupportedLayout: the field is missing or empty.
    """
    raw = row.get(key)
    value = ((raw or "").strip() or None) if placeholder else opt_str(raw)
    if value is None:
        raise UnsupportedLayout(command, f"no {label!r} line found")
    return value


def single(records: Sequence[T], command: str) -> T:
    """The only record of an output that must describe exactly one object.

    Args:
        records: the parsed records.
        command: the display command, for the error message.

    Returns:
        The record.

    Raises:
        UnsupportedLayout: the output holds no record.
        ParseError: the output holds more than one.
    """
    if not records:
        raise UnsupportedLayout(command, "no record found in the output")
    if len(records) > 1:
        raise ParseError(f"{command}: expected one record, found {len(records)}")
    return records[0]
