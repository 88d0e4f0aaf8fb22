"""Who holds a lab: this process's own description, and how a holder is named in messages."""

from __future__ import annotations

import getpass
import logging
import os
import socket
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any

logger = logging.getLogger(__name__)

# Where a CI system says which pipeline runs (the first one set wins; ARPHA_PIPELINE lets any
# other CI system, or a person, name it).
PIPELINE_VARIABLES = ("ARPHA_PIPELINE", "CI_PIPELINE_ID", "GITHUB_RUN_ID", "BUILD_TAG")


def pipeline() -> str:
    """Returns: `VARIABLE=value` of the first pipeline variable set, else ''."""
    for name in PIPELINE_VARIABLES:
        if os.environ.get(name):
            return f"{name}={os.environ[name]}"
    return ""


@dataclass(frozen=True)
class Holder:
    """A run holding a lab: its process, user, runner (host name), pipeline and start."""

    lab: str
    pid: int
    user: str
    runner: str
    pipeline: str
    since: str  # local time, `YYYY-MM-DD HH:MM:SS`
    command: str
    kind: str = "file"  # how the lab is reserved: "file" (lock file) or "postgresql"

    @classmethod
    def me(cls, lab: str, kind: str = "file") -> Holder:
        """This process, holding `lab` from now on."""
        return cls(
            lab=lab,
            pid=os.getpid(),
            user=getpass.getuser(),
            runner=socket.gethostname(),
            pipeline=pipeline(),
            since=time.strftime("%Y-%m-%d %H:%M:%S"),
            command=" ".join(sys.argv),
        )

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Holder:
        """Raises: KeyError, ValueError: not a holder's record."""
        return cls(
            lab=str(data.get("lab", "")),
            pid=int(data["pid"]),
            user=str(data["user"]),
            runner=str(data.get("runner") or data["host"]),
            pipeline=str(data.get("pipeline", "")),
            since=str(data["since"]),
            command=str(data.get("command", "")),
            kind=str(data.get("kind", "file")),
        )

    def to_mapping(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        """`pid 4242 (qa@runner-3, CI_PIPELINE_ID=77, since 2026-12-03 14:00:01: pytest ...)`."""
        where = f"{self.user}@{self.runner}" + (f", {self.pipeline}" if self.pipeline else "")
        command = f": {self.command}" if self.command else ""
        return f"pid {self.pid} ({where}, since {self.since}{command})"
