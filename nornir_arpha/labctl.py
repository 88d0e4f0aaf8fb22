"""Lab provisioning: the one place client tooling may start the built-in simulator.

Tasks, checks and the connection code never import the simulator; they reach PEs over SSH
only. `open_lab` gives them a lab whose endpoints answer: for a real lab (or a simulated lab
whose hosts.yaml names fixed ports, e.g. a running `arpha sim`) it is the lab as written; for
a simulated lab with `port: 0` it starts a fresh simulator in this process and stops it on
exit.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from nornir_arpha.lab import Lab

logger = logging.getLogger(__name__)


def starts_simulator(lab: Lab) -> bool:
    """Whether `open_lab` starts an in-process simulator for `lab` (simulated, ports 0)."""
    return lab.simulated and all(lab.pe(name).port == 0 for name in lab.pair)


@contextmanager
def open_lab(lab: Lab) -> Iterator[Lab]:
    """The lab with live endpoints, for as long as the context lasts.

    Args:
        lab: a loaded lab

    Yields:
        `lab` itself, or a copy pointing at a freshly started simulator's SSH ports
    """
    if not starts_simulator(lab):
        yield lab
        return
    from nornir_arpha.sim import SimLabThread  # lab provisioning only; see module docstring

    with SimLabThread(lab) as sim:
        logger.info("simulated lab %s started: %s", lab.name, sim.endpoints)
        yield lab.with_endpoints(sim.endpoints)
