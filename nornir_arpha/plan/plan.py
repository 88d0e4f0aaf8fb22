"""From the running config and the intent to the fewest commands: configure and teardown plans.

A plan is a list of steps. Each step changes one view and carries its exact inverse, computed
from the running config it was planned against, so a committed plan can be rolled back
precisely (pair safety) without touching anything else on the device. Neither plan changes
or removes an object that is not the lab's (`ownership`), unless configure is told to take
such objects over.
"""

from __future__ import annotations

from dataclasses import dataclass

from nornir_arpha.lab import HotBackupIntent
from nornir_arpha.parsers.records import ConfigTree
from nornir_arpha.plan.desired import Target, desired
from nornir_arpha.plan.lines import Line
from nornir_arpha.plan.ownership import existing_lines, find_section, not_the_labs

TAKE_OVER_HINT = "to proceed, change or remove them first, or rerun with --take-over to change them"


class PlanError(ValueError):
    """The running config cannot take the procedure (a baseline object is missing)."""


class NotTheLabs(PlanError):
    """Configure would change objects that exist on the PE with settings other than the lab's."""


@dataclass(frozen=True)
class Edit:
    """Commands in one view: `view` enters it (None: the system view itself)."""

    view: str | None
    commands: tuple[str, ...]

    def render(self) -> list[str]:
        """The commands to send from the system view, ending back in the system view."""
        if self.view is None:
            return list(self.commands)
        return [self.view, *self.commands, "quit"]


@dataclass(frozen=True)
class Step:
    """One change, described for a human, with the edit that makes it and the one undoing it."""

    what: str
    do: Edit
    undo: Edit


def shutdown_step(view: str, up: bool) -> Step:
    """`shutdown` (`up=False`) or `undo shutdown` in `view`, e.g. `interface Eth-Trunk10`."""
    shut, unshut = ("shutdown",), ("undo shutdown",)
    return Step(
        f"{'undo shutdown' if up else 'shutdown'} in {view}",
        do=Edit(view, unshut if up else shut),
        undo=Edit(view, shut if up else unshut),
    )


@dataclass(frozen=True)
class Plan:
    """Steps to send, and (teardown) what is deliberately left: `what: why` per entry."""

    steps: tuple[Step, ...]
    left: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.steps)

    @property
    def commands(self) -> list[str]:
        """Every command, in order, to send from the system view (no commit)."""
        return [command for step in self.steps for command in step.do.render()]

    def inverse(self) -> Plan:
        """The plan that undoes this one once committed: inverse steps in reverse order."""
        return Plan(
            tuple(
                Step(f"undo: {step.what}", do=step.undo, undo=step.do)
                for step in reversed(self.steps)
            )
        )


def _refuse_foreign(targets: tuple[Target, ...], running: ConfigTree) -> None:
    """Raise `NotTheLabs` naming each object that is not the lab's and how it differs."""
    foreign = not_the_labs(targets, running)
    if not foreign:
        return
    details = [
        f"  {target.section.what}: {reason}"
        for target, reasons in foreign.items()
        for reason in reasons
    ]
    objects = ", ".join(dict.fromkeys(target.section.what for target in foreign))
    raise NotTheLabs(
        "\n".join(
            [
                f"configure refused: not the lab's: {objects} (other settings than the "
                "lab's, or used by other configuration; below); nothing was sent",
                *details,
                TAKE_OVER_HINT,
            ]
        )
    )


def plan_configure(intent: HotBackupIntent, running: ConfigTree, take_over: bool = False) -> Plan:
    """The steps that bring `running` to the intent, touching only what is missing or different.

    Args:
        intent: the PE's validated hot-backup intent
        running: its parsed `display current-configuration`
        take_over: change objects that are not the lab's (see `ownership`) instead of refusing

    Returns:
        the plan; empty when the device already holds everything

    Raises:
        PlanError: the Eth-Trunk of the intent is not configured (the lab baseline is missing)
        NotTheLabs: an object exists with settings other than the lab's, without `take_over`
    """
    targets = desired(intent)
    steps: list[Step] = []
    for target in targets:
        section = target.section
        children = find_section(running, section.header)
        if children is None:
            if section.delete is None:
                raise PlanError(
                    f"{section.what} is not configured on the device; the lab baseline must "
                    f"provide it (with its member ports) before the hot backup is configured"
                )
            steps.append(
                Step(
                    f"create {section.what}",
                    do=Edit(section.enter, tuple(line.text for line in target.lines)),
                    undo=Edit(None, (section.delete,)),
                )
            )
            continue
        step = _modify(target, existing_lines(section, children))
        if step is not None:
            steps.append(step)
    if not take_over:
        _refuse_foreign(targets, running)
    return Plan(tuple(steps))


