"""The built-in simulated lab: VRP8 PEs with a faithful CLI, served over SSH.

Start a lab in-process with `SimLab` (async) or `SimLabThread` (sync); `arpha sim` runs one
in the foreground.
"""

from __future__ import annotations

from nornir_arpha.sim.config import DeviceConfig
from nornir_arpha.sim.device import SimDevice
from nornir_arpha.sim.lab import NotAttached, RuntimeAttacher, SimLab, SimLabThread, attach_runtimes
from nornir_arpha.sim.server import Credentials, DeviceListener

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
