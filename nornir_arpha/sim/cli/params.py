"""Typed command parameters: what a token must look like and the value it stands for.

Each type answers three ways: the token is a valid value (`Fit.OK`), it has the right shape
but a wrong value, e.g. an out-of-range number (`Fit.WRONG`: the device says "Wrong
parameter"), or it is not this kind of thing at all (`Fit.NO`).
"""

from __future__ import annotations

import enum
import ipaddress
import re
from dataclasses import dataclass
from typing import Any

from nornir_arpha.sim import inferred


class Fit(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    NO = "no"


@dataclass(frozen=True)
class ParamType:
    """Base class; `rest_of_line` types take everything from their token to the line's end."""

    rest_of_line = False

    def fit(self, token: str) -> tuple[Fit, Any]:
        """Classify `token` and convert it.

        Args:
            token: one whitespace-free token (or the rest of the line for rest-of-line types)

        Returns:
            the verdict and, for `Fit.OK`, the converted value
        """
        raise NotImplementedError


@dataclass(frozen=True)
class Integer(ParamType):
    low: int
    high: int

    def fit(self, token: str) -> tuple[Fit, Any]:
        if not token.isascii() or not token.isdigit():
            return Fit.NO, None
        value = int(token)
        return (Fit.OK, value) if self.low <= value <= self.high else (Fit.WRONG, None)


@dataclass(frozen=True)
class Word(ParamType):
    """A name without spaces: length limits and an optional character set."""

    min_len: int
    max_len: int
    charset: re.Pattern[str] | None = None

    def fit(self, token: str) -> tuple[Fit, Any]:
        if not self.min_len <= len(token) <= self.max_len:
            return Fit.WRONG, None
        if self.charset is not None and not self.charset.match(token):
            return Fit.WRONG, None
        return Fit.OK, token


@dataclass(frozen=True)
class Text(ParamType):
    """Free text up to the end of the line (descriptions, filter expressions)."""

    min_len: int
    max_len: int
    regex: bool = False
    rest_of_line = True

    def fit(self, token: str) -> tuple[Fit, Any]:
        if not token.isprintable() or not self.min_len <= len(token) <= self.max_len:
            return Fit.WRONG, None
        if self.regex:
            try:
                return Fit.OK, re.compile(token)
            except re.error:
                return Fit.WRONG, None
        return Fit.OK, token


_DOTTED = re.compile(r"^[0-9.]+$")


@dataclass(frozen=True)
class IPv4(ParamType):
    def fit(self, token: str) -> tuple[Fit, Any]:
        if not _DOTTED.match(token):
            return Fit.NO, None
        try:
            return Fit.OK, ipaddress.IPv4Address(token)
        except ValueError:
            return Fit.WRONG, None


@dataclass(frozen=True)
class IPv6(ParamType):
    def fit(self, token: str) -> tuple[Fit, Any]:
        if ":" not in token or "/" in token:
            return Fit.NO, None
        try:
            return Fit.OK, ipaddress.IPv6Address(token)
        except ValueError:
            return Fit.WRONG, None


@dataclass(frozen=True)
class IPv6Prefix(ParamType):
    """`2001:DB8::1/64`: an address with its prefix length."""

    def fit(self, token: str) -> tuple[Fit, Any]:
        if ":" not in token or "/" not in token:
            return Fit.NO, None
        try:
            return Fit.OK, ipaddress.IPv6Interface(token)
        except ValueError:
            return Fit.WRONG, None


@dataclass(frozen=True)
class MaskOrLength(ParamType):
    """An IPv4 mask, dotted (`255.255.255.0`) or as a length (`24`); the value is the length."""

    def fit(self, token: str) -> tuple[Fit, Any]:
        if not _DOTTED.match(token):
            return Fit.NO, None
        if token.isdigit():
            length = int(token)
            return (Fit.OK, length) if length <= 32 else (Fit.WRONG, None)
        try:
            return Fit.OK, ipaddress.IPv4Network(f"0.0.0.0/{token}").prefixlen
        except ValueError:
            return Fit.WRONG, None


@dataclass(frozen=True)
class PortNumber(ParamType):
    """A physical port's `slot/card/port`, or a breakout channel's `slot/card/port:N`."""

    def fit(self, token: str) -> tuple[Fit, Any]:
        port, colon, channel = token.partition(":")
        parts = port.split("/")
        if not all(p.isascii() and p.isdigit() for p in parts):
            return Fit.NO, None
        if len(parts) != 3 or any(int(p) > 999 for p in parts):
            return Fit.WRONG, None
        if colon and not (channel.isascii() and channel.isdigit() and 1 <= int(channel) <= 16):
            return Fit.WRONG, None
        number = "/".join(str(int(p)) for p in parts)
        return Fit.OK, f"{number}:{int(channel)}" if colon else number


# Interface types the simulated PE has, canonical spelling first (REFERENCE §1, lab model).
PHYSICAL_TYPES = (
    "GigabitEthernet",
    "XGigabitEthernet",
    "10GE",
    "25GE",
    "40GE",
    "50GE",
    "100GE",
    "200GE",
    "400GE",
    "Ethernet",
)
ETH_TRUNK = "Eth-Trunk"
LOOPBACK = "LoopBack"
INTERFACE_TYPES = (*PHYSICAL_TYPES, ETH_TRUNK, LOOPBACK)
_NAME_SPLIT = re.compile(r"^((?:\d+\|)?\d+GE|[A-Za-z][A-Za-z\-]*?)(\d[\d/]*(?::\d+)?)$")
# An NE8000 dual-rate port type names both rates (`50|100GE`): either rate is a known type.
_DUAL_RATE = re.compile(r"^(\d+)\|(\d+)GE$", re.IGNORECASE)


def number_type(interface_type: str) -> ParamType:
    """The parameter type of the number that follows `interface_type`."""
    if interface_type == ETH_TRUNK:
        return Integer(0, 65535)
    if interface_type == LOOPBACK:
        return Integer(*inferred.LOOPBACK_ID_RANGE)
    return PortNumber()


def interface_type(prefix: str) -> str | None:
    """The interface type that `prefix` names (case-insensitive unique prefix), or None."""
    lowered = prefix.lower()
    dual = _DUAL_RATE.match(prefix)
    if dual:
        low, high = (interface_type(f"{rate}GE") for rate in dual.groups())
        return f"{dual.group(1)}|{high}" if low and high else None
    if lowered == "ge":  # the short form `display interface brief` prints
        return "GigabitEthernet"
    exact = [t for t in INTERFACE_TYPES if t.lower() == lowered]
    matches = exact or [t for t in INTERFACE_TYPES if t.lower().startswith(lowered)]
    return matches[0] if len(matches) == 1 else None


@dataclass(frozen=True)
class InterfaceName(ParamType):
    """A whole interface name in one token (`Eth-Trunk10`, `GigabitEthernet0/1/0`, `GE0/1/0`)."""

    def fit(self, token: str) -> tuple[Fit, Any]:
        match = _NAME_SPLIT.match(token)
        if not match:
            return Fit.NO, None
        kind = interface_type(match.group(1))
        if kind is None:
            return Fit.NO, None
        verdict, number = number_type(kind).fit(match.group(2))
        if verdict is not Fit.OK:
            return Fit.WRONG, None
        return Fit.OK, f"{kind}{number}"


@dataclass(frozen=True)
class Host(ParamType):
    """A ping target: an IPv4 or IPv6 address."""

    def fit(self, token: str) -> tuple[Fit, Any]:
        try:
            return Fit.OK, ipaddress.ip_address(token)
        except ValueError:
            return (Fit.NO, None) if token.startswith("-") else (Fit.WRONG, None)


@dataclass(frozen=True)
class IPAddress(ParamType):
    """An IPv4 or IPv6 address (ping `-a`)."""

    def fit(self, token: str) -> tuple[Fit, Any]:
        try:
            return Fit.OK, ipaddress.ip_address(token)
        except ValueError:
            return Fit.WRONG, None


# The names the device takes for an RBS (1-32 characters) and an RBP (1-128): letters,
# digits, '_', '-' and '.' (REFERENCE §3.1, §3.11). The device compares them without case
# (see `edits._lookup`); what it answers to a name it refuses is in `inferred`.
OBJECT_NAME_CHARS = re.compile(r"^[A-Za-z0-9_.\-]+$")
RBS_NAME = Word(1, 32, OBJECT_NAME_CHARS)
RBP_NAME = Word(1, 128, OBJECT_NAME_CHARS)