def _modify(target: Target, existing: dict[str, Line]) -> Step | None:
    do: list[str] = []
    undo: list[str] = []
    notes: list[str] = []
    undone: set[str] = set()  # keys whose current line this step undoes
    for line in target.lines:
        current = existing.get(line.key)
        if line.removed_with in undone:
            # Its parent's undo took it away: send it again, and restore it after the
            # parent's restore so that the inverse stays exact.
            do.append(line.text)
            if current is not None:
                undo.append(current.text)
            notes.append(f"re-add '{line.text}' (removed with its '{line.removed_with}')")
            continue
        if current is not None and current.value == line.value:
            continue
        if current is not None:
            undone.add(line.key)
        if current is None:
            do.append(line.text)
            undo[:0] = [line.undo]
            notes.append(f"add '{line.text}'")
        else:
            do += [current.undo, line.text]
            undo[:0] = [line.undo, current.text]
            notes.append(f"replace '{current.text}' with '{line.text}'")
    for key in target.absent:
        current = existing.get(key)
        if current is not None:
            do.append(current.undo)
            undo[:0] = [current.text]
            notes.append(f"remove '{current.text}' (default wanted)")
    if not do:
        return None
    section = target.section
    return Step(
        f"{section.what}: {'; '.join(notes)}",
        do=Edit(section.enter, tuple(do)),
        undo=Edit(section.enter, tuple(undo)),
    )


def plan_teardown(intent: HotBackupIntent, running: ConfigTree) -> Plan:
    """The steps removing what `plan_configure` adds, in reverse dependency order.

    Objects the procedure creates (RBS, E-Trunk, RBP) are deleted whole; on the Eth-Trunk only
    the procedure's own lines are removed, so the baseline (members, addresses) and anything
    unrelated stay. Only what is the lab's goes (see `ownership`); the rest is listed in
    `Plan.left` with the reason.

    Args:
        intent: the PE's validated hot-backup intent
        running: its parsed `display current-configuration`

    Returns:
        the plan; no steps when nothing of the lab's is configured
    """
    targets = desired(intent)
    foreign = not_the_labs(targets, running)
    steps: list[Step] = []
    for target in reversed(targets):
        section = target.section
        children = find_section(running, section.header)
        if children is None or target in foreign:
            continue
        if section.delete is not None:
            steps.append(
                Step(
                    f"delete {section.what}",
                    do=Edit(None, (section.delete,)),
                    undo=Edit(section.enter, children),
                )
            )
            continue
        existing = existing_lines(section, children)
        ours = [
            existing[line.key]
            for line in reversed(target.lines)
            if line.key in existing and existing[line.key].value == line.value
        ]
        if ours:
            steps.append(
                Step(
                    f"{section.what}: remove " + ", ".join(f"'{line.text}'" for line in ours),
                    do=Edit(section.enter, tuple(line.undo for line in ours)),
                    undo=Edit(section.enter, tuple(line.text for line in reversed(ours))),
                )
            )
    left = [
        f"{target.section.what}: {reason}"
        for target in reversed(targets)
        for reason in foreign.get(target, ())
    ]
    return Plan(tuple(steps), tuple(left))


def holdings(intent: HotBackupIntent, running: ConfigTree) -> list[str]:
    """Which of the procedure's objects the running config holds, for reports.

    Returns:
        one entry per target, e.g. "RBS rbs1: complete", "RBP rbp1: absent",
        "Eth-Trunk10: partial (missing 'e-trunk mode force-master')"
    """
    report: list[str] = []
    for target in desired(intent):
        section = target.section
        children = find_section(running, section.header)
        existing = existing_lines(section, children or ())
        missing = [
            line.text
            for line in target.lines
            if line.key not in existing or existing[line.key].value != line.value
        ]
        label = f"{section.what} ({', '.join(line.text for line in target.lines)})"
        if children is None and section.delete is not None:
            report.append(f"{label}: absent")
        elif missing:
            report.append(f"{label}: missing {', '.join(repr(m) for m in missing)}")
        else:
            report.append(f"{label}: present")
    return report
