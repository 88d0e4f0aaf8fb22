"""Task `teardown_hot_backup`: remove what `configure_hot_backup` adds."""

from __future__ import annotations

from nornir.core.task import Result, Task

from nornir_arpha.plan import plan_teardown
from nornir_arpha.tasks.change import run_change


def teardown_hot_backup(task: Task, dry_run: bool | None = None) -> Result:
    """Remove the hot backup from one PE, in reverse dependency order, with one commit.

    Unbinds the RBP from the Eth-Trunk, deletes the RBP, takes the Eth-Trunk out of the
    E-Trunk, deletes the E-Trunk and the RBS. The Eth-Trunk itself, its members and its
    gateway address (the lab baseline) and anything unrelated stay.

    Args:
        task: the Nornir task of one PE
        dry_run: show the commands and candidate diff, then discard; None follows Nornir's
            global dry-run setting

    Returns:
        a Result whose `result` is a `ChangeReport`; changed=False when nothing was there
    """
    return run_change(task, "teardown", plan_teardown, task.is_dry_run(dry_run))
