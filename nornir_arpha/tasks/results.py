"""Running a task on one host and taking its typed payload."""

from __future__ import annotations

from typing import Any, TypeVar

from nornir.core import Nornir
from nornir.core.task import Result

T = TypeVar("T")


class TaskFailed(Exception):
    """A task gave no payload of the expected type (the device refused, or it crashed)."""


def payload(result: Result, kind: type[T]) -> T:
    """The typed payload of one task result.

    Raises:
        Exception: the task's own exception, when it raised one (e.g. `ConnectionLost`)
        TaskFailed: it returned something else (a refusal's text), naming the host
    """
    if isinstance(result.result, kind):
        return result.result
    if result.exception is not None:
        raise result.exception
    raise TaskFailed(f"{result.host}: {result.name} failed: {result.result}")


def run_on(nr: Nornir, host: str, task: Any, kind: type[T], **arguments: Any) -> T:
    """Run `task` on `host` alone (even if an earlier task failed there) and take its payload.

    Raises:
        Exception: as `payload`
    """
    result = nr.filter(name=host).run(task=task, on_failed=True, **arguments)[host]
    return payload(result[0], kind)
