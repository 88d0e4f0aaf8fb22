"""Errors raised by the display-output parsers."""

from __future__ import annotations


class ParseError(ValueError):
    """Device output could not be turned into records.

    Raised directly when the device answered with an error message instead of the display,
    or when a caller asked for exactly one record and the output held another number.
    """


class UnsupportedLayout(ParseError):
    """The output does not have a layout these parsers know.

    The message names the command and the line or field that was not recognised, e.g.
    ``display interface brief: unrecognised line 'Interface  PHY  Auto-Neg ...'``.
    """

    def __init__(self, command: str, problem: str) -> None:
        self.command = command
        self.problem = problem
        super().__init__(f"{command}: {problem}")
