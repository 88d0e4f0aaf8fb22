"""Fixtures for the simulator tests: a fake runtime, started simulators, the procedure."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator, Mapping

import pytest

from nornir_arpha.lab import HotBackupIntent, Lab
from nornir_arpha.sim import SimDevice, SimLabThread
from nornir_arpha.sim.baseline import baseline_config
from nornir_arpha.sim.device_runtime import (
    CommandRefused,
    PingRequest,
    ShowArp,
    ShowETrunk,
    ShowRequest,
)

BIG_TABLE_LINES = 64_000


class FakeRuntime:
    """Records what the CLI asks for; answers with recognisable lines.

    `display arp all` is a generator of `BIG_TABLE_LINES` lines (streaming); `display
    e-trunk 99` is refused, like a missing object.
    """

    def __init__(self) -> None:
        self.requests: list[ShowRequest | PingRequest] = []

    def show(self, request: ShowRequest) -> Iterable[str]:
        self.requests.append(request)
        if request == ShowETrunk(99):
            raise CommandRefused("The E-Trunk does not exist.")
        if request == ShowArp(None):
            return (f"ARP line {n}" for n in range(BIG_TABLE_LINES))
        return [f"fake {type(request).__name__}", repr(request)]

    async def ping(self, request: PingRequest) -> list[str]:
        self.requests.append(request)
        await asyncio.sleep(0)
        return [f"  PING {request.target}: {request.size} data bytes, press CTRL_C to break"]


def attach_fakes(lab: Lab, devices: Mapping[str, SimDevice]) -> None:
    for device in devices.values():
        device.runtime = FakeRuntime()


def fake(device: SimDevice) -> FakeRuntime:
    runtime = device.runtime
    assert isinstance(runtime, FakeRuntime)
    return runtime


@pytest.fixture
def sim(lab_v4: Lab) -> Iterator[SimLabThread]:
    with SimLabThread(lab_v4, attach_fakes) as started:
        yield started


@pytest.fixture
def sim_v6(lab_v6: Lab) -> Iterator[SimLabThread]:
    with SimLabThread(lab_v6, attach_fakes) as started:
        yield started


def new_device(lab: Lab, name: str = "PE1") -> SimDevice:
    """A device without a server, for driving `CliSession` directly."""
    return SimDevice(name, baseline_config(lab, name), FakeRuntime())


def procedure(intent: HotBackupIntent) -> list[str]:
    """PROCEDURE.md for one PE, in system view, ending with `commit` (IPv4 or IPv6 form)."""
    rbs, e_trunk, trunk, rbp = intent.rbs, intent.e_trunk, intent.eth_trunk, intent.rbp
    if intent.ipv6:
        rbs_peer = f"peer-ipv6 {rbs.peer} source-ipv6 {rbs.source} port {rbs.port}"
        e_trunk_peer = f"peer-ipv6 {e_trunk.peer} source-ipv6 {e_trunk.source}"
    else:
        rbs_peer = f"peer {rbs.peer} source {rbs.source} port {rbs.port}"
        e_trunk_peer = f"peer-address {e_trunk.peer} source-address {e_trunk.source}"
    return [
        f"remote-backup-service {rbs.name}",
        rbs_peer,
        "quit",
        f"e-trunk {e_trunk.id}",
        e_trunk_peer,
        f"priority {e_trunk.priority}",
        "quit",
        f"interface eth-trunk {trunk.id}",
        f"e-trunk {e_trunk.id}",
        "e-trunk mode force-master",
        "quit",
        f"remote-backup-profile {rbp.name}",
        f"backup-id {rbp.backup_id} remote-backup-service {rbs.name}",
        "service-type arp",
        f"e-trunk {e_trunk.id} eth-trunk {trunk.id}",
        "quit",
        f"interface eth-trunk {trunk.id}",
        f"remote-backup-profile {rbp.name}",
        "commit",
    ]


def expected_sections(intent: HotBackupIntent) -> list[str]:
    """The hot-backup sections `display current-configuration` must show after `procedure`."""
    rbs, e_trunk, trunk, rbp = intent.rbs, intent.e_trunk, intent.eth_trunk, intent.rbp
    if intent.ipv6:
        rbs_peer = (
            f" peer-ipv6 {str(rbs.peer).upper()} source-ipv6 {str(rbs.source).upper()}"
            f" port {rbs.port}"
        )
        e_trunk_peer = (
            f" peer-ipv6 {str(e_trunk.peer).upper()} source-ipv6 {str(e_trunk.source).upper()}"
        )
    else:
        rbs_peer = f" peer {rbs.peer} source {rbs.source} port {rbs.port}"
        e_trunk_peer = f" peer-address {e_trunk.peer} source-address {e_trunk.source}"
    priority = [] if e_trunk.priority == 100 else [f" priority {e_trunk.priority}"]
    return [
        "#",
        f"e-trunk {e_trunk.id}",
        *priority,
        e_trunk_peer,
        "#",
        f"remote-backup-service {rbs.name}",
        rbs_peer,
        "#",
        f"remote-backup-profile {rbp.name}",
        " service-type arp",
        f" backup-id {rbp.backup_id} remote-backup-service {rbs.name}",
        " peer-backup hot",
        f" e-trunk {e_trunk.id} eth-trunk {trunk.id}",
        "#",
        f"interface Eth-Trunk{trunk.id}",
    ]
