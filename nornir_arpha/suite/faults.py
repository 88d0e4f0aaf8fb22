"""Link and backup-channel faults that always heal, confirmed by display; usable without
pytest (benchmarks, scripts)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

from nornir.core import Nornir
from nornir.core.task import Result

from nornir_arpha.lab import Lab
from nornir_arpha.suite import shield
from nornir_arpha.tasks import ToggleReport, set_link_state, set_rbs_state
from nornir_arpha.tasks.link import link_target
from nornir_arpha.tasks.replay import restore_deadline
from nornir_arpha.tasks.results import run_on

logger = logging.getLogger(__name__)


class LinkFaultError(AssertionError):
    """A shutdown or its restore was not confirmed by display."""


class HealingFault:
    """A `shutdown` on one PE, run by a confirming task, that is undone on exit.

    The restore runs whatever ends the block (assertion, error, Ctrl-C, SIGTERM routed by the
    plugin), shielded from further signals, and is confirmed by display.

    Args:
        nr: the run's Nornir
        lab: the lab (budgets)
        pe: the PE to act on
        label: what is shut, for messages (the `target` attribute)
        task: `set_link_state` or `set_rbs_state`; called with `up`, `deadline` and `arguments`
        arguments: further keyword arguments of `task`

    Attributes:
        applied_at: monotonic time of the shutdown's commit
        restored_at: monotonic time of the restore's commit (after exit)
        shut: the report of the shutdown
        restored: the report of the restore (after exit)
    """

    def __init__(
        self,
        nr: Nornir,
        lab: Lab,
        pe: str,
        label: str,
        task: Callable[..., Result],
        **arguments: Any,
    ) -> None:
        self.pe = pe
        self.target = label
        self._task = task
        self._arguments = arguments
        self._nr = nr
        self._deadline = restore_deadline(lab)
        self.applied_at = 0.0
        self.restored_at = 0.0
        self.shut: ToggleReport | None = None
        self.restored: ToggleReport | None = None

    def _set(self, up: bool) -> ToggleReport:
        try:
            report = run_on(
                self._nr,
                self.pe,
                self._task,
                ToggleReport,
                up=up,
                deadline=self._deadline,
                **self._arguments,
            )
        except Exception as exc:
            raise LinkFaultError(
                f"{self.pe}: {'undo shutdown' if up else 'shutdown'} of {self.target} failed: {exc}"
            ) from exc
        if not report.confirmed:
            raise LinkFaultError(report.message)
        return report

    def __enter__(self) -> Self:
        try:
            self.shut = self._set(up=False)
        except BaseException:
            self._restore()  # a half-applied shutdown is undone too
            raise
        # Already shut (nothing committed): the fault holds from now on.
        self.applied_at = self.shut.committed_at or time.monotonic()
        logger.info("fault applied: %s %s shut", self.pe, self.target)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._restore()

    def _restore(self) -> None:
        with shield.shielded(f"{self.pe} {self.target} may still be shut"):
            try:
                self.restored = self._set(up=True)
            except Exception:
                logger.warning("%s: restoring %s failed once; retrying", self.pe, self.target)
                self.restored = self._set(up=True)
        self.restored_at = self.restored.committed_at or time.monotonic()
        logger.info("fault cleared: %s %s restored", self.pe, self.target)


class LinkFault(HealingFault):
    """Shut an Eth-Trunk member port or the whole Eth-Trunk of one PE; restore on exit."""

    def __init__(self, nr: Nornir, lab: Lab, pe: str, target: str) -> None:
        # Refused before anything is sent; KeyError for a host outside the lab's pair.
        target = link_target(pe, lab.intent(pe), target)
        super().__init__(nr, lab, pe, target, set_link_state, target=target)


class PathFault(HealingFault):
    """Shut one PE's port of the inter-PE path (lab.yaml topology), which carries the E-Trunk
    hellos and the RBS channel; restore on exit, confirmed by display.

    Raises:
        ValueError: the topology cables no port of `pe` to its peer
    """

    def __init__(self, nr: Nornir, lab: Lab, pe: str) -> None:
        paths = lab.inter_pe_ports(pe)
        if not paths:
            raise ValueError(
                f"{pe}: lab.yaml topology cables no port to {lab.peer_of(pe)}: no inter-PE path "
                "to shut"
            )
        super().__init__(nr, lab, pe, paths[0], set_link_state, target=paths[0], paths=tuple(paths))


class ChannelFault(HealingFault):
    """Shut one PE's RBS (the hot-backup channel to its peer); un-shut it on exit, confirmed
    by `TCP-State` Connected."""

    def __init__(self, nr: Nornir, lab: Lab, pe: str) -> None:
        rbs = lab.intent(pe).rbs.name  # KeyError for a host outside the lab's pair
        super().__init__(nr, lab, pe, f"remote-backup-service {rbs}", set_rbs_state)
