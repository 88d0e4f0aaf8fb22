"""What summary.json (and so the run history) says about the run itself: when, how long,
on which settings of the lab and the simulator."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from nornir_arpha.pytest_plugin.run_state import ArphaRun

logger = logging.getLogger(__name__)


def run_facts(run: ArphaRun) -> dict[str, Any]:
    """The run's start (ISO 8601), duration, time scale, simulator defects, the lab's poll
    interval, offered rate and regression tolerance, and the artifacts folder.

    Returns:
        summary.json's run-level keys besides lab, firmware and exit status
    """
    lab = run.reference_lab
    facts: dict[str, Any] = {
        "started": run.started.isoformat(timespec="seconds"),
        "duration_s": round((datetime.now().astimezone() - run.started).total_seconds(), 3),
        "time_scale": run.time_scale,
        "personality": "",
        "defects": [],
        "artifacts": str(run.artifacts.root) if run.artifacts else "",
    }
    if lab is not None:
        settings = lab.settings
        facts.update(
            personality="simulator" if lab.simulated else "",
            defects=list(settings.simulation.defects) if lab.simulated else [],
            poll_interval_s=settings.budgets.poll_interval_s,
            offered_pps=settings.ce.offered_pps,
            tolerance_pct=settings.regression.outage_growth_pct,
            tolerance_polls=settings.regression.outage_growth_polls,
        )
    return facts
