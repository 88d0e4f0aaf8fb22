"""The simulated lab end to end: configured with PROCEDURE.md and observed only over SSH.

Each test starts its own lab (labs/sim, real time scale) and talks to the PEs with scrapli's
`huawei_vrp` driver; every output is read with the project's parsers. Waits are bounded
polls; durations are converted to lab seconds with the lab's time scale, so the lab's
budgets (lab seconds) apply as they would on hardware.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import pytest
from scrapli import Scrapli

from nornir_arpha.lab import Lab, PlatformProfile
from nornir_arpha.parsers import (
    parse_arp_statistics,
    parse_arp_table,
    parse_eth_trunk,
    parse_eth_trunk_brief,
    parse_etrunk,
    parse_etrunk_brief,
    parse_interface,
    parse_interface_brief,
    parse_ping,
    parse_rbp,
    parse_rbp_list,
    parse_rbs,
    parse_rbs_list,
)
from nornir_arpha.parsers.records import ArpTable, InterfaceInfo
from nornir_arpha.sim import SimLabThread, inferred
from tests.sim.conftest import procedure

pytestmark = pytest.mark.timeout(60)
T = TypeVar("T")
INTER_PE = "GigabitEthernet0/2/0"


class Pe:
    """One PE seen through scrapli."""

    def __init__(self, sim: SimLabThread, name: str) -> None:
        host, port = sim.endpoints[name]
        lab_host = sim.lab.hosts[name]
        self.name = name
        self.intent = sim.lab.intent(name)
        self.conn = Scrapli(
            host=host,
            port=port,
            auth_username=lab_host.username,
            auth_password=lab_host.password.get_secret_value(),
            platform="huawei_vrp",
            transport="system",
            auth_strict_key=False,
            ssh_config_file=False,
            timeout_ops=30,
        )
        self.conn.open()

    def display(self, command: str) -> str:
        response = self.conn.send_command(command)
        assert "Error:" not in response.result, (self.name, command, response.result)
        return response.result

    def configure(self, lines: list[str]) -> None:
        """Type `lines` in system view (the last one being `commit`)."""
        response = self.conn.send_configs(lines)
        assert not response.failed, (self.name, [r.result for r in response])
        assert not any("Error:" in r.result for r in response), [r.result for r in response]

    def shut(self, ports: list[str], *, down: bool = True) -> None:
        lines: list[str] = []
        for port in ports:
            lines += [f"interface {port}", "shutdown" if down else "undo shutdown"]
        self.configure([*lines, "commit"])

    @property
    def members(self) -> list[str]:
        return list(self.intent.eth_trunk.members)

    def arp(self) -> ArpTable:
        return parse_arp_table(self.display("display arp all"))

    def trunk(self) -> InterfaceInfo:
        return parse_interface(
            self.display(f"display interface Eth-Trunk{self.intent.eth_trunk.id}")
        )


class Lab4:
    """A started simulated lab and its two PEs, with lab-time helpers."""

    def __init__(self, sim: SimLabThread) -> None:
        self.sim = sim
        self.lab: Lab = sim.lab
        self.scale = self.lab.settings.simulation.time_scale
        self.pe1, self.pe2 = (Pe(sim, name) for name in self.lab.pair)
        self.hosts = {str(ip) for ip in self.lab.settings.ce.host_ips()}
        self.offered = self.lab.settings.ce.offered_pps

    def lab_seconds(self, since: float) -> float:
        return (time.monotonic() - since) * self.scale

    def wait(self, what: str, probe: Callable[[], T | None], budget_s: float) -> tuple[T, float]:
        """Poll `probe` until it returns a value; fail after `budget_s` lab seconds.

        Returns:
            the value and the lab seconds it took
        """
        start = time.monotonic()
        interval = self.lab.settings.budgets.poll_interval_s / self.scale
        while True:
            value = probe()
            if value is not None:
                return value, self.lab_seconds(start)
            if self.lab_seconds(start) > budget_s:
                pytest.fail(f"{what}: not within {budget_s} lab seconds")
            time.sleep(interval)

    def out_rates(self, pes: tuple[Pe, ...], window_lab_s: float) -> list[float]:
        """Each PE's Eth-Trunk output rate (packets per lab second) over one shared window."""
        first = [(pe.trunk(), time.monotonic()) for pe in pes]
        time.sleep(window_lab_s / self.scale)
        second = [(pe.trunk(), time.monotonic()) for pe in pes]
        rates = []
        for (before, t0), (after, t1) in zip(first, second, strict=True):
            assert before.out_packets is not None and after.out_packets is not None
            rates.append((after.out_packets - before.out_packets) / ((t1 - t0) * self.scale))
        return rates

    def out_rate(self, pe: Pe, window_lab_s: float) -> float:
        """`pe`'s Eth-Trunk output rate (packets per lab second) from two counter readings."""
        return self.out_rates((pe,), window_lab_s)[0]

    def configure(self, *, bind_rbp: bool = True) -> None:
        """PROCEDURE.md on both PEs (optionally without binding the RBP to the Eth-Trunk)."""
        for pe in (self.pe1, self.pe2):
            lines = procedure(pe.intent)
            if not bind_rbp:
                lines = lines[: lines.index(f"interface eth-trunk {pe.intent.eth_trunk.id}", 10)]
                lines.append("commit")
            pe.configure(lines)

    def both_connected(self) -> bool | None:
        states = [
            parse_rbs(pe.display(f"display remote-backup-service {pe.intent.rbs.name}"))
            for pe in (self.pe1, self.pe2)
        ]
        return True if all(s.connected for s in states) else None

    def close(self) -> None:
        for pe in (self.pe1, self.pe2):
            pe.conn.close()


