"""Both PEs' state, collected and stored under the test's artifacts."""

from __future__ import annotations

from nornir.core import Nornir

from nornir_arpha.lab import Lab
from nornir_arpha.pytest_plugin.artifacts import Artifacts
from nornir_arpha.tasks import collect_state
from nornir_arpha.tasks.results import payload
from nornir_arpha.tasks.state import PeState


class StateSnapshots:
    """Collect both PEs' state and store it under the test's artifacts."""

    def __init__(self, nr: Nornir, lab: Lab, artifacts: Artifacts, nodeid: str) -> None:
        self._nr = nr
        self._lab = lab
        self._artifacts = artifacts
        self._nodeid = nodeid

    def take(self, phase: str) -> dict[str, PeState]:
        """Read every PE of the pair; both are read even if one fails.

        Raises:
            AssertionError: a PE could not be read at all (names the PE and the error)
        """
        pair = self._nr.filter(filter_func=lambda host: host.name in self._lab.pair)
        results = pair.run(task=collect_state, on_failed=True)
        states: dict[str, PeState] = {}
        errors: list[str] = []
        for host in self._lab.pair:
            try:
                states[host] = payload(results[host][0], PeState)
            except Exception as exc:
                errors.append(f"{host}: {exc}")
                continue
            self._artifacts.write_snapshot(self._nodeid, phase, host, {"state": states[host]})
        if errors:
            raise AssertionError(f"cannot read the PEs' state ({phase}): " + "; ".join(errors))
        return states
