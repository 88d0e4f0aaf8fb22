"""The running configuration before the run's first change and after its last: teardown must
leave both PEs byte for byte as they were (comment lines aside: they carry timestamps)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping

from nornir_arpha.device.vrp import RUNNING_COMMAND, config_lines
from nornir_arpha.lab import Lab
from nornir_arpha.suite.probes import PeProbe

SHOWN_LINES = 8

Configs = dict[str, tuple[str, ...]]


def read_configs(lab: Lab, probe: Callable[[str], PeProbe]) -> Configs:
    """Both PEs' configuration lines, as `display current-configuration` shows them."""
    return {pe: config_lines(probe(pe).run(RUNNING_COMMAND).output) for pe in lab.pair}


def config_drift(
    before: Mapping[str, tuple[str, ...]], after: Mapping[str, tuple[str, ...]]
) -> list[str]:
    """One sentence per PE whose configuration differs, with the lines added and removed."""
    problems = []
    for pe, lines in before.items():
        changed = [
            line
            for line in difflib.unified_diff(lines, after.get(pe, ()), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        if changed:
            more = f" (and {len(changed) - SHOWN_LINES} more)" if len(changed) > SHOWN_LINES else ""
            problems.append(
                f"{pe}: '{RUNNING_COMMAND}' after teardown differs from before the run in "
                f"{len(changed)} lines: {' | '.join(changed[:SHOWN_LINES])}{more}"
            )
    return problems
