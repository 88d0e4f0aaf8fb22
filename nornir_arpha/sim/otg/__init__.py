"""An Open Traffic Generator (OTG) endpoint for the simulated lab, as snappi drives it.

`OtgEndpoint` serves the OTG HTTP API; `Tester` is the emulated traffic generator behind
it: its devices are the lab's CE hosts and a core-side device, its flows count frames
exactly from the fabric's per-host delivered time.
"""

from __future__ import annotations

from nornir_arpha.sim.otg.endpoint import OtgEndpoint
from nornir_arpha.sim.otg.tester import Tester

__all__ = ["OtgEndpoint", "Tester"]
