"""Keep credentials out of everything the plugin writes."""

from __future__ import annotations

from collections.abc import Iterable

MASK = "********"


class Redactor:
    """Replaces every known secret with a mask; secrets shorter than 3 characters are kept
    out of the list because masking them would shred ordinary text."""

    def __init__(self, secrets: Iterable[str]) -> None:
        self._secrets = sorted({s for s in secrets if len(s) >= 3}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text
