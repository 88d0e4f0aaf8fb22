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
    from nornir_arpha.sim.device_config import DeviceConfig
    from nornir_arpha.sim.server import Credentials, DeviceListener
    from nornir_arpha.sim.sim_device import SimDevice
    from nornir_arpha.sim.sim_lab import (
        NotAttached,
        RuntimeAttacher,
        SimLab,
        SimLabThread,
        attach_runtimes,
    )

_HOMES = {
    "Credentials": "server",
    "DeviceConfig": "device_config",
    "DeviceListener": "server",
    "NotAttached": "sim_lab",
    "RuntimeAttacher": "sim_lab",
    "SimDevice": "sim_device",
    "SimLab": "sim_lab",
    "SimLabThread": "sim_lab",
    "attach_runtimes": "sim_lab",
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
