"""CLI views and their prompts (REFERENCE §1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ViewKind = Literal["user", "system", "rbs", "rbp", "e-trunk", "interface"]


@dataclass(frozen=True)
class View:
    """Where a session is: the view kind and, for object views, the object's key.

    `key` is the RBS/RBP name, the E-Trunk id (as text) or the canonical interface name.
    """

    kind: ViewKind
    key: str = ""

    @property
    def parent(self) -> View | None:
        if self.kind == "user":
            return None
        return USER_VIEW if self.kind == "system" else SYSTEM_VIEW

    @property
    def grammar(self) -> str:
        """Which command set applies: the kind, with interfaces split by interface kind."""
        if self.kind != "interface":
            return self.kind
        if self.key.startswith("Eth-Trunk"):
            return "eth-trunk"
        return "loopback" if self.key.startswith("LoopBack") else "physical"

    @property
    def suffix(self) -> str:
        """The part of the prompt after the sysname."""
        return {
            "user": "",
            "system": "",
            "rbs": f"-rm-backup-srv-{self.key}",
            "rbp": f"-rm-backup-prf-{self.key}",
            "e-trunk": f"-e-trunk-{self.key}",
            "interface": f"-{self.key}",
        }[self.kind]

    def prompt(self, sysname: str, pending: bool) -> str:
        """The prompt: `<PE1>` in user view, `[~PE1...]` / `[*PE1...]` in the others."""
        if self.kind == "user":
            return f"<{sysname}>"
        return f"[{'*' if pending else '~'}{sysname}{self.suffix}]"


USER_VIEW = View("user")
SYSTEM_VIEW = View("system")
