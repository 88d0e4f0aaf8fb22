"""Lab provisioning: the one place client tooling may start the built-in simulator.

Tasks, checks and the connection code never import the simulator; they reach PEs over SSH
only. `open_lab` gives them a lab whose endpoints answer: for a real lab (or a simulated lab
whose hosts.yaml names fixed ports, e.g. a running `arpha sim`) it is the lab as written; for
a simulated lab with `port: 0` it starts a fresh simulator in this process and stops it on
exit.

`check_lab` asks the simulator about what only it knows: whether the defect names in
`simulation.defects` exist. The client side passes those names along without reading them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from nornir_arpha.lab import Lab, LabError, LabIssue
from nornir_arpha.lab.loader import LAB_FILE

logger = logging.getLogger(__name__)


def starts_simulator(lab: Lab) -> bool:
    """Whether `open_lab` starts an in-process simulator for `lab` (simulated, ports 0)."""
    return lab.simulated and all(lab.pe(name).port == 0 for name in lab.pair)


def uses_simulated_tester(lab: Lab) -> bool:
    """Whether the lab's OTG tester is the simulator's endpoint (its location names port 0)."""
    otg = lab.settings.traffic.otg
    return (
        lab.settings.traffic.source == "otg"
        and otg is not None
        and urlsplit(otg.location).port == 0
    )


def defect_error(names: Iterable[str]) -> str | None:
    """Why the simulator refuses the defect names `names` (listing the valid ones), or None."""
    from nornir_arpha.sim.defects import Defects, UnknownDefect  # the registry; see docstring

    try:
        Defects.parse(names)
    except UnknownDefect as exc:
        return str(exc)
    return None


def personality_error(name: str) -> str | None:
    """Why the simulator refuses the personality `name` (listing the valid ones), or None."""
    from nornir_arpha.sim.personality import PERSONALITIES, UnknownPersonality  # see docstring

    return None if name in PERSONALITIES else str(UnknownPersonality(name))


def check_lab(lab: Lab) -> Lab:
    """`lab`, once the simulator accepts its `simulation.defects` and `.personality`.

    Raises:
        LabError: naming lab.yaml and the field, and listing the valid names
    """
    simulation = lab.settings.simulation
    for field, problem in (
        ("simulation.defects", defect_error(simulation.defects)),
        ("simulation.personality", personality_error(simulation.personality)),
    ):
        if problem is not None:
            raise LabError([LabIssue(lab.folder / LAB_FILE, "", field, problem)])
    return lab


@contextmanager
def open_lab(lab: Lab) -> Iterator[Lab]:
    """The lab with live endpoints, for as long as the context lasts.

    Args:
        lab: a loaded lab

    Yields:
        `lab` itself, or a copy pointing at a freshly started simulator's SSH ports

    Raises:
        LabError: the simulator refuses the lab's `simulation.defects`
    """
    if not starts_simulator(lab):
        yield lab
        return
    from nornir_arpha.sim import SimLabThread  # lab provisioning only; see module docstring

    with SimLabThread(check_lab(lab)) as sim:
        simulation = lab.settings.simulation
        logger.info(
            "simulated lab %s started: %s (personality %s, defects: %s)",
            lab.name,
            sim.endpoints,
            simulation.personality,
            ", ".join(simulation.defects) or "none",
        )
        live = lab.with_endpoints(sim.endpoints)
        if uses_simulated_tester(lab):
            assert sim.otg_location is not None, "a lab fabric always serves an OTG endpoint"
            logger.info("simulated lab %s: OTG endpoint at %s", lab.name, sim.otg_location)
            live = live.with_tester(sim.otg_location)
        yield live
