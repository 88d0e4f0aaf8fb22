"""The failover suite's client-side logic: reading one PE fast, measuring convergence.

Used by the lab test cases (`nornir_arpha/testcases/`) through the pytest plugin's fixtures.
Like the tasks, it reaches PEs over SSH only.
"""

from __future__ import annotations

from nornir_arpha.suite.measure import Convergence, RateSample, measure_convergence
from nornir_arpha.suite.probes import PeProbe

__all__ = ["Convergence", "PeProbe", "RateSample", "measure_convergence"]