@contextmanager
def started(definition: Lab) -> Iterator[Lab4]:
    with SimLabThread(definition) as sim:
        running = Lab4(sim)
        try:
            yield running
        finally:
            running.close()


@pytest.fixture
def lab(lab_v4: Lab) -> Iterator[Lab4]:
    with started(lab_v4) as running:
        yield running


def hosts_of(table: ArpTable) -> tuple[set[str], set[str]]:
    """(local, backed-up) CE host addresses of an ARP table."""
    local = {e.ip for e in table.entries if e.is_dynamic}
    remote = {e.ip for e in table.entries if PlatformProfile().backed_up(e.type)}
    return local, remote


def test_rbs_connects_on_both_pes_within_the_budget(lab: Lab4) -> None:
    lab.configure()
    _, took = lab.wait(
        "RBS Connected on both PEs", lab.both_connected, lab.lab.settings.budgets.arp_sync_s
    )
    assert took <= lab.lab.settings.budgets.arp_sync_s


def test_ipv6_peers_connect_and_back_up(lab_v6: Lab) -> None:
    with started(lab_v6) as lab:
        lab.configure()
        lab.wait("RBS Connected (IPv6)", lab.both_connected, lab.lab.settings.budgets.arp_sync_s)
        rbs = parse_rbs(lab.pe1.display("display remote-backup-service rbs1"))
        addresses = (ipaddress.ip_address(rbs.peer or ""), ipaddress.ip_address(rbs.source or ""))
        assert addresses == (
            ipaddress.ip_address("2001:db8::2"),
            ipaddress.ip_address("2001:db8::1"),
        )
        local, remote = hosts_of(lab.pe2.arp())
        assert local | remote == lab.hosts and remote


def test_every_host_is_on_both_pes_some_local_the_rest_backed_up(lab: Lab4) -> None:
    lab.configure()
    lab.wait("RBS Connected", lab.both_connected, lab.lab.settings.budgets.arp_sync_s)
    (local1, remote1), (local2, remote2) = (hosts_of(pe.arp()) for pe in (lab.pe1, lab.pe2))
    assert local1 | remote1 == lab.hosts and local2 | remote2 == lab.hosts
    assert local1 and local2 and not local1 & local2  # active-active: each learned a part
    assert remote1 == local2 and remote2 == local1
    statistics = parse_arp_statistics(lab.pe1.display("display arp statistics all"))
    assert (statistics.dynamic, statistics.remote) == (len(local1), len(remote1))


