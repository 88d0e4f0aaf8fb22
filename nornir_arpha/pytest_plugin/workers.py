"""Running over pytest-xdist workers (`pytest -n N`): one worker per lab, results merged.

- Scheduling: the controller sends all the cases of one lab (the lab's name is the first
  parameter of their ids, see `pool.py`) to one worker, and the other tests one by one, like
  xdist's `loadgroup`; with more workers than labs, the extra workers run nothing. So two
  workers never share a lab, and each lab's fixtures are set up once.
- Artifacts: every worker writes its cases' folders under the controller's artifacts folder;
  at its end it sends its case records and its labs' facts to the controller
  (`workeroutput`), which writes the one summary.json, the terminal summary, the history run
  and the HTML report. The JUnit file is the controller's already (xdist sends each report
  with its properties).

The hooks are xdist's (optional: without xdist they are never called).
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from nornir_arpha.pytest_plugin.pool import lab_of_nodeid
from nornir_arpha.pytest_plugin.run_state import RUN_KEY

logger = logging.getLogger(__name__)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Every worker writes under the controller's artifacts folder."""
    run = node.config.stash[RUN_KEY]
    node.workerinput["arpha_artifacts"] = str(run.artifacts_root())


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Each lab's cases on one worker; other tests spread one by one."""
    from xdist.scheduler import LoadScopeScheduling  # only ever called under xdist

    names = list(config.stash[RUN_KEY].pool())

    class LabScheduling(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return lab_of_nodeid(nodeid, names) or nodeid

    return LabScheduling(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    """The collection's order, in which the merged records are listed."""
    run = node.config.stash[RUN_KEY]
    run.collection_order = run.collection_order or list(ids)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """Take in what the worker sent at its end (nothing if it crashed)."""
    output = getattr(node, "workeroutput", {}).get("arpha")
    if output:
        node.config.stash[RUN_KEY].merge_worker(output)
