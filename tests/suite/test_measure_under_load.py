"""A failover measured on the simulated lab while two CPU hogs spin: the figure is within
the accuracy benchmark's tolerance of the injected delay, or the verdict says the poll
interval was too coarse; never a silently wrong figure. (Speed is the benchmark's, figure
5b; this checks only the outcome.)"""

from __future__ import annotations

from bench.accuracy import PRIMARY, allowed_error, failover
from bench.common import base_lab, configure_and_verify
from bench.load import cpu_hogs
from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.provision import open_lab


def test_a_failover_under_cpu_load_is_accurate_or_says_it_is_too_coarse() -> None:
    with open_lab(base_lab()) as lab, open_nornir(lab) as nr:
        configure_and_verify(nr, lab)
        injected = lab.settings.simulation.route_convergence_s
        with cpu_hogs(bound_s=30.0):
            run = failover(nr, lab, PRIMARY)
    error = abs(run["measured_s"] - injected)
    assert error <= allowed_error(lab, injected) or run["note"].startswith(
        "poll interval too coarse"
    ), f"measured {run['measured_s']:.3f} lab-s for {injected:g} injected, and no note"