def test_failover_pe2_holds_every_host_carries_the_load_and_answers_pings(lab: Lab4) -> None:
    budgets = lab.lab.settings.budgets
    lab.configure()
    lab.wait("RBS Connected", lab.both_connected, budgets.arp_sync_s)
    learned_by_pe1, _ = hosts_of(lab.pe1.arp())
    lab.pe1.shut(lab.pe1.members)
    fault = time.monotonic()
    local, remote = hosts_of(lab.pe2.arp())
    assert local | remote == lab.hosts

    def converged() -> float | None:
        rate = lab.out_rate(lab.pe2, window_lab_s=1.0)
        return rate if rate >= 0.95 * lab.offered else None

    _, took = lab.wait("PE2 carrying the offered rate", converged, budgets.convergence_s)
    assert lab.lab_seconds(fault) - took <= budgets.convergence_s
    assert lab.out_rate(lab.pe2, window_lab_s=5.0) >= 0.95 * lab.offered
    for host in sorted(learned_by_pe1)[:3]:
        result = parse_ping(lab.pe2.display(f"ping -c 3 {host}"))
        assert (result.transmitted, result.received) == (3, 3), host


def test_without_hot_backup_the_fault_loses_the_hosts_pe2_never_learned(lab: Lab4) -> None:
    budgets = lab.lab.settings.budgets
    lab.configure(bind_rbp=False)
    local, remote = hosts_of(lab.pe2.arp())
    assert not remote and 0 < len(local) < len(lab.hosts)
    lab.pe1.shut(lab.pe1.members)
    time.sleep(budgets.convergence_s / lab.scale)
    rate = lab.out_rate(lab.pe2, window_lab_s=3.0)
    share = len(local) / len(lab.hosts)
    assert rate < 0.95 * lab.offered
    assert rate < (share + 0.2) * lab.offered  # about PE2's own share, plus what ARP-miss adds
    missing = lab.hosts - set().union(*hosts_of(lab.pe2.arp()))
    assert missing


def test_undo_shutdown_shares_the_load_again_with_entries_resynced(lab: Lab4) -> None:
    budgets = lab.lab.settings.budgets
    lab.configure()
    lab.wait("RBS Connected", lab.both_connected, budgets.arp_sync_s)
    lab.pe1.shut(lab.pe1.members)
    time.sleep(budgets.convergence_s / lab.scale)
    lab.pe1.shut(lab.pe1.members, down=False)
    local, remote = hosts_of(lab.pe1.arp())
    assert local | remote == lab.hosts

    def sharing() -> list[float] | None:
        rates = lab.out_rates((lab.pe1, lab.pe2), 1.0)
        shared = min(rates) > 0.2 * lab.offered and sum(rates) >= 0.95 * lab.offered
        return rates if shared else None

    lab.wait("both PEs carrying the offered rate together", sharing, budgets.convergence_s)


def test_inter_pe_path_down_drops_the_rbs_and_makes_both_etrunks_master(lab: Lab4) -> None:
    budgets = lab.lab.settings.budgets
    lab.configure()
    lab.wait("RBS Connected", lab.both_connected, budgets.arp_sync_s)
    lab.pe1.shut([INTER_PE])

    def dropped() -> bool | None:
        states = [
            parse_rbs(pe.display("display remote-backup-service rbs1")) for pe in (lab.pe1, lab.pe2)
        ]
        return True if not any(s.connected for s in states) else None

    lab.wait("RBS down", dropped, inferred.RBS_ECHO_TIMEOUT_S + budgets.convergence_s)
    for pe in (lab.pe1, lab.pe2):
        rbs = parse_rbs(pe.display("display remote-backup-service rbs1"))
        assert rbs.tcp_state in {"Connecting", "Listening"}
        assert rbs.last_down_reason == inferred.RBS_DOWN_ECHO and rbs.last_down_time
        etrunk = parse_etrunk(pe.display("display e-trunk 1"))
        assert (etrunk.state, etrunk.causation) == ("Master", "TIMEOUT")
        assert [(m.state, m.causation) for m in etrunk.members] == [("Master", "FORCE_MASTER")]


