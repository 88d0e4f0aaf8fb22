"""The simulator driven the way the framework drives real PEs: scrapli's huawei_vrp driver."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapli import AsyncScrapli, Scrapli

from nornir_arpha.lab import Lab
from nornir_arpha.sim import SimLabThread
from nornir_arpha.sim.device_runtime import ShowETrunk
from tests.sim.conftest import BIG_TABLE_LINES, expected_sections, fake, procedure

pytestmark = pytest.mark.timeout(90)

SYNC_TRANSPORTS = ("system", "paramiko")


def options(sim: SimLabThread, device: str) -> dict[str, Any]:
    host, port = sim.endpoints[device]
    login = sim.sim.credentials(device)
    return {
        "host": host,
        "port": port,
        "auth_username": login.username,
        "auth_password": login.password,
        "platform": "huawei_vrp",
        "auth_strict_key": False,
        "ssh_config_file": False,
        "timeout_ops": 20,
    }


def check_configured(lab: Lab, device: str, current: str) -> None:
    lines = current.splitlines()
    expected = expected_sections(lab.intent(device))
    start = lines.index(expected[1]) - 1
    assert lines[start : start + len(expected)] == expected
    trunk = lines.index(expected[-1])
    assert lines[trunk + 1 : trunk + 5] == [
        " ip address 192.168.10.1 255.255.255.0",
        f" e-trunk {lab.intent(device).e_trunk.id}",
        " e-trunk mode force-master",
        f" remote-backup-profile {lab.intent(device).rbp.name}",
    ]


def test_procedure_async_ipv4_both_pes(sim: SimLabThread, lab_v4: Lab) -> None:
    async def configure(device: str) -> str:
        async with AsyncScrapli(**options(sim, device), transport="asyncssh") as conn:
            response = await conn.send_configs(procedure(lab_v4.intent(device)))
            assert not response.failed, response.result
            assert (await conn.get_prompt()) == f"[~{device}-Eth-Trunk10]"  # committed
            return (await conn.send_command("display current-configuration")).result

    async def both() -> list[str]:
        return await asyncio.gather(*(configure(device) for device in lab_v4.pair))

    for device, current in zip(lab_v4.pair, asyncio.run(both()), strict=True):
        check_configured(lab_v4, device, current)


@pytest.mark.parametrize("transport", SYNC_TRANSPORTS)
def test_procedure_sync_ipv6_both_pes(sim_v6: SimLabThread, lab_v6: Lab, transport: str) -> None:
    for device in lab_v6.pair:
        with Scrapli(**options(sim_v6, device), transport=transport) as conn:
            response = conn.send_configs(procedure(lab_v6.intent(device)))
            assert not response.failed, response.result
            current = conn.send_command("display current-configuration").result
        check_configured(lab_v6, device, current)
        assert "peer-ipv6 2001:DB8::" in current


@pytest.mark.parametrize("transport", SYNC_TRANSPORTS)
def test_refusal_fails_the_scrapli_response(sim: SimLabThread, transport: str) -> None:
    with Scrapli(**options(sim, "PE1"), transport=transport) as conn:
        response = conn.send_configs(["interface eth-trunk 10", "e-trunk 7"])
        assert response.failed
        assert "Error: The E-Trunk does not exist." in response.result
        assert conn.send_config("display configuration candidate").result == ""
        response = conn.send_command("display e-trunk 99")
        assert response.failed


@pytest.mark.parametrize("transport", SYNC_TRANSPORTS)
def test_displays_reach_the_runtime_and_stream(sim: SimLabThread, transport: str) -> None:
    with Scrapli(**options(sim, "PE2"), transport=transport) as conn:
        assert "fake ShowETrunk" in conn.send_command("display e-trunk 1").result
        table = conn.send_command("display arp all", timeout_ops=60).result
    assert table.count("ARP line") == BIG_TABLE_LINES
    assert ShowETrunk(1) in fake(sim.devices["PE2"]).requests


def test_async_interactive_leave_question(sim: SimLabThread) -> None:
    async def scenario() -> str:
        async with AsyncScrapli(**options(sim, "PE1"), transport="asyncssh") as conn:
            response = await conn.send_interactive(
                [
                    ("system-view", "[~PE1]", False),
                    ("sysname RENAMED", "[*PE1]", False),
                    ("quit", "[Y(yes)/N(no)/C(cancel)]:", False),
                    ("maybe", "[Y/N/C]:", False),
                    ("y", "<RENAMED>", False),
                ]
            )
            return response.result

    result = asyncio.run(scenario())
    assert "Error: Please choose 'YES', 'NO' or 'CANCEL'" in result
    assert sim.call(lambda: sim.devices["PE1"].running.sysname) == "RENAMED"
