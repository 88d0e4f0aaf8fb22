"""Errors raised while loading a lab definition."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LabIssue:
    """One problem found in a lab definition.

    Attributes:
        file: the file the problem is in
        where: the host, group or section the field belongs to ("" for the file itself)
        field: dotted path of the field ("" when the whole file is at fault)
        message: what is wrong and what is expected
    """

    file: Path
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        location = ": ".join(part for part in (self.where, self.field) if part)
        prefix = f"{self.file}: {location}" if location else str(self.file)
        return _printable(f"{prefix}: {self.message}")


def _printable(text: str) -> str:
    """`text` with control and other unprintable characters escaped.

    Names come from the lab files; a terminal must not act on what they contain.
    """
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


class LabError(Exception):
    """A lab definition is invalid; carries every issue found, not just the first."""

    def __init__(self, issues: list[LabIssue]) -> None:
        # Inherited settings (defaults.yaml, groups) are checked once per host: report once.
        self.issues = list(dict.fromkeys(issues))
        super().__init__("\n".join(str(issue) for issue in issues))
