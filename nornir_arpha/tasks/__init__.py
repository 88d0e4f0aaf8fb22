"""Nornir tasks over one PE each (nornir-scrapli, platform huawei_vrp).

Run them with `nornir_arpha.device.inventory.open_nornir(lab)`; `nornir_arpha.tasks.pair` runs
them over the PE pair with pair safety.
"""

from __future__ import annotations

from nornir_arpha.tasks.change import ChangeReport
from nornir_arpha.tasks.collect import collect_state
from nornir_arpha.tasks.configure import configure_hot_backup, plan_hot_backup
from nornir_arpha.tasks.holdings import read_holdings
from nornir_arpha.tasks.link import set_link_state
from nornir_arpha.tasks.rbs import set_rbs_state
from nornir_arpha.tasks.rollback import rollback_change
from nornir_arpha.tasks.teardown import teardown_hot_backup
from nornir_arpha.tasks.toggle import ToggleReport
from nornir_arpha.tasks.verify import VerifyReport, verify_hot_backup

__all__ = [
    "ChangeReport",
    "ToggleReport",
    "VerifyReport",
    "collect_state",
    "configure_hot_backup",
    "plan_hot_backup",
    "read_holdings",
    "rollback_change",
    "set_link_state",
    "set_rbs_state",
    "teardown_hot_backup",
    "verify_hot_backup",
]
