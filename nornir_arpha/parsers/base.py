"""Shared plumbing: echo stripping, compiled TextFSM templates, value conversion.

Templates are named by file stem: ``"arp"`` is ``parsers/templates/arp.textfsm`` shipped in
this package, ``"ntc:huawei_vrp_display_version"`` is that template of the installed
ntc-templates package.

Compiling a template (TextFSM's constructor parses the template text) costs 0.1-0.6 ms, more
than parsing a short output with it, and a TextFSM object holds the state of the parse it runs.
Compiled state machines are therefore kept in one process-wide pool per template: a parse
borrows an idle one (or compiles a new one when all are busy), and gives it back reset. No two
parses share one, and a machine outlives the thread that compiled it: Nornir's threaded runner
starts new worker threads on every ``nr.run``, so a per-thread cache would be empty each run.
A pool holds at most as many machines as parses of its template ever ran at once.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import ntc_templates
import textfsm

from nornir_arpha.parsers.exceptions import ParseError, UnsupportedLayout
from nornir_arpha.parsers.terminal_noise import strip_logs

log = logging.getLogger(__name__)

T = TypeVar("T")

NTC_PREFIX = "ntc:"
_NTC_TEMPLATES = Path(ntc_templates.__file__).parent / "templates"

# `<HUAWEI>`, `[~PE1]`, `[*PE1-Eth-Trunk10]`, `[BRAS1]` -- optionally followed by the command.
_PROMPT = re.compile(r"[ \t]*(?:<[^<>\s]+>|\[[~*]?[^\[\]\s]+\])(?:[ \t]*\S.*)?")
_BARE_PROMPT = re.compile(r"[ \t]*(?:<[^<>\s]+>|\[[~*]?[^\[\]\s]+\])[ \t]*")
# TextFSM's two messages: `Error: MSG. Rule Line: N. Input Line: LINE.` (an `Error "MSG"`
# rule; the final dot is TextFSM's) and `State Error raised. Rule Line: N. Input Line: LINE`.
_FSM_ERROR = re.compile(
    r'(?:Error: "?(?P<message>.*?)"?|State Error raised)\. Rule Line: \d+\. '
    r"Input Line: (?P<line>.*)",
    re.DOTALL,
)
_EMPTY = frozenset({"", "-", "--"})


def strip_echo(text: str) -> str:
    """Normalise line ends, drop the device's log lines, the echoed prompt/command and a
    trailing bare prompt.

    Args:
        text: raw command output, with or without leading ``<X> display ...`` /
            ``[~X] display ...`` lines and a trailing ``<X>`` prompt.

    Returns:
        The output with ``\\n`` line ends and without those prompt and log lines.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = strip_logs(text)
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


class _FsmPool:
    """The idle compiled state machines of one template, shared by all threads.

    Invariant: every machine in ``_idle`` is reset and in use by nobody.
    """

    def __init__(self, name: str) -> None:
        self._text = _template_text(name)
        self._idle: list[textfsm.TextFSM] = []
        self._lock = threading.Lock()

    def take(self) -> textfsm.TextFSM:
        """A reset state machine for the caller alone, until it gives it back."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return textfsm.TextFSM(io.StringIO(self._text))  # a new machine starts reset

    def give(self, fsm: textfsm.TextFSM) -> None:
        """Take back a machine from :meth:`take`, parse finished or failed."""
        # Reset here rather than on the next take: the records of a large table are freed
        # now instead of when the machine is next used.
        fsm.Reset()
        with self._lock:
            self._idle.append(fsm)


_pools: dict[str, _FsmPool] = {}
_pools_lock = threading.Lock()


def _pool(name: str) -> _FsmPool:
    pool = _pools.get(name)
    if pool is None:
        with _pools_lock:
            pool = _pools.get(name)
            if pool is None:
                pool = _pools[name] = _FsmPool(name)
    return pool


@contextmanager
def _borrowed(name: str) -> Iterator[textfsm.TextFSM]:
    """A compiled state machine of template ``name``, reset, for the caller alone."""
    pool = _pool(name)
    fsm = pool.take()
    try:
        yield fsm
    finally:
        pool.give(fsm)


def _device_error(text: str) -> str | None:
    """The device's ``Error: ...`` reply, when the output starts with one."""
    first = next((line.strip() for line in text.split("\n", 3)[:3] if line.strip()), "")
    return first if first.startswith("Error:") else None


