"""What the CLI answers to one input line; shared by the session, its commands and SSH."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from dataclasses import dataclass, field


@dataclass
class Reply:
    """What one input line produces, in order: `lines`, then `stream`, then `later`.

    `close` ends the session after the output (logout).
    """

    lines: list[str] = field(default_factory=list)
    stream: Iterable[str] | None = None
    later: Awaitable[list[str]] | None = None
    close: bool = False


def error(text: str) -> str:
    """An `Error:` line."""
    return f"Error: {text}"


def confirmed(answer: str) -> bool:
    """Whether the answer to a `[Y/N]` question is yes."""
    return answer.lower() in ("y", "yes")
