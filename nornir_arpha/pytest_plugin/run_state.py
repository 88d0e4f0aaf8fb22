"""What one pytest run keeps about its labs: options, artifacts, transcripts, firmware."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.logs.debug_log import DebugLog
from nornir_arpha.logs.redact import Redactor
from nornir_arpha.pytest_plugin.artifacts import Artifacts, CaseRecord
from nornir_arpha.pytest_plugin.pool import PoolSpec, load_pool, pool_spec
from nornir_arpha.pytest_plugin.transcripts import TranscriptRouter

# The plugin's `lab` fixture, which a pool parametrises (a test folder may define its own).
LAB_FIXTURE = "lab"


@dataclass
class LabFacts:
    """What the reports say about one lab of the run (sent from a worker to the controller
    as it is: plain data)."""

    firmware: dict[str, str] = field(default_factory=dict)
    repairs: list[str] = field(default_factory=list)  # what the lab gate repaired
    traffic: str = ""  # where the traffic figures come from (the traffic source)


@dataclass
class LabState:
    """One lab in use by this process."""

    lab: Lab  # with the command line's overrides
    transcripts: TranscriptRouter
    facts: LabFacts
    blocked: str | None = None  # why the lab cannot be used (unreachable, not clean, held)
    blocked_at: str | None = None  # the test whose setup reported it


def is_worker(config: pytest.Config) -> bool:
    """Whether this process is a pytest-xdist worker."""
    return hasattr(config, "workerinput")


def is_distributed(config: pytest.Config) -> bool:
    """Whether the run is spread over pytest-xdist workers (this being one, or the
    controller)."""
    dist = config.getoption("dist", "no") if config.pluginmanager.hasplugin("xdist") else "no"
    return is_worker(config) or dist != "no"


@dataclass
class ArphaRun:
    """Per-run state shared by the plugin's hooks and fixtures (one per pytest session)."""

    config: pytest.Config
    artifacts: Artifacts | None = None
    lab_error: str | None = None  # the labs could not be loaded while collecting
    debug_log: DebugLog | None = None
    labs: dict[str, LabState] = field(default_factory=dict)  # in use by this process
    facts: dict[str, LabFacts] = field(default_factory=dict)  # every lab's, merged
    worker_logs: list[str] = field(default_factory=list)  # workers' debug logs, written
    collection_order: list[str] = field(default_factory=list)  # under xdist: the test ids
    started: datetime = field(default_factory=lambda: datetime.now().astimezone())
    _pool: dict[str, Lab] | None = None

    @functools.cached_property
    def spec(self) -> PoolSpec:
        """The labs the options name (read once). Raises: PoolError: they name none."""
        return pool_spec(self.config)

    @property
    def lab_path(self) -> Path:
        """The first lab's folder (the one lab of a run without a pool)."""
        return self.spec.folders[0]

    @property
    def parametrised(self) -> bool:
        """Whether lab test cases carry their lab's name: in a pool, and under xdist (where
        the controller sends each lab's cases to one worker by that name)."""
        return self.spec.pooled or is_distributed(self.config)

    def pool(self) -> dict[str, Lab]:
        """The run's labs by name, loaded and checked once.

        Raises:
            LabError: a lab is invalid
            PoolError: the pool's labs clash
        """
        if self._pool is None:
            self._pool = load_pool(self.spec, self.config)
        return self._pool

    @property
    def label(self) -> str:
        """The run's lab in the reports: the lab, or the pool (its folder, else its labs)."""
        spec = self.spec
        if spec.pool_dir is not None:
            return spec.pool_dir.name
        names = list(self.facts) or list(self._pool or {})
        return ", ".join(names) or spec.label

    @property
    def reference_lab(self) -> Lab | None:
        """The lab whose settings the run's facts report (the first in use, else the pool's
        first), with the command line's overrides."""
        if self.labs:
            return next(iter(self.labs.values())).lab
        if self._pool:
            return apply_overrides(next(iter(self._pool.values())), self.config)
        return None

    @property
    def time_scale(self) -> float:
        """The labs' time scale (1.0 until a lab is loaded)."""
        lab = self.reference_lab
        return lab.time_scale if lab is not None else 1.0

    def lab_name_of(self, item: pytest.Item) -> str | None:
        """The name of the lab `item` runs on, if it uses the plugin's lab fixture."""
        callspec = getattr(item, "callspec", None)
        if callspec is not None and LAB_FIXTURE in callspec.params:
            return str(callspec.params[LAB_FIXTURE])
        if LAB_FIXTURE not in getattr(item, "fixturenames", ()):
            return None
        return next(iter(self._pool), None) if self._pool else None

    def state_of(self, item: pytest.Item) -> LabState | None:
        name = self.lab_name_of(item)
        return self.labs.get(name) if name is not None else None

    def artifacts_root(self) -> Path:
        """`--artifacts`, the controller's folder on an xdist worker, else
        `artifacts/run-<time>`."""
        handed = getattr(self.config, "workerinput", {}).get("arpha_artifacts")
        root = handed or self.config.getoption("arpha_artifacts")
        if root is None:
            stamp = self.started.strftime("%Y%m%d-%H%M%S")
            root = Path(self.config.rootpath) / "artifacts" / f"run-{stamp}"
        return Path(root)

    def open_artifacts(self) -> Artifacts:
        """The artifacts folder and the debug log, opened once per process; every lab's
        password is masked in them."""
        if self.artifacts is None:
            secrets = [
                host.password.get_secret_value()
                for lab in (self._pool or {}).values()
                for host in lab.hosts.values()
            ]
            redact = Redactor(secrets)
            self.artifacts = Artifacts(self.artifacts_root(), redact)
            worker = getattr(self.config, "workerinput", {}).get("workerid")
            name = f"debug-{worker}.log" if worker else "debug.log"
            self.debug_log = DebugLog(self.artifacts.root / name, redact)
        return self.artifacts

    def start(self, lab: Lab) -> LabState:
        """Open the artifacts and `lab`'s transcript sinks (`lab` with the command line's
        overrides, which the run's facts report from then on)."""
        self.open_artifacts()
        assert self.artifacts is not None
        facts = self.facts.setdefault(lab.name, LabFacts())
        state = LabState(lab, TranscriptRouter(list(lab.pair), self.artifacts.redact), facts)
        self.labs[lab.name] = state
        return state

    def records(self) -> list[CaseRecord]:
        """The cases' records, in the collection's order."""
        records = list(self.artifacts.records.values()) if self.artifacts else []
        place = {nodeid: index for index, nodeid in enumerate(self.collection_order)}
        return sorted(records, key=lambda record: place.get(record.nodeid, len(place)))

    @property
    def pooled(self) -> bool:
        """Whether the run's cases ran on more than one lab."""
        return len(self.facts) > 1

    def firmware(self) -> dict[str, str]:
        """Each PE's firmware: by PE name, or `lab/PE` when the run used several labs."""
        return {
            f"{name}/{pe}" if self.pooled else pe: version
            for name, facts in self.facts.items()
            for pe, version in facts.firmware.items()
        }

    def worker_output(self) -> dict[str, Any]:
        """What a worker sends the controller at its end: its cases' records, its labs' facts,
        its debug log."""
        records = self.artifacts.records.values() if self.artifacts else ()
        log = self.debug_log
        return {
            "records": [dataclasses.asdict(record) for record in records],
            "facts": {name: dataclasses.asdict(facts) for name, facts in self.facts.items()},
            "debug_log": str(log.path) if log is not None and log.written else "",
        }

    def merge_worker(self, output: dict[str, Any]) -> None:
        """Take in a worker's `worker_output` (on the controller)."""
        if output.get("records"):
            artifacts = self.open_artifacts()
            for record in output["records"]:
                artifacts.records[record["nodeid"]] = CaseRecord(**record)
        for name, facts in (output.get("facts") or {}).items():
            self.facts[name] = LabFacts(**facts)
        order = list(self._pool or {})
        self.facts = dict(
            sorted(self.facts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 0)
        )
        if output.get("debug_log"):
            self.worker_logs.append(output["debug_log"])


def apply_overrides(lab: Lab, config: pytest.Config) -> Lab:
    """The lab with the budgets/poll interval, the simulator defects and personality given on
    the command line."""
    lab = lab.with_defects(config.getoption("arpha_sim_defects"))
    lab = lab.with_personality(config.getoption("arpha_sim_personality"))
    overrides = {
        key: config.getoption(option)
        for key, option in (
            ("convergence_s", "arpha_convergence"),
            ("arp_sync_s", "arpha_arp_sync"),
            ("poll_interval_s", "arpha_poll_interval"),
        )
        if config.getoption(option) is not None
    }
    if not overrides:
        return lab
    budgets = lab.settings.budgets.model_copy(update=overrides)
    settings = lab.settings.model_copy(update={"budgets": budgets})
    return dataclasses.replace(lab, settings=settings)


RUN_KEY = pytest.StashKey[ArphaRun]()
