"""The simulated lab's dynamics: links, E-Trunk, RBS channel, ARP hot backup and traffic.

Wiring one lab (all on the simulator's event-loop thread)::

    clock = RealtimeClock(lab.settings.simulation.time_scale)
    fabric = LabFabric(lab, clock)
    for pe in lab.pair:
        device = SimDevice(pe, baseline_config(lab, pe), PeRuntime(fabric, pe), fabric.defects)
        fabric.attach(device)          # the lab boots once both PEs are attached
    clock.attach(asyncio.get_running_loop())

Tests use `ManualClock` instead and move time with `advance()`.
"""

from __future__ import annotations

from nornir_arpha.sim.fabric.clock import LabClock, ManualClock, RealtimeClock
from nornir_arpha.sim.fabric.lab_fabric import LabFabric
from nornir_arpha.sim.fabric.pe_runtime import PeRuntime

__all__ = ["LabClock", "LabFabric", "ManualClock", "PeRuntime", "RealtimeClock"]
