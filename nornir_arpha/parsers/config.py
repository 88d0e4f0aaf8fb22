"""``display current-configuration``: a small hierarchical parser (no TextFSM).

The configuration is a sequence of top-level lines, each followed by its space-indented
children; ``#`` lines separate blocks, ``!`` lines are comments and ``return`` ends it.
"""

from __future__ import annotations

import logging

from nornir_arpha.parsers.base import strip_echo
from nornir_arpha.parsers.records import ConfigSection, ConfigTree

log = logging.getLogger(__name__)


def parse_config(text: str) -> ConfigTree:
    """Parse ``display current-configuration`` into top-level sections.

    Trailing blanks (doc samples pad lines to 80 columns) and nested ``#`` separators are
    dropped; children keep their indentation relative to the section.

    Args:
        text: the configuration, with or without the echoed command line.

    Returns:
        The sections in order; look them up with ``section()`` / ``sections_starting()``.
    """
    sections: list[ConfigSection] = []
    header: str | None = None
    children: list[str] = []
    for raw in strip_echo(text).split("\n"):
        line = raw.rstrip()
        content = line.lstrip()
        if not content or content.startswith("#"):
            continue
        if line != content:
            if header is None:
                log.debug("indented line outside any section ignored: %r", line)
            else:
                children.append(line)
            continue
        if header is not None:
            sections.append(_section(header, children))
        header, children = None, []
        if line == "return":
            break
        if not line.startswith("!"):
            header = line
    if header is not None:
        sections.append(_section(header, children))
    return ConfigTree(sections=tuple(sections))


def _section(header: str, children: list[str]) -> ConfigSection:
    indent = min(len(child) - len(child.lstrip()) for child in children) if children else 0
    return ConfigSection(header=header, children=tuple(child[indent:] for child in children))
