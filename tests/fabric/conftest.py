"""Fixtures for the fabric tests: labs on a manual clock, configured through the real CLI."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.sim.baseline import baseline_config
from nornir_arpha.sim.cli.cli_session import CliSession
from nornir_arpha.sim.device_runtime import ShowArp, ShowRbs, ShowRequest
from nornir_arpha.sim.fabric import LabFabric, ManualClock, PeRuntime
from nornir_arpha.sim.fabric.arp_table import ArpSnapshot
from nornir_arpha.sim.fabric.node import PeNode
from nornir_arpha.sim.sim_device import SimDevice
from tests.sim.conftest import procedure


class Pe:
    """One PE of a manual-clock lab: its CLI session, runtime and fabric node."""

    def __init__(self, lab: ManualLab, name: str) -> None:
        self.lab = lab
        self.name = name
        self.runtime = PeRuntime(lab.fabric, name)
        self.device = SimDevice(
            name, baseline_config(lab.lab, name), self.runtime, lab.fabric.defects
        )
        self.session = CliSession(self.device)

    def cli(self, *lines: str) -> list[str]:
        """Type `lines` in system view; every one must be accepted."""
        output: list[str] = []
        leave = ["return"] if self.session.prompt.startswith("[") else []
        for line in (*leave, "system-view", *lines):
            reply = self.session.execute(line)
            assert not any(text.startswith("Error") for text in reply.lines), (line, reply.lines)
            output += reply.lines
        return output

    def show(self, request: ShowRequest) -> list[str]:
        return list(self.runtime.show(request))

    def show_rbs(self) -> list[str]:
        return self.show(ShowRbs("rbs1"))

    def show_arp(self) -> list[str]:
        return self.show(ShowArp(None))

    @property
    def node(self) -> PeNode:
        return self.lab.fabric.node(self.name)

    def arp(self) -> ArpSnapshot:
        return self.node.arp.snapshot(self.lab.clock.now)

    def configure(self) -> None:
        """PROCEDURE.md for this PE."""
        self.cli(*procedure(self.lab.lab.intent(self.name)))

    def members(self) -> list[str]:
        return list(self.lab.lab.intent(self.name).eth_trunk.members)

    def shut(self, ports: Iterable[str], *, down: bool = True) -> None:
        """`shutdown` (or `undo shutdown`) on `ports`, committed."""
        command = "shutdown" if down else "undo shutdown"
        lines: list[str] = []
        for port in ports:
            lines += [f"interface {port}", command]
        self.cli(*lines, "commit")

    def tx_rate(self) -> float:
        """Packets per lab second the PE sends out of its CE Eth-Trunk right now."""
        return sum(self.node.ports[p].tx.rate for p in self.members())

    def tx_packets(self) -> float:
        now = self.lab.clock.now
        return sum(self.node.ports[p].tx.value(now) for p in self.members())


class ManualLab:
    """A lab's fabric and PEs on a manual clock (no SSH)."""

    def __init__(self, lab: Lab) -> None:
        self.lab = lab
        self.clock = ManualClock()
        self.fabric = LabFabric(lab, self.clock)
        self.pes = [Pe(self, name) for name in lab.pair]
        for pe in self.pes:
            self.fabric.attach(pe.device)
        self.pe1, self.pe2 = self.pes

    @property
    def offered(self) -> float:
        return float(self.lab.settings.ce.offered_pps)

    @property
    def hosts(self) -> int:
        return self.lab.settings.ce.hosts

    def configure(self) -> None:
        """Both PEs through PROCEDURE.md, then time for the RBS and the E-Trunk to settle."""
        for pe in self.pes:
            pe.configure()
        self.clock.advance(5)


@pytest.fixture
def manual(lab_v4: Lab) -> ManualLab:
    return ManualLab(lab_v4)


@pytest.fixture
def configured(manual: ManualLab) -> ManualLab:
    manual.clock.advance(10)
    manual.configure()
    return manual