def prepare(text: str, command: str) -> str:
    """The output as a template sees it: :func:`strip_echo`, and no device error.

    Args:
        text: raw output.
        command: the display command, for the error message.

    Returns:
        The output without the echoed prompt/command lines.

    Raises:
        ParseError: the device answered with an ``Error:`` message.
    """
    text = strip_echo(text)
    device_error = _device_error(text)
    if device_error:
        raise ParseError(f"{command}: device replied {device_error!r}")
    return text


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
    text = prepare(text, command)
    with _borrowed(name) as fsm:
        try:
            rows: list[dict[str, Any]] = fsm.ParseTextToDicts(text)
        except textfsm.TextFSMError as exc:
            raise UnsupportedLayout(command, _describe(str(exc))) from exc
    log.debug("%s: template %s gave %d record(s)", command, name, len(rows))
    return rows


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a :class:`LineRules` template."""

    regex: re.Pattern[str]
    values: tuple[str, ...]  # the Values the rule's regex assigns
    record: bool
    next_line: bool  # False for Continue
    error: bool


class LineRules:
    """The rules of a one-state TextFSM template, run without TextFSM's per-line overhead.

    For templates of the simple kind: a ``Start`` state only, Values without options, rules
    whose actions are ``Next``/``Continue``/``Error`` (without a message) and ``Record``.
    :meth:`parse` then returns what :func:`run_template` returns for any text, and raises the
    same UnsupportedLayout, because it applies the same rules the same way: each line (as
    ``str.splitlines`` cuts them) is tried against the rules in order; a matching rule
    assigns its Values (None where a group took no part), then ``Record`` records and clears
    them (a record of None only is dropped), ``Error`` rejects the line, and the line is done
    unless the rule says ``Continue``; the end of the text records.
    """

    def __init__(self, name: str) -> None:
        """Read the rules of template ``name``.

        Raises:
            RuntimeError: the template uses a feature this interpreter does not have.
        """
        with _borrowed(name) as fsm:
            values = tuple(value.name for value in fsm.values)
            problems = [f"Value {v.name} has options" for v in fsm.values if v.options]
            if set(fsm.states) != {"Start"}:
                problems.append(f"states {sorted(fsm.states)}")
            rules: list[Rule] = []
            for rule in fsm.states.get("Start", []):
                if rule.new_state or rule.record_op not in ("", "NoRecord", "Record"):
                    problems.append(f"rule line {rule.line_num}: {str(rule).strip()}")
                regex = re.compile(rule.regex)
                rules.append(
                    Rule(
                        regex=regex,
                        values=tuple(group for group in regex.groupindex if group in values),
                        record=rule.record_op == "Record",
                        next_line=rule.line_op != "Continue",
                        error=rule.line_op == "Error",
                    )
                )
        if problems:
            raise RuntimeError(f"{name}.textfsm is not a one-state template: {problems}")
        self.values = values
        self.rules = tuple(rules)

    def parse(self, text: str, command: str) -> list[dict[str, str]]:
        """Records of ``text`` (already through :func:`prepare`), as :func:`run_template`.

        Raises:
            UnsupportedLayout: an ``Error`` rule matched a line.
        """
        records: list[dict[str, str]] = []
        empty: dict[str, str | None] = dict.fromkeys(self.values)
        current = empty.copy()
        for line in text.splitlines():  # as TextFSM splits
            for rule in self.rules:
                found = rule.regex.match(line)
                if found is None:
                    continue
                for value in rule.values:
                    current[value] = found.group(value)
                if rule.record:
                    self._record(current, records)
                    current = empty.copy()
                if rule.error:
                    raise UnsupportedLayout(command, f"unrecognised line {line.strip()!r}")
                if rule.next_line:
                    break
        self._record(current, records)
        return records

    @staticmethod
    def _record(current: dict[str, str | None], records: list[dict[str, str]]) -> None:
        if any(value is not None for value in current.values()):
            records.append({name: value or "" for name, value in current.items()})


@cache
def line_rules(name: str) -> LineRules:
    """The :class:`LineRules` of template ``name``, read once per process (immutable)."""
    return LineRules(name)


def _describe(fsm_error: str) -> str:
    found = _FSM_ERROR.match(fsm_error)
    if found is None:
        return "unrecognised line '?'"
    line = found.group("line")
    if found.group("message") is not None:
        line = line.removesuffix(".")  # TextFSM ends this message with a dot of its own
    return f"{found.group('message') or 'unrecognised line'} {line.strip()!r}"


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
