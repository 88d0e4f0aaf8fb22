"""The ARP-backup defects change exactly what `display arp all` shows, and only with the defect.

Each test runs the same scenario healthy and defective on a manual clock and compares the
rendered rows and footer.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.sim.defects import Defect
from nornir_arpha.sim.device_runtime import ShowArpStatistics
from tests.fabric.conftest import ManualLab, Pe
from tests.fabric.test_defects import HEALTHY_OR_DEFECTIVE, configured_lab


@dataclass(frozen=True)
class Row:
    """One host row of `display arp all`."""

    ip: str
    mac: str
    kind: str  # D-0 or R-0
    interface: str


def host_rows(pe: Pe) -> list[Row]:
    """The learned and backed-up rows of `display arp all` (not the interface entries)."""
    rows = []
    for line in pe.show_arp():
        fields = line.split()
        if len(fields) == 5 and fields[3][:2] in ("D-", "R-"):
            rows.append(Row(fields[0], fields[1], fields[3], fields[4]))
    return rows


def footer(pe: Pe) -> str:
    return next(line for line in pe.show_arp() if line.startswith("Total:"))


def remote_rows(pe: Pe) -> list[Row]:
    return [row for row in host_rows(pe) if row.kind.startswith("R-")]


def flip_last_byte(mac: str) -> str:
    return mac[:-2] + f"{int(mac[-2:], 16) ^ 1:02x}"


@HEALTHY_OR_DEFECTIVE
def test_backup_wrong_mac(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.BACKUP_WRONG_MAC, defective)
    hosts = lab.fabric.hosts
    for pe in lab.pes:
        rows = host_rows(pe)
        assert len(rows) == lab.hosts  # every entry is still there
        for row in rows:
            true_mac = hosts.macs[hosts.ips.index(row.ip)]
            wrong = defective and row.kind.startswith("R-")
            assert row.mac == (flip_last_byte(true_mac) if wrong else true_mac)


@HEALTHY_OR_DEFECTIVE
def test_arp_footer_miscount(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.ARP_FOOTER_MISCOUNT, defective)
    local, remote = lab.pe2.arp().counts()
    assert (local, remote) == (44, 56)
    assert len(remote_rows(lab.pe2)) == remote
    shown = remote - 1 if defective else remote
    assert footer(lab.pe2) == (
        f"Total:{local + shown + 2}         Dynamic:{local}       Static:0    "
        f"Interface:2    Remote:{shown}"
    )
    # `display arp statistics all` counts right either way.
    assert lab.pe2.show(ShowArpStatistics()) == [
        f"Dynamic:{local}       Static:0       Remote: {remote}       Redirect:0"
    ]
    # Nothing backed up, nothing miscounted.
    lab.pe2.shut(["GigabitEthernet0/2/0"])  # no more backups: the backed-up entries age out
    lab.clock.advance(lab.lab.settings.simulation.arp_timeout_s + 1)
    assert remote_rows(lab.pe2) == []
    assert footer(lab.pe2).endswith("Remote:0")


@HEALTHY_OR_DEFECTIVE
def test_backup_duplicate_rows(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.BACKUP_DUPLICATE_ROWS, defective)
    # The first batch landed in empty tables: one row per host either way.
    for pe in lab.pes:
        assert len({row.ip for row in host_rows(pe)}) == len(host_rows(pe)) == lab.hosts
    remote = [len(remote_rows(pe)) for pe in lab.pes]
    lab.pe1.cli("remote-backup-service rbs1", "shutdown", "commit")
    lab.pe1.cli("remote-backup-service rbs1", "undo shutdown", "commit")
    lab.clock.advance(5)
    assert all(pe.node.rbs["rbs1"].connected for pe in lab.pes)
    for pe, backed_up in zip(lab.pes, remote, strict=True):
        rows = remote_rows(pe)
        assert len(rows) == (2 * backed_up if defective else backed_up)
        assert len({row.ip for row in rows}) == backed_up
        assert footer(pe).endswith(f"Remote:{len(rows)}")
    assert lab.pe2.arp().counts() == (44, 56)  # the table itself is whole either way


@HEALTHY_OR_DEFECTIVE
def test_backup_wrong_interface(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.BACKUP_WRONG_INTERFACE, defective)
    rows = host_rows(lab.pe2)
    local = {row.interface for row in rows if row.kind.startswith("D-")}
    remote = {row.interface for row in rows if row.kind.startswith("R-")}
    assert local == {"Eth-Trunk10"}
    assert remote == ({"GE0/2/0"} if defective else {"Eth-Trunk10"})
    assert len(rows) == lab.hosts


def new_host(lab: ManualLab) -> int:
    """A host joins and sends its ARP: the PE its flows hash to learns it."""
    fabric = lab.fabric
    host = fabric.add_host("192.168.10.200", "0200-0000-00c8")
    fabric.keep_hosts(range(fabric.hosts.count))
    assert fabric.announce_host(host)
    return host


@HEALTHY_OR_DEFECTIVE
def test_no_realtime_backup(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.NO_REALTIME_BACKUP, defective)
    remote = [len(remote_rows(pe)) for pe in lab.pes]
    assert remote == [44, 56]  # the batch at channel up went through either way
    new_host(lab)
    seen = {pe.name: [row for row in host_rows(pe) if row.ip == "192.168.10.200"] for pe in lab.pes}
    learner = "PE1" if seen["PE1"] and seen["PE1"][0].kind == "D-0" else "PE2"
    other = "PE2" if learner == "PE1" else "PE1"
    assert [row.kind for row in seen[learner]] == ["D-0"]
    assert [row.kind for row in seen[other]] == ([] if defective else ["R-0"])


@HEALTHY_OR_DEFECTIVE
def test_mac_change_not_backed_up(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.MAC_CHANGE_NOT_BACKED_UP, defective)
    fabric = lab.fabric
    host = 50
    ip, old = fabric.hosts.ips[host], fabric.hosts.macs[host]
    fabric.set_host_mac(host, "0200-0000-0032")
    assert fabric.announce_host(host)
    shown = {pe.name: [row for row in host_rows(pe) if row.ip == ip] for pe in lab.pes}
    learner = next(name for name, rows in shown.items() if rows[0].kind == "D-0")
    other = next(name for name in shown if name != learner)
    assert [row.mac for row in shown[learner]] == ["0200-0000-0032"]
    assert [row.mac for row in shown[other]] == [old if defective else "0200-0000-0032"]
    # A refresh with the same MAC is still backed up: the peer's entry does not age out.
    assert [row.kind for row in shown[other]] == ["R-0"]


@HEALTHY_OR_DEFECTIVE
def test_backup_entries_age_out(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.BACKUP_ENTRIES_AGE_OUT, defective)
    timeout = lab.lab.settings.simulation.arp_timeout_s
    backed_up = {row.ip for row in remote_rows(lab.pe2)}
    assert len(backed_up) == 56
    lab.pe1.shut(lab.pe1.members())
    lab.clock.advance(timeout - 300)  # no backed-up entry has aged out yet
    assert len(host_rows(lab.pe2)) == lab.hosts
    lab.clock.advance(301)  # every one of them has, had the hosts' ARP not refreshed it
    shown = {row.ip for row in host_rows(lab.pe2)}
    assert shown == (
        set(lab.fabric.hosts.ips) - backed_up if defective else set(lab.fabric.hosts.ips)
    )
    assert lab.pe2.tx_rate() == pytest.approx(lab.offered * len(shown) / lab.hosts)


@HEALTHY_OR_DEFECTIVE
def test_resync_installs_swapped_macs(lab_v4: Lab, defective: bool) -> None:
    lab = configured_lab(lab_v4, Defect.RESYNC_INSTALLS_SWAPPED_MACS, defective)
    initial = {row.ip: row for row in host_rows(lab.pe1)}
    lab.pe1.shut(lab.pe1.members())
    lab.clock.advance(5)
    truth = {row.ip: row.mac for row in host_rows(lab.pe2)}
    lab.pe1.shut(lab.pe1.members(), down=False)
    lab.clock.advance(2)
    rows = {row.ip: row for row in host_rows(lab.pe1)}
    assert rows.keys() == initial.keys() == truth.keys()
    swapped = {ip for ip, row in rows.items() if row.mac != truth[ip]}
    local = {ip for ip, row in rows.items() if row.kind.startswith("D-")}
    if defective:
        assert swapped and swapped <= local
        ip = sorted(swapped)[0]
        assert rows[ip].mac == "-".join(g[2:] + g[:2] for g in truth[ip].split("-"))
    else:
        assert not swapped
