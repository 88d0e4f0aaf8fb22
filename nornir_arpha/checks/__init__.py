"""Checks over parsed PE state, shared by `verify_hot_backup` and the pytest suite."""

from __future__ import annotations

from nornir_arpha.checks.hot_backup import (
    check_arp_hosts,
    check_e_trunk_active,
    check_hot_backup,
    check_rbp_bound,
    check_rbs_connected,
)
from nornir_arpha.checks.result import CheckResult, evidence

__all__ = [
    "CheckResult",
    "check_arp_hosts",
    "check_e_trunk_active",
    "check_hot_backup",
    "check_rbp_bound",
    "check_rbs_connected",
    "evidence",
]
