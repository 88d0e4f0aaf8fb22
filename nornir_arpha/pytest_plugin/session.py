"""What one pytest run keeps about the lab: options, artifacts, transcripts, firmware."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from nornir_arpha.debuglog import DebugLog
from nornir_arpha.lab import Lab
from nornir_arpha.lab.shipped import resolve_lab
from nornir_arpha.pytest_plugin.artifacts import Artifacts
from nornir_arpha.pytest_plugin.redact import Redactor
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
    debug_log: DebugLog | None = None
    unreachable: str | None = None  # why the PEs could not be reached at setup
    unreachable_at: str | None = None  # the test whose setup reported it

    @property
    def lab_path(self) -> Path:
        return resolve_lab(self.config.getoption("arpha_lab"), self.config.invocation_params.dir)

    def start(self, lab: Lab) -> None:
        """Open the artifacts folder and the transcript sinks for `lab`."""
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
    """The lab with the budgets/poll interval and the simulator defects given on the
    command line."""
    lab = lab.with_defects(config.getoption("arpha_sim_defects"))
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
