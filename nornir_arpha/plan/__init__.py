"""Planning: what to send to a PE so it carries (or no longer carries) the hot backup."""

from __future__ import annotations

from nornir_arpha.plan.desired import Section, Target, desired
from nornir_arpha.plan.lines import Line, LineKind
from nornir_arpha.plan.ownership import find_section
from nornir_arpha.plan.plan import (
    Edit,
    NotTheLabs,
    Plan,
    PlanError,
    Step,
    holdings,
    plan_configure,
    plan_teardown,
    shutdown_step,
)

__all__ = [
    "Edit",
    "Line",
    "LineKind",
    "NotTheLabs",
    "Plan",
    "PlanError",
    "Section",
    "Step",
    "Target",
    "desired",
    "find_section",
    "holdings",
    "plan_configure",
    "plan_teardown",
    "shutdown_step",
]
