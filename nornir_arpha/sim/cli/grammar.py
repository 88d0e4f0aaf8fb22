"""The command grammar as data, and the VRP-style parser that matches input against it.

A command is written as a compact spec, e.g.::

    peer <peer:ipv4> source <source:ipv4> port <port:rbs_port>
    display eth-trunk [ <trunk:trunk_id> [ verbose ] ]
    e-trunk mode { auto | force-master | force-backup }:mode

`word` is a keyword (case-insensitive, any unique prefix), `<name:type>` a typed parameter,
`[ ... ]` optional, `{ a | b }` alternatives, and `{ ... }:name` also stores the chosen
keywords under `name`. `<name:interface>` stands for an interface name, typed either in one
token (`Eth-Trunk10`) or as type and number (`eth-trunk 10`). The specs of one view compile
into a keyword tree that `parse` walks.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from nornir_arpha.sim.cli.params import (
    INTERFACE_TYPES,
    Fit,
    InterfaceName,
    ParamType,
    number_type,
)

FaultKind = Literal["Unrecognized", "Incomplete", "Ambiguous", "Wrong parameter", "Too many"]
FAULT_MESSAGES: dict[FaultKind, str] = {
    "Unrecognized": "Error: Unrecognized command found at '^' position.",
    "Incomplete": "Error: Incomplete command found at '^' position.",
    "Ambiguous": "Error: Ambiguous command found at '^' position.",
    "Wrong parameter": "Error: Wrong parameter found at '^' position.",
    "Too many": "Error: Too many parameters found at '^' position.",
}


@dataclass(frozen=True)
class Keyword:
    word: str
    capture: str | None = None


@dataclass(frozen=True)
class Param:
    name: str
    type: ParamType


Element = Keyword | Param


@dataclass(frozen=True)
class Command:
    """One command form: its spec, what runs it, and whether its output may be filtered."""

    spec: str
    action: Any  # the session's handler; opaque to the grammar
    pipe: bool = False


@dataclass
class Node:
    keywords: dict[str, tuple[Keyword, Node]] = field(default_factory=dict)
    params: list[tuple[Param, Node]] = field(default_factory=list)
    command: Command | None = None


@dataclass(frozen=True)
class Match:
    """A parsed command: its form, typed arguments, captured keywords and token columns."""

    command: Command
    args: dict[str, Any]
    columns: dict[str, int]
    words: tuple[str, ...]

    def has(self, word: str) -> bool:
        return word in self.words


@dataclass(frozen=True)
class Fault:
    """A syntax error at `column` of the input line (0-based, prompt not included)."""

    kind: FaultKind
    column: int

    @property
    def message(self) -> str:
        return FAULT_MESSAGES[self.kind]


# ---- spec compiler -------------------------------------------------------------------------

_SPEC_TOKEN = re.compile(r'"[^"]+"|<[^>]+>|\}:\w+|[\[\]{}|]|[^\s\[\]{}|<>"]+')
_FILTER_SPEC = ' [ "|" { include | exclude | begin }:filter_kind <filter:regex> ]'
_IF_TYPE = "#type"
_IF_NUMBER = "#number"


class _SpecReader:
    def __init__(self, spec: str, types: Mapping[str, ParamType]) -> None:
        self.tokens = _SPEC_TOKEN.findall(spec)
        self.pos = 0
        self.types = types
        self.spec = spec

    def alternatives(self) -> list[list[Element]]:
        result = self.sequence()
        while self.peek() == "|":
            self.pos += 1
            result += self.sequence()
        return result

    def sequence(self) -> list[list[Element]]:
        result: list[list[Element]] = [[]]
        while (
            (token := self.peek()) is not None
            and token not in ("|", "]")
            and not (token.startswith("}"))
        ):
            self.pos += 1
            options = self.item(token)
            result = [a + b for a, b in itertools.product(result, options)]
        return result

    def item(self, token: str) -> list[list[Element]]:
        if token == "[":
            inner = self.alternatives()
            self.expect("]")
            return [[], *inner]
        if token == "{":
            inner = self.alternatives()
            closing = self.expect("}")
            capture = closing[2:] if closing.startswith("}:") else None
            return [[_captured(e, capture) for e in alt] for alt in inner] if capture else inner
        if token.startswith('"'):  # a quoted keyword, e.g. the output filter's "|"
            return [[Keyword(token[1:-1])]]
        if token.startswith("<"):
            name, _, type_name = token[1:-1].partition(":")
            if type_name == "interface":
                return _interface_forms(name)
            return [[Param(name, self.types[type_name])]]
        return [[Keyword(token)]]

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def expect(self, opening: str) -> str:
        token = self.peek()
        if token is None or not token.startswith(opening):
            raise ValueError(f"bad command spec {self.spec!r}: expected {opening!r}")
        self.pos += 1
        return token


def _captured(element: Element, capture: str | None) -> Element:
    return Keyword(element.word, capture) if isinstance(element, Keyword) else element


def _interface_forms(name: str) -> list[list[Element]]:
    forms: list[list[Element]] = [[Param(name, InterfaceName())]]
    for kind in INTERFACE_TYPES:
        forms.append([Keyword(kind, name + _IF_TYPE), Param(name + _IF_NUMBER, number_type(kind))])
    return forms


def expand(spec: str, types: Mapping[str, ParamType]) -> list[list[Element]]:
    """Every linear form of `spec` (optional parts and alternatives multiplied out).

    Raises:
        ValueError: the spec is malformed
    """
    reader = _SpecReader(spec, types)
    forms = reader.alternatives()
    if reader.peek() is not None:
        raise ValueError(f"bad command spec {spec!r} at {reader.peek()!r}")
    return forms


def build_tree(commands: list[Command], types: Mapping[str, ParamType]) -> Node:
    """Compile the commands of one view into a keyword tree.

    Raises:
        ValueError: a spec is malformed, or two commands claim the same input
    """
    root = Node()
    for command in commands:
        spec = command.spec + (_FILTER_SPEC if command.pipe else "")
        for form in expand(spec, types):
            node = root
            for element in form:
                node = _child(node, element)
            if node.command is not None and node.command is not command:
                raise ValueError(f"{command.spec!r} and {node.command.spec!r} overlap")
            node.command = command
    return root


def _child(node: Node, element: Element) -> Node:
    if isinstance(element, Keyword):
        key = element.word.lower()
        if key not in node.keywords:
            node.keywords[key] = (element, Node())
        return node.keywords[key][1]
    for param, child in node.params:
        if param == element:
            return child
    child = Node()
    node.params.append((element, child))
    return child


# ---- parser --------------------------------------------------------------------------------

_TOKEN = re.compile(r"\S+")


def tokenize(line: str) -> list[tuple[str, int]]:
    """The whitespace-separated tokens of `line` with their start columns."""
    return [(m.group(), m.start()) for m in _TOKEN.finditer(line)]


def parse(tree: Node, line: str) -> Match | Fault | None:
    """Match one input line against a view's tree.

    Args:
        tree: the view's compiled grammar
        line: the input line as typed (without the line ending)

    Returns:
        the match, the syntax fault with its column, or None for a blank line
    """
    tokens = tokenize(line)
    if not tokens:
        return None
    node = tree
    args: dict[str, Any] = {}
    columns: dict[str, int] = {}
    words: list[str] = []
    index = 0
    while index < len(tokens):
        token, column = tokens[index]
        step = _step(node, token, line, column)
        if isinstance(step, str):
            return Fault(step, column)
        element, value, node = step
        if isinstance(element, Keyword):
            words.append(element.word)
            if element.capture:
                previous = args.get(element.capture)
                args[element.capture] = f"{previous} {element.word}" if previous else element.word
                columns.setdefault(element.capture, column)
        else:
            args[element.name] = value
            columns[element.name] = column
            if element.type.rest_of_line:
                break
        index += 1
    if node.command is None:
        end = len(line) if line.endswith((" ", "\t")) else len(line.rstrip()) + 1
        return Fault("Incomplete", end)
    _join_interfaces(args, columns)
    return Match(node.command, args, columns, tuple(words))


Step = tuple[Element, Any, Node] | FaultKind


def _step(node: Node, token: str, line: str, column: int) -> Step:
    lowered = token.lower()
    exact = node.keywords.get(lowered)
    if exact is not None:
        return exact[0], None, exact[1]
    prefixed = [entry for key, entry in node.keywords.items() if key.startswith(lowered)]
    if len(prefixed) == 1:
        return prefixed[0][0], None, prefixed[0][1]
    wrong = False
    for param, child in node.params:
        verdict, value = param.type.fit(
            line[column:].rstrip() if param.type.rest_of_line else token
        )
        if verdict is Fit.OK:
            return param, value, child
        wrong = wrong or verdict is Fit.WRONG
    if prefixed:
        return "Ambiguous"
    if node.command is not None and not node.params:
        return "Too many"
    if wrong or not node.keywords:
        return "Wrong parameter"
    return "Unrecognized"


def _join_interfaces(args: dict[str, Any], columns: dict[str, int]) -> None:
    """Turn `eth-trunk` + `10` typed as two tokens into the one canonical name."""
    for key in [k for k in args if k.endswith(_IF_TYPE)]:
        name = key[: -len(_IF_TYPE)]
        args[name] = f"{args.pop(key)}{args.pop(name + _IF_NUMBER)}"
        columns.pop(key)
        columns[name] = columns.pop(name + _IF_NUMBER)  # faults about the name point here
