"""The labs of a run: one lab (`--lab`), or a pool (`--lab` repeated, `--lab-pool DIR`,
`--sim-labs N`) whose labs each run the lab test cases.

In a pool, every lab test case runs once per lab: the plugin parametrises the `lab` fixture
by the labs' names (`test_sync[lab-a]`, `test_member_link_failure[lab-a-PE1-one-member]`),
and keeps each lab's cases together, in their collection order, so each lab is set up once.
Under pytest-xdist (`-n N`) the same parametrisation names the lab of every case, so the
controller can send all of one lab's cases to one worker (`workers.py`).

PYTEST_DONT_REWRITE: the plugin's package imports this module before pytest registers it as
a plugin, and it holds no assert to rewrite (without the mark pytest warns on every run).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pytest

from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.lab.loader import LAB_FILE
from nornir_arpha.lab.model import LoadedLab
from nornir_arpha.lab.shipped import DEFAULT_LAB, labs_in, resolve_lab
from nornir_arpha.provision import check_lab, starts_simulator

logger = logging.getLogger(__name__)


# Each item's place in the collection, before pytest reorders by parameters.
ORDER_KEY = pytest.StashKey[int]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Note each item's place in the collection (the plugin keeps it within each lab)."""
    for index, item in enumerate(items):
        item.stash[ORDER_KEY] = index


class PoolError(Exception):
    """The pool options do not make a pool; one line saying which option and what to do."""


def add_pool_options(group: pytest.OptionGroup) -> None:
    group.addoption(
        "--lab",
        dest="arpha_lab",
        action="append",
        default=[],
        help=f"lab folder, or a shipped lab's name (default: {DEFAULT_LAB}); repeat it for a "
        "pool of labs, each running the lab test cases",
    )
    group.addoption(
        "--lab-pool",
        dest="arpha_lab_pool",
        default=None,
        metavar="DIR",
        help="a folder of lab folders: each lab runs the lab test cases (with -n N, one "
        "worker per lab)",
    )
    group.addoption(
        "--sim-labs",
        dest="arpha_sim_labs",
        type=int,
        default=None,
        metavar="N",
        help="a pool of N independent simulated labs, copies of --lab (default sim), each with "
        "its own PEs and tester",
    )


@dataclass(frozen=True)
class PoolSpec:
    """Which labs the options name, before any is loaded."""

    folders: tuple[Path, ...]
    copies: int | None = None  # --sim-labs: copies of the one folder
    pool_dir: Path | None = None

    @property
    def pooled(self) -> bool:
        """Whether there is more than one lab."""
        return len(self.folders) > 1 or (self.copies or 1) > 1

    @property
    def label(self) -> str:
        """What the run's reports call the pool (before the labs are loaded)."""
        if self.pool_dir is not None:
            return self.pool_dir.name
        return ", ".join(folder.name for folder in self.folders)


def pool_spec(config: pytest.Config) -> PoolSpec:
    """The labs named by `--lab`, `--lab-pool` and `--sim-labs`.

    Raises:
        PoolError: `--sim-labs` below 1, a missing or empty `--lab-pool`, or options mixed
    """
    base = config.invocation_params.dir
    given: list[str] = list(config.getoption("arpha_lab") or [])
    pool_dir: str | None = config.getoption("arpha_lab_pool")
    copies: int | None = config.getoption("arpha_sim_labs")
    if copies is not None and copies < 1:
        raise PoolError(f"--sim-labs {copies}: give the number of simulated labs, 1 or more")
    if pool_dir is not None and copies is not None:
        raise PoolError("--lab-pool and --sim-labs cannot be mixed: use one of them")
    if pool_dir is not None and given:
        raise PoolError("--lab-pool and --lab cannot be mixed: put every lab in the pool folder")
    if copies is not None and len(given) > 1:
        raise PoolError("--sim-labs copies one simulated lab: give --lab once (or not at all)")
    if pool_dir is not None:
        folder = Path(pool_dir) if Path(pool_dir).is_absolute() else base / pool_dir
        if not folder.is_dir():
            raise PoolError(f"--lab-pool {pool_dir}: no such folder")
        labs = tuple(labs_in(folder))
        if not labs:
            raise PoolError(f"--lab-pool {pool_dir}: no lab folder (with {LAB_FILE}) in it")
        return PoolSpec(labs, pool_dir=folder)
    folders = tuple(resolve_lab(value, base) for value in given or [DEFAULT_LAB])
    return PoolSpec(folders, copies=copies)


def load_pool(spec: PoolSpec, config: pytest.Config) -> dict[str, Lab]:
    """The pool's labs by name, loaded and checked (a lab `arpha run` loaded is taken as is).

    Raises:
        LabError: a lab is invalid
        PoolError: two labs share a name, or --sim-labs names a lab that is not simulated
    """
    handed = {
        plugin.lab.folder.resolve(): plugin.lab
        for plugin in config.pluginmanager.get_plugins()
        if isinstance(plugin, LoadedLab)
    }
    labs: list[Lab] = []
    for folder in spec.folders:
        labs.append(handed.get(folder.resolve()) or check_lab(load_lab(folder)))
    if spec.copies is not None:
        (lab,) = labs
        if not starts_simulator(lab):
            raise PoolError(
                f"--sim-labs needs a simulated lab that starts its own simulator (ports 0, "
                f"like sim); {lab.folder} is not"
            )
        labs = [lab.with_name(f"{lab.name}-{n}") for n in range(1, spec.copies + 1)]
        if spec.copies == 1:
            labs = [lab]
    pool: dict[str, Lab] = {}
    for lab in labs:
        if lab.name in pool:
            raise PoolError(
                f"two labs of the pool are named {lab.name} ({pool[lab.name].folder}, "
                f"{lab.folder}): give each a name of its own in {LAB_FILE}"
            )
        pool[lab.name] = lab
    return pool


def lab_of_nodeid(nodeid: str, names: list[str]) -> str | None:
    """The pool lab a parametrised test id names (its first parameter), if any.

    `tests/x.py::test_y[lab-a-PE1-one-member]` → `lab-a`; the longest name that fits wins,
    so `sim-1` and `sim-10` are told apart.
    """
    name = nodeid.rpartition("::")[2]
    opening = name.find("[")
    if opening < 0 or not name.endswith("]"):
        return None
    params = name[opening + 1 : -1]
    fitting = [n for n in names if params == n or params.startswith(f"{n}-")]
    return max(fitting, key=len) if fitting else None
