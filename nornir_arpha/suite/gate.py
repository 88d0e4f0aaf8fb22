"""The clean-lab gate: a run changes nothing, and judges nothing, on a pair that is not at its
baseline.

Before the suite's first change and before each fault the pair must show, by display:
every Eth-Trunk member, the Eth-Trunk itself and the inter-PE path UP, and (once the hot
backup is configured) the RBS Connected. Before the first change, the lab's change journal
must also hold nothing an earlier run left outstanding. A previous run killed mid-fault can
leave a member shut; a failover measured on such a pair reports the survivor's figures for
the wrong starting point, so the run must stop or repair first.

Repairs are the framework's own restores (`undo shutdown` of an Eth-Trunk port or the RBS,
confirmed by display); anything else (a port physically down, the inter-PE path) is only
reported.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from nornir.core import Nornir
from nornir.core.task import Result

from nornir_arpha.lab import Lab
from nornir_arpha.suite.probes import PeProbe
from nornir_arpha.tasks import ToggleReport, set_link_state, set_rbs_state
from nornir_arpha.tasks.journaled import nornir_journal
from nornir_arpha.tasks.link import ADMIN_DOWN
from nornir_arpha.tasks.polling import Deadline
from nornir_arpha.tasks.replay import undo_entries
from nornir_arpha.tasks.results import run_on

logger = logging.getLogger(__name__)

# How long a repair may take to be confirmed (lab seconds), like a fault's restore.
REPAIR_LAB_S = 10.0


class LabNotClean(Exception):
    """The pair is not at its baseline and was not (or could not be) repaired."""


@dataclass(frozen=True)
class Damage:
    """One thing on one PE that is not as the baseline wants it.

    Attributes:
        pe: the PE
        what: the interface or `remote-backup-service NAME`
        seen: what the display showed, with the command
        repair: the framework's restore that undoes it, or None (only reportable)
    """

    pe: str
    what: str
    seen: str
    repair: Callable[[Nornir, Deadline], ToggleReport] | None

    def __str__(self) -> str:
        return f"{self.pe}: {self.what} is {self.seen}"


def _undo_shutdown(
    pe: str, task: Callable[..., Result], **arguments: str
) -> Callable[[Nornir, Deadline], ToggleReport]:
    def repair(nr: Nornir, deadline: Deadline) -> ToggleReport:
        return run_on(nr, pe, task, ToggleReport, up=True, deadline=deadline, **arguments)

    return repair


def find_damage(lab: Lab, probe: Callable[[str], PeProbe], *, configured: bool) -> list[Damage]:
    """What on the pair is not at its baseline (see the module docstring).

    Args:
        lab: the lab
        probe: makes a `PeProbe` for a PE name
        configured: the hot backup is configured, so the RBS must be Connected
    """
    damage: list[Damage] = []
    for pe in lab.pair:
        trunk = lab.intent(pe).eth_trunk
        for name in (trunk.name, *trunk.members, *lab.inter_pe_ports(pe)):
            info, reading = probe(pe).interface(name)
            if info.state.upper() == "UP":
                continue
            own = name == trunk.name or name in trunk.members
            shut = info.state.upper().startswith(ADMIN_DOWN)
            fix = _undo_shutdown(pe, set_link_state, target=name) if own and shut else None
            where = name if own else f"{name} (inter-PE path)"
            damage.append(Damage(pe, where, f"{info.state} ('{reading.command}')", fix))
        if configured:
            rbs = lab.intent(pe).rbs.name
            channel, reading = probe(pe).rbs(rbs)
            if not channel.connected:
                seen = f"TCP-State {channel.tcp_state} ('{reading.command}')"
                fix = _undo_shutdown(pe, set_rbs_state)
                damage.append(Damage(pe, f"remote-backup-service {rbs}", seen, fix))
    return damage


class LabGate:
    """Checks the pair before the first change and before each fault; repairs or refuses.

    Args:
        nr: the run's Nornir
        lab: the lab
        repair: undo what the framework's own restores can undo, instead of refusing

    Attributes:
        repairs: one line per repair made, for the report
    """

    def __init__(self, nr: Nornir, lab: Lab, *, repair: bool) -> None:
        self._nr = nr
        self._lab = lab
        self._repair = repair
        self._faults = 0
        self._deadline = Deadline.from_lab(lab, REPAIR_LAB_S)
        self.repairs: list[str] = []

    def check(self, *, configured: bool) -> None:
        """Make sure the pair is at its baseline.

        Raises:
            LabNotClean: naming each thing on each PE that is not, and what to do
        """
        left = [] if configured else self._journal_leftovers()
        damage = find_damage(self._lab, lambda pe: PeProbe(self._nr, pe), configured=configured)
        left += [str(item) for item in damage if not (self._repair and self._repaired(item))]
        if left:
            advice = (
                "the framework cannot undo these; repair them on the PEs"
                if self._repair
                else f"run `arpha restore --lab {self._lab.folder}`, repair the PEs by hand, or "
                "rerun with --repair"
            )
            lines = "\n".join(f"  {item}" for item in left)
            raise LabNotClean(
                f"lab {self._lab.name} is not at its baseline; nothing was changed or judged:\n"
                f"{lines}\n{advice}"
            )

    def _journal_leftovers(self) -> list[str]:
        """An earlier run's outstanding journal entries: undone (with `repair`), else listed."""
        journal = nornir_journal(self._nr)
        entries = journal.outstanding() if journal is not None else []
        if not entries:
            return []
        if not self._repair:
            return [f"{entry.label}: outstanding in the journal" for entry in entries]
        outcomes = undo_entries(self._nr, self._lab, entries)
        self.repairs += [f"journal: {outcome.line}" for outcome in outcomes if outcome.ok]
        return [f"journal: {outcome.line}" for outcome in outcomes if not outcome.ok]

    def _repaired(self, item: Damage) -> bool:
        if item.repair is None:
            return False
        try:
            report = item.repair(self._nr, self._deadline)
        except Exception as exc:
            logger.warning("lab gate: repairing %s failed: %s", item, exc)
            return False
        if report.confirmed:
            self.repairs.append(f"repaired {item} (undo shutdown, confirmed)")
            logger.warning("lab gate: %s", self.repairs[-1])
        return report.confirmed

    @contextmanager
    def before_fault(self) -> Iterator[None]:
        """Check before the outermost of nested faults: a fault made of several shutdowns
        (all members, a channel then links) is checked once, before its first."""
        if not self._faults:
            self.check(configured=True)
        self._faults += 1
        try:
            yield
        finally:
            self._faults -= 1
