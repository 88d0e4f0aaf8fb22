"""Running client code on PE1 of a running lab, through the client's own session handling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nornir.core.task import Result, Task

from nornir_arpha.device import vrp
from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.device.session import with_connection
from nornir_arpha.lab import Lab


def on_pe1(lab: Lab, work: Callable[[Any], Any]) -> Any:
    """`work(conn)`'s result on PE1's session (opened as the suite opens it).

    Raises:
        whatever `work` or the session raised
    """
    nr = open_nornir(lab)

    def run(task: Task) -> Result:
        return Result(task.host, with_connection(task, work))

    try:
        outcome = nr.filter(name="PE1").run(task=run)["PE1"][0]
        if outcome.exception is not None:
            raise outcome.exception
        return outcome.result
    finally:
        nr.close_connections(on_good=True, on_failed=True)


def display_on_pe1(lab: Lab, command: str) -> str:
    """`command`'s output on PE1, read by the client."""
    return str(on_pe1(lab, lambda conn: vrp.display(conn, "PE1", command)))
