"""Task `configure_hot_backup`: put one PE into the ARP hot-backup scenario."""

from __future__ import annotations

from nornir.core.task import Result, Task

from nornir_arpha.plan import plan_configure
from nornir_arpha.tasks.change import run_change


def configure_hot_backup(task: Task, dry_run: bool | None = None) -> Result:
    """Configure the RBS, E-Trunk, Eth-Trunk membership and RBP of PROCEDURE.md on one PE.

    Reads `display current-configuration` and pushes only what is missing or different, in
    one system-view session with one commit. A second run changes nothing (changed=False).
    Any `Error:` from the device discards the candidate.

    Args:
        task: the Nornir task of one PE (its `data["intent"]` is the hot-backup intent)
        dry_run: show the commands and the device's candidate diff, then discard; None
            follows Nornir's global dry-run setting

    Returns:
        a Result whose `result` is a `ChangeReport` and whose `diff` is the device's
        candidate; failed (with host, command and the device's error) if refused
    """
    return run_change(task, "configure", plan_configure, task.is_dry_run(dry_run))
