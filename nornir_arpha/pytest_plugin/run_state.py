"""What one pytest run keeps about the lab: options, artifacts, transcripts, firmware."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.lab.model import LoadedLab
from nornir_arpha.lab.shipped import resolve_lab
from nornir_arpha.logs.debug_log import DebugLog
from nornir_arpha.logs.redact import Redactor
from nornir_arpha.provision import check_lab
from nornir_arpha.pytest_plugin.artifacts import Artifacts
from nornir_arpha.pytest_plugin.transcripts import TranscriptRouter


@dataclass
class ArphaRun:
    """Per-run state shared by the plugin's hooks and fixtures (one per pytest session)."""

    config: pytest.Config
    artifacts: Artifacts | None = None
    transcripts: TranscriptRouter | None = None
    firmware: dict[str, str] = field(default_factory=dict)
    lab_name: str = ""
    lab_error: str | None = None  # the lab could not be loaded while collecting
    _loaded: Lab | None = None
    debug_log: DebugLog | None = None
    blocked: str | None = None  # why the lab cannot be used (unreachable, not clean)
    blocked_at: str | None = None  # the test whose setup reported it
    repairs: list[str] = field(default_factory=list)  # what the lab gate repaired
    traffic: str = ""  # where the traffic figures come from (the traffic source)
    started: datetime = field(default_factory=lambda: datetime.now().astimezone())

    @property
    def lab_path(self) -> Path:
        return resolve_lab(self.config.getoption("arpha_lab"), self.config.invocation_params.dir)

    @property
    def time_scale(self) -> float:
        """The lab's time scale (1.0 until the lab is loaded)."""
        return self._loaded.time_scale if self._loaded is not None else 1.0

    @property
    def lab(self) -> Lab | None:
        """The lab, once loaded."""
        return self._loaded

    def load_lab(self) -> Lab:
        """The `--lab` lab, loaded and checked once per run.

        A caller that loaded it already (`arpha run`) hands it over as a `LoadedLab` plugin
        object; one for the same folder is taken as it is.

        Raises:
            LabError: the lab is invalid
        """
        if self._loaded is None:
            handed = [
                plugin.lab
                for plugin in self.config.pluginmanager.get_plugins()
                if isinstance(plugin, LoadedLab)
                and plugin.lab.folder.resolve() == self.lab_path.resolve()
            ]
            self._loaded = handed[0] if handed else check_lab(load_lab(self.lab_path))
        return self._loaded

    def start(self, lab: Lab) -> None:
        """Open the artifacts folder and the transcript sinks for `lab` (the lab with the
        command line's overrides, which the run's facts report from then on)."""
        self._loaded = lab
        secrets = [host.password.get_secret_value() for host in lab.hosts.values()]
        redact = Redactor(secrets)
        root = self.config.getoption("arpha_artifacts")
        if root is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            root = Path(self.config.rootpath) / "artifacts" / f"run-{stamp}"
        self.artifacts = Artifacts(Path(root), redact)
        self.debug_log = DebugLog(self.artifacts.root / "debug.log", redact)
        self.transcripts = TranscriptRouter(list(lab.pair), redact)
        self.lab_name = lab.name


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