def test_every_live_display_parses_to_the_rendered_values(lab: Lab4) -> None:
    lab.configure()
    lab.wait("RBS Connected", lab.both_connected, lab.lab.settings.budgets.arp_sync_s)
    pe, intent = lab.pe2, lab.pe2.intent
    rbs = parse_rbs(pe.display("display remote-backup-service rbs1 verbose"))
    assert (rbs.tcp_state, rbs.peer, rbs.source, rbs.port) == (
        "Connected",
        "1.1.1.1",
        "2.2.2.2",
        2046,
    )
    assert [s.name for s in parse_rbs_list(pe.display("display remote-backup-service"))] == ["rbs1"]
    rbp = parse_rbp(pe.display("display remote-backup-profile rbp1"))
    assert (rbp.service_types, rbp.rbs, rbp.backup_id, rbp.e_trunk_id, rbp.eth_trunk_id) == (
        ("arp",),
        "rbs1",
        10,
        1,
        10,
    )
    assert rbp.interfaces == ("Eth-Trunk10",)
    assert [p.name for p in parse_rbp_list(pe.display("display remote-backup-profile"))] == ["rbp1"]
    etrunk = parse_etrunk(pe.display("display e-trunk 1"))
    assert (etrunk.state, etrunk.causation, etrunk.priority, etrunk.peer_priority) == (
        "Backup",
        "PRI",
        20,
        10,
    )
    assert (etrunk.peer_ip, etrunk.source_ip, etrunk.send_period, etrunk.fail_time) == (
        "1.1.1.1",
        "2.2.2.2",
        10,
        30,
    )
    member = etrunk.members[0]
    assert (
        member.id,
        member.local_phy_state,
        member.work_mode,
        member.state,
        member.causation,
    ) == (10, "Up", "force-master", "Master", "FORCE_MASTER")
    brief = parse_etrunk_brief(pe.display("display e-trunk brief"))
    assert [(b.etrunk_id, b.state, b.peer_ip) for b in brief] == [(1, "Backup", "1.1.1.1")]
    trunk = parse_eth_trunk(pe.display("display eth-trunk 10"))
    assert [(p.name, p.status) for p in trunk.members] == [
        (m, "Up") for m in intent.eth_trunk.members
    ]
    assert trunk.operate_status == "up" and trunk.up_port_count == 2
    (trunk_brief,) = parse_eth_trunk_brief(pe.display("display eth-trunk brief"))
    assert (trunk_brief.trunk_id, trunk_brief.status, trunk_brief.role, trunk_brief.active) == (
        10,
        "Up",
        "M",
        2,
    )
    interface = pe.trunk()
    assert (interface.state, interface.ip_address, interface.up_ports_in_trunk) == (
        "UP",
        "192.168.10.1/24",
        2,
    )
    assert interface.out_packets and interface.out_bytes == interface.out_packets * 512
    port = parse_interface(pe.display(f"display interface {intent.eth_trunk.members[0]}"))
    assert port.state == "UP" and port.out_packets is not None
    brief_rows = {
        row.interface: row for row in parse_interface_brief(pe.display("display interface brief"))
    }
    assert brief_rows["Eth-Trunk10"].phy == "up"
    assert brief_rows[intent.eth_trunk.members[0]].member_of == "Eth-Trunk10"
    table = parse_arp_table(pe.display("display arp interface Eth-Trunk10"))
    assert (table.dynamic or 0) + (table.remote or 0) == len(lab.hosts)
    assert table.total == len(table.entries)
