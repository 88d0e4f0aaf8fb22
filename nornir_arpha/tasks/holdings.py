"""Task `read_holdings`: which parts of the hot backup a PE holds now, for reports."""

from __future__ import annotations

from nornir.core.task import Result, Task
from scrapli.driver import NetworkDriver

from nornir_arpha.device.session import with_connection
from nornir_arpha.device.vrp import RUNNING_COMMAND, display
from nornir_arpha.parsers import parse_config
from nornir_arpha.plan import holdings
from nornir_arpha.tasks.change import host_intent


def read_holdings(task: Task) -> Result:
    """Read the running config and list each procedure object as present, partial or absent.

    Returns:
        a Result whose `result` is a list of lines such as "RBS rbs1 (...): present"
    """
    intent = host_intent(task)

    def read(conn: NetworkDriver) -> list[str]:
        return holdings(intent, parse_config(display(conn, task.host.name, RUNNING_COMMAND)))

    return Result(host=task.host, result=with_connection(task, read))
