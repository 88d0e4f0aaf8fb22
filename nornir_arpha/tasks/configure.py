"""Tasks `configure_hot_backup` and `plan_hot_backup`: put one PE into the ARP hot-backup
scenario, or only decide what that takes."""

from __future__ import annotations

from functools import partial

from nornir.core.task import Result, Task

from nornir_arpha.plan import plan_configure
from nornir_arpha.tasks.change import Planner, run_change


def _planner(take_over: bool) -> Planner:
    return partial(plan_configure, take_over=take_over)


def configure_hot_backup(
    task: Task, dry_run: bool | None = None, take_over: bool = False
) -> Result:
    """Configure the RBS, E-Trunk, Eth-Trunk membership and RBP of PROCEDURE.md on one PE.

    Reads `display current-configuration` and pushes only what is missing or different, in
    one system-view session with one commit. A second run changes nothing (changed=False).
    Any `Error:` from the device discards the candidate. Objects that are not the lab's
    (`nornir_arpha.plan.ownership`) are not changed: the task fails naming them, sending
    nothing.

    Args:
        task: the Nornir task of one PE (its `data["intent"]` is the hot-backup intent)
        dry_run: show the commands and the device's candidate diff, then discard; None
            follows Nornir's global dry-run setting
        take_over: change objects that are not the lab's instead of refusing

    Returns:
        a Result whose `result` is a `ChangeReport` and whose `diff` is the device's
        candidate; failed (with host, command and the device's error) if refused
    """
    return run_change(task, "configure", _planner(take_over), task.is_dry_run(dry_run))


def plan_hot_backup(task: Task, take_over: bool = False) -> Result:
    """Read one PE's running config and plan its configure; nothing is sent to the PE.

    Args:
        task: the Nornir task of one PE
        take_over: plan changes to objects that are not the lab's instead of refusing

    Returns:
        a Result whose `result` is a `ChangeReport` holding the plan, never committed;
        failed when the PE refuses the procedure (objects not the lab's, baseline missing)
    """
    return run_change(task, "configure", _planner(take_over), dry_run=False, send=False)
