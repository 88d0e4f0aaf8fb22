"""The loaded, validated lab: what tasks, the simulator and the test suite read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from nornir_arpha.lab.intent import HotBackupIntent, LabSettings


@dataclass(frozen=True)
class LabHost:
    """One inventory host with its credentials resolved and its intent validated."""

    name: str
    hostname: str
    port: int
    username: str
    password: SecretStr
    platform: str
    intent: HotBackupIntent | None
    data: dict[str, Any] = field(default_factory=dict)
    connection_options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Lab:
    folder: Path
    settings: LabSettings
    hosts: dict[str, LabHost]

    @property
    def name(self) -> str:
        return self.settings.name

    @property
    def simulated(self) -> bool:
        return self.settings.simulation.enabled

    @property
    def time_scale(self) -> float:
        """Lab seconds per wall second: the simulator's time scale, 1 for a real lab."""
        return self.settings.simulation.time_scale if self.simulated else 1.0

    @property
    def pair(self) -> tuple[str, str]:
        return self.settings.pair

    def pe(self, name: str) -> LabHost:
        """The PE called `name`, with its intent.

        Raises:
            KeyError: `name` is not one of the pair
        """
        if name not in self.pair:
            raise KeyError(f"{name} is not a PE of lab {self.name} (pair: {', '.join(self.pair)})")
        return self.hosts[name]

    def intent(self, name: str) -> HotBackupIntent:
        intent = self.pe(name).intent
        assert intent is not None, "load_lab guarantees intent for both PEs"
        return intent

    def peer_of(self, name: str) -> str:
        first, second = self.pair
        return second if name == first else first if name == second else self.pe(name).name

    def inter_pe_ports(self, pe: str) -> list[str]:
        """`pe`'s ports cabled to the other PE of the pair (lab.yaml topology): the path of
        the E-Trunk hellos and the RBS channel."""
        peer = self.peer_of(pe)
        ports: list[str] = []
        for link in self.settings.topology.links:
            ends = [end.partition(":")[::2] for end in (link.a, link.b)]
            if {host for host, _ in ends} == {pe, peer}:
                ports += [port for host, port in ends if host == pe]
        return ports

    def with_defects(self, names: Sequence[str]) -> Lab:
        """A copy whose simulator also injects the defects `names` (`simulation.defects`).

        The names are the simulator's business: `nornir_arpha.provision.check_lab` validates them.
        """
        simulation = self.settings.simulation
        defects = list(dict.fromkeys([*simulation.defects, *names]))
        if defects == simulation.defects:
            return self
        settings = self.settings.model_copy(
            update={"simulation": simulation.model_copy(update={"defects": defects})}
        )
        return replace(self, settings=settings)

    def with_personality(self, name: str | None) -> Lab:
        """A copy whose simulator plays the firmware personality `name` (None: unchanged).

        The name is the simulator's business: `nornir_arpha.provision.check_lab` validates it.
        """
        simulation = self.settings.simulation
        if name is None or name == simulation.personality:
            return self
        settings = self.settings.model_copy(
            update={"simulation": simulation.model_copy(update={"personality": name})}
        )
        return replace(self, settings=settings)

    def with_name(self, name: str) -> Lab:
        """A copy called `name` (one of several simulated copies of a lab in a pool)."""
        return replace(self, settings=self.settings.model_copy(update={"name": name}))

    def with_endpoints(self, endpoints: dict[str, tuple[str, int]]) -> Lab:
        """A copy whose hosts are reached at new (hostname, port), e.g. a started simulator's."""
        hosts = dict(self.hosts)
        for name, (hostname, port) in endpoints.items():
            hosts[name] = replace(hosts[name], hostname=hostname, port=port)
        return replace(self, hosts=hosts)

    def with_tester(self, location: str) -> Lab:
        """A copy whose OTG tester is reached at `location`, e.g. a started simulator's.

        Raises:
            ValueError: the lab declares no OTG tester
        """
        traffic = self.settings.traffic
        if traffic.otg is None:
            raise ValueError(f"lab {self.name} declares no OTG tester (traffic.otg)")
        otg = traffic.otg.model_copy(update={"location": location})
        settings = self.settings.model_copy(
            update={"traffic": traffic.model_copy(update={"otg": otg})}
        )
        return replace(self, settings=settings)


class LoadedLab:
    """A lab loaded by a caller that starts pytest in-process, handed to the pytest plugin as a
    plugin object (`pytest.main(args, plugins=[LoadedLab(lab)])`) so the run parses it once.

    Plugin objects must hash by identity; `Lab` is a frozen dataclass holding unhashable data.
    """

    __slots__ = ("lab",)

    def __init__(self, lab: Lab) -> None:
        self.lab = lab
