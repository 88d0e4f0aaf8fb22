"""A simulated PE: its running configuration, its live runtime, and commit notification."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from nornir_arpha.sim.defects import NO_DEFECTS, Defects
from nornir_arpha.sim.device_config import DeviceConfig
from nornir_arpha.sim.device_runtime import DeviceRuntime
from nornir_arpha.sim.personality import DEFAULT_PERSONALITY, PERSONALITIES, Personality

logger = logging.getLogger(__name__)

CommitListener = Callable[["SimDevice", DeviceConfig, DeviceConfig], None]


class SimDevice:
    """One simulated NE40E/NE8000.

    The running config is replaced as a whole on each successful commit (sessions edit their
    own candidate copies), then every listener is told `(device, old, new)`. The lab fabric
    listens to learn of shutdowns and hot-backup configuration. `defects` are the lab's
    injected firmware defects (the CLI consults them, e.g. at commit); `personality` the
    firmware's behaviour (`nornir_arpha.sim.personality`), whose delays are lab seconds
    (`time_scale` of them per wall second).
    """

    def __init__(
        self,
        name: str,
        running: DeviceConfig,
        runtime: DeviceRuntime,
        defects: Defects = NO_DEFECTS,
        personality: Personality = PERSONALITIES[DEFAULT_PERSONALITY],
        time_scale: float = 1.0,
    ) -> None:
        self.name = name
        self.running = running
        self.runtime = runtime
        self.defects = defects
        self.personality = personality
        self.time_scale = time_scale  # lab seconds per wall second, for the firmware's delays
        self.booted_at = time.monotonic()  # for uptimes (`display version`)
        self._listeners: list[CommitListener] = []

    def add_commit_listener(self, listener: CommitListener) -> None:
        self._listeners.append(listener)

    def apply(self, new: DeviceConfig) -> None:
        """Make `new` the running config and notify listeners."""
        old, self.running = self.running, new
        for listener in self._listeners:
            listener(self, old, new)
