"""The built-in simulated lab: VRP8 PEs with a faithful CLI, served over SSH.

Start a lab in-process with `SimLab` (async) or `SimLabThread` (sync); `arpha sim` runs one
in the foreground.

The names below load on first use: a client that only checks defect names
(`nornir_arpha.sim.defects`) against a real lab never imports the SSH server.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nornir_arpha.sim.config import DeviceConfig
    from nornir_arpha.sim.device import SimDevice
    from nornir_arpha.sim.lab import (
        NotAttached,
        RuntimeAttacher,
        SimLab,
        SimLabThread,
        attach_runtimes,
    )
    from nornir_arpha.sim.server import Credentials, DeviceListener

_HOMES = {
    "Credentials": "server",
    "DeviceConfig": "config",
    "DeviceListener": "server",
    "NotAttached": "lab",
    "RuntimeAttacher": "lab",
    "SimDevice": "device",
    "SimLab": "lab",
    "SimLabThread": "lab",
    "attach_runtimes": "lab",
}

__all__ = [
    "Credentials",
    "DeviceConfig",
    "DeviceListener",
    "NotAttached",
    "RuntimeAttacher",
    "SimDevice",
    "SimLab",
    "SimLabThread",
    "attach_runtimes",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
