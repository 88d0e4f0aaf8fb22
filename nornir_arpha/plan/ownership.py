"""Which of the procedure's objects on a PE belong to the lab: the rule configure and teardown
share, so neither changes nor removes what someone else configured.

An object the procedure creates (RBS, E-Trunk, RBP) is the lab's when its lines are exactly the
lab's. On the Eth-Trunk (the lab's baseline, never created or removed) each target's lines are
the lab's when every one present carries the lab's value. Either stops being the lab's once
something that stays on the device uses it: another Eth-Trunk in the E-Trunk, another RBP on
the RBS or bound to the Eth-Trunk, the lab's RBP bound elsewhere. Lines the procedure never
sets (descriptions, timers, the default `peer-backup hot`) are not judged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from nornir_arpha.parsers.records import ConfigTree
from nornir_arpha.plan.desired import Section, Target
from nornir_arpha.plan.lines import Line


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_section(tree: ConfigTree, header: str) -> tuple[str, ...] | None:
    """Children (stripped) of the top-level section `header`, compared case-insensitively.

    Returns:
        the child lines, `()` for an object without children, None if it is not configured
    """
    wanted = _words(header)
    for section in tree.sections:
        if _words(section.header) == wanted:
            return tuple(child.strip() for child in section.children if child.strip())
    return None


def existing_lines(section: Section, children: Iterable[str]) -> dict[str, Line]:
    """The recognised lines of a section's children, by key (the first of each key)."""
    found: dict[str, Line] = {}
    for text in children:
        for kind in section.kinds:
            line = kind.parse(text)
            if line is not None:
                found.setdefault(line.key, line)
                break
    return found


def differences(target: Target, children: Iterable[str]) -> list[str]:
    """How a configured section differs from the target, each as device line vs lab line.

    A line the target wants but the section lacks differs only in an object the procedure
    creates: on the Eth-Trunk it is merely not configured yet.
    """
    existing = existing_lines(target.section, children)
    created = target.section.delete is not None
    found: list[str] = []
    for line in target.lines:
        current = existing.get(line.key)
        if current is None and created:
            found.append(f"no '{line.key}' line on the device, '{line.text}' in the lab")
        elif current is not None and current.value != line.value:
            found.append(f"'{current.text}' on the device, '{line.text}' in the lab")
    found += [
        f"'{existing[key].text}' on the device, the default in the lab"
        for key in target.absent
        if key in existing
    ]
    return found


def _holds(target: Target, text: str) -> bool:
    """Whether `text` is one of the target's lines, with the target's value."""
    values = {line.value for line in target.lines}
    parsed = (kind.parse(text) for kind in target.section.kinds)
    return any(line is not None and line.value in values for line in parsed)


def _staying(running: ConfigTree, owned: list[Target]) -> Iterator[tuple[str, str]]:
    """(header, line) of every child line still configured once `owned` is removed."""
    deleted = {_words(t.section.header) for t in owned if t.section.delete is not None}
    for section in running.sections:
        header = _words(section.header)
        if header in deleted:
            continue
        ours = [t for t in owned if _words(t.section.header) == header]
        for child in section.children:
            text = child.strip()
            if text and not any(_holds(target, text) for target in ours):
                yield section.header, text


def not_the_labs(targets: tuple[Target, ...], running: ConfigTree) -> dict[Target, list[str]]:
    """Why each configured target is not the lab's; a target that is the lab's is not listed.

    A user keeps what it uses, and what is kept uses in turn (the lab's RBP bound elsewhere
    keeps the RBS it names), so users are looked for until no more targets are kept.

    Args:
        targets: the procedure's targets (`desired(intent)`)
        running: the PE's parsed running config

    Returns:
        per target not the lab's, in the targets' order, its differing lines and its users
    """
    sections = {target: find_section(running, target.section.header) for target in targets}
    present = [target for target, children in sections.items() if children is not None]
    reasons = {
        target: found
        for target in present
        if (found := differences(target, sections[target] or ()))
    }
    while True:
        owned = [target for target in present if target not in reasons]
        staying = list(_staying(running, owned))
        used = {
            target: [
                f"used by '{text}' in {header}"
                for header, text in staying
                if any(user.found(header, text) for user in target.users)
            ]
            for target in owned
        }
        kept = {target: users for target, users in used.items() if users}
        if not kept:
            return {target: reasons[target] for target in targets if target in reasons}
        reasons.update(kept)
