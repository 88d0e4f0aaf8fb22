"""Task `verify_hot_backup`: is the hot backup working on one PE? Every check, with evidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nornir.core.task import Result, Task
from scrapli.driver import NetworkDriver

from nornir_arpha.checks import CheckResult, check_hot_backup
from nornir_arpha.device.session import with_connection
from nornir_arpha.lab.intent import IpAddress, PlatformProfile
from nornir_arpha.tasks.change import host_intent
from nornir_arpha.tasks.collect import StatePart, read_state
from nornir_arpha.tasks.polling import NO_WAIT, Deadline, Polled, poll
from nornir_arpha.tasks.state import PeState

# What `check_hot_backup` looks at; the interface and Eth-Trunk displays are not needed.
VERIFY_PARTS: frozenset[StatePart] = frozenset({"rbs", "e_trunk", "rbp", "arp"})


@dataclass(frozen=True)
class VerifyReport:
    """The checks of the last reading, and how long the polling took."""

    host: str
    checks: tuple[CheckResult, ...]
    state: PeState
    elapsed_s: float
    attempts: int

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)


def verify_hot_backup(
    task: Task,
    expected_hosts: Sequence[IpAddress],
    platform: PlatformProfile,
    deadline: Deadline = NO_WAIT,
) -> Result:
    """Check one PE: RBS Connected, E-Trunk up with its Eth-Trunk Master through force-master,
    RBP bound with service-type arp, and an ARP entry for every expected CE host.

    Args:
        task: the Nornir task of one PE (run it with `on_failed=True` so a failure on one PE
            never skips the other)
        expected_hosts: the CE hosts' addresses (`lab.settings.ce.host_ips()`)
        platform: the lab's platform profile (`lab.settings.platform`)
        deadline: re-read until every check passes or this much time has passed (the RBS
            connects and ARP entries sync after a configure); the default reads once

    Returns:
        a Result whose `result` is a `VerifyReport`; failed when any check failed
    """
    intent = host_intent(task)
    host = task.host.name

    def checks(state: PeState) -> tuple[PeState, tuple[CheckResult, ...]]:
        return state, tuple(check_hot_backup(state, intent, expected_hosts, platform))

    def watch(conn: NetworkDriver) -> Polled[tuple[PeState, tuple[CheckResult, ...]]]:
        return poll(
            lambda: checks(read_state(conn, host, intent, VERIFY_PARTS)),
            lambda reading: all(check.passed for check in reading[1]),
            deadline,
        )

    polled = with_connection(task, watch)
    state, results = polled.value
    report = VerifyReport(host, results, state, polled.elapsed_s, polled.attempts)
    return Result(host=task.host, result=report, failed=not report.passed)
