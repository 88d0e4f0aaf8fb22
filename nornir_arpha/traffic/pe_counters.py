"""The `counters` source: no tester; the suite's figures come from the PEs' Eth-Trunk
counters (`suite/measure.py`), which count packets per interface, not per host."""

from __future__ import annotations

from collections.abc import Mapping

from nornir_arpha.lab import Lab
from nornir_arpha.traffic.source import EmulatedHost, HostFlow, TrafficMark, TrafficSourceError


class CounterTraffic:
    """The lab's traffic as its PEs count it: nothing to start, no per-host frames."""

    kind = "counters"

    def __init__(self, lab: Lab) -> None:
        self.lab = lab

    def describe(self) -> str:
        return "the PEs' Eth-Trunk counters (no traffic generator in lab.yaml)"

    def start(self) -> float:
        return 0.0

    def stop(self) -> None:
        return None

    def mark(self) -> TrafficMark | None:
        return None

    def flows(self) -> Mapping[str, HostFlow]:
        return {}

    def hosts(self) -> list[EmulatedHost]:
        return []

    def add_host(self, ip: str, mac: str | None = None) -> EmulatedHost:
        raise self._no_tester("add a host")

    def remove_host(self, ip: str) -> None:
        raise self._no_tester("remove a host")

    def change_mac(self, ip: str, mac: str) -> None:
        raise self._no_tester("change a host's MAC")

    def _no_tester(self, what: str) -> TrafficSourceError:
        return TrafficSourceError(
            f"lab {self.lab.name}: cannot {what}: its traffic source is 'counters' (the PEs' "
            f"counters); declare a traffic generator in {self.lab.folder / 'lab.yaml'} "
            "(traffic: {source: otg, otg: {location: ...}})"
        )
