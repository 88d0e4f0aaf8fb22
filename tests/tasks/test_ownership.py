"""configure never takes over what is not the lab's, teardown never removes it: against the
simulated lab, with another user's configuration committed on PE1 beforehand.

Running configs are compared as the raw `display current-configuration` text, read with
nornir-scrapli's own `send_command`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from nornir.core import Nornir
from nornir_scrapli.tasks import send_command

from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.device.vrp import RUNNING_COMMAND, ConfigSession
from nornir_arpha.lab import Lab
from nornir_arpha.parsers import parse_config
from nornir_arpha.plan import plan_configure
from nornir_arpha.provision import open_lab
from nornir_arpha.tasks.pair import configure_pair, teardown_pair

# PE1's own settings in labs/sim, for configuration that shares the lab's objects
LAB_RBS = ["remote-backup-service rbs1", "peer 2.2.2.2 source 1.1.1.1 port 2046", "quit"]
LAB_ETRUNK = ["e-trunk 1", "peer-address 2.2.2.2 source-address 1.1.1.1", "priority 10", "quit"]
LAB_MEMBER = ["interface eth-trunk 10", "e-trunk 1", "e-trunk mode force-master", "quit"]

# another user's configuration on PE1, and the lines the refusal must name
FOREIGN = {
    "e-trunk-settings": (
        ["e-trunk 1", "peer-address 9.9.9.9 source-address 1.1.1.1", "priority 50", "quit"],
        [
            "E-Trunk 1: 'peer-address 9.9.9.9 source-address 1.1.1.1' on the device, "
            "'peer-address 2.2.2.2 source-address 1.1.1.1' in the lab",
            "E-Trunk 1: 'priority 50' on the device, 'priority 10' in the lab",
        ],
    ),
    "another-eth-trunk-in-the-e-trunk": (
        [*LAB_ETRUNK, "interface eth-trunk 20", "e-trunk 1", "quit"],
        ["E-Trunk 1: used by 'e-trunk 1' in interface Eth-Trunk20"],
    ),
    "another-rbp-bound-to-the-eth-trunk": (
        [
            *LAB_RBS,
            *LAB_ETRUNK,
            *LAB_MEMBER,
            "remote-backup-profile old",
            "backup-id 20 remote-backup-service rbs1",
            "service-type arp",
            "e-trunk 1 eth-trunk 10",
            "quit",
            "interface eth-trunk 10",
            "remote-backup-profile old",
            "quit",
        ],
        [
            "Eth-Trunk10: 'remote-backup-profile old' on the device, "
            "'remote-backup-profile rbp1' in the lab",
            "RBS rbs1: used by 'backup-id 20 remote-backup-service rbs1' in "
            "remote-backup-profile old",
        ],
    ),
    "the-labs-rbp-bound-elsewhere": (
        [
            *LAB_RBS,
            *LAB_ETRUNK,
            *LAB_MEMBER,
            "remote-backup-profile rbp1",
            "backup-id 10 remote-backup-service rbs1",
            "service-type arp",
            "e-trunk 1 eth-trunk 10",
            "quit",
            "interface eth-trunk 20",
            "remote-backup-profile rbp1",
            "quit",
        ],
        ["RBP rbp1: used by 'remote-backup-profile rbp1' in interface Eth-Trunk20"],
    ),
    "the-eth-trunk-in-another-e-trunk": (
        [
            "e-trunk 2",
            "peer-address 2.2.2.2 source-address 1.1.1.1",
            "quit",
            "interface eth-trunk 10",
            "e-trunk 2",
            "e-trunk mode force-master",
            "quit",
        ],
        ["Eth-Trunk10: 'e-trunk 2' on the device, 'e-trunk 1' in the lab"],
    ),
    "rbs-settings": (
        ["remote-backup-service rbs1", "peer 9.9.9.9 source 1.1.1.1 port 3000", "quit"],
        [
            "RBS rbs1: 'peer 9.9.9.9 source 1.1.1.1 port 3000' on the device, "
            "'peer 2.2.2.2 source 1.1.1.1 port 2046' in the lab"
        ],
    ),
}


@pytest.fixture
def sim(lab_v4: Lab) -> Iterator[tuple[Lab, Nornir]]:
    """A fresh simulated lab (labs/sim) and Nornir over its pair."""
    with open_lab(lab_v4) as live:
        nr = open_nornir(live)
        try:
            yield live, nr
        finally:
            nr.close_connections(on_good=True, on_failed=True)


def displays(nr: Nornir) -> dict[str, str]:
    """Each PE's raw `display current-configuration`."""
    results = nr.run(task=send_command, command=RUNNING_COMMAND, on_failed=True)
    assert not results.failed, results
    return {host: multi[0].result for host, multi in results.items()}


def commit_on_pe1(nr: Nornir, commands: list[str]) -> None:
    conn = nr.inventory.hosts["PE1"].get_connection("scrapli", nr.config)
    with ConfigSession(conn, "PE1") as session:
        session.send(commands)
        session.commit()


@pytest.mark.parametrize(("foreign", "named"), FOREIGN.values(), ids=FOREIGN.keys())
def test_what_is_not_the_labs_is_refused_and_survives_teardown(
    sim: tuple[Lab, Nornir], foreign: list[str], named: list[str]
) -> None:
    lab, nr = sim
    commit_on_pe1(nr, foreign)
    before = displays(nr)

    refused = configure_pair(nr, lab)
    assert not refused.ok
    pe1, pe2 = refused.hosts
    assert pe1.status == "refused"
    assert pe1.message.startswith("PE1: configure refused: not the lab's: ")
    for line in named:
        assert f"  {line}" in pe1.notes
    assert pe1.notes[-1].endswith("or rerun with --take-over to change them")
    assert (pe2.status, pe2.message) == ("not sent", "nothing sent: PE1 refused")
    assert displays(nr) == before  # neither PE was sent anything

    torn = teardown_pair(nr, lab)
    assert torn.ok, torn
    assert [host.status for host in torn.hosts] == ["unchanged", "unchanged"]
    for line in named:
        assert f"left, not the lab's: {line}" in torn.hosts[0].notes
    assert displays(nr) == before

    taken = configure_pair(nr, lab, take_over=True)
    assert taken.ok, taken
    # Taken over whole: nothing of the lab's is missing (the work mode that leaves with a
    # replaced E-Trunk membership included).
    running = parse_config(displays(nr)["PE1"])
    assert plan_configure(lab.intent("PE1"), running, take_over=True).steps == ()
    assert teardown_pair(nr, lab).ok


def test_a_clean_lab_is_byte_identical_after_configure_and_teardown(
    sim: tuple[Lab, Nornir],
) -> None:
    lab, nr = sim
    before = displays(nr)
    assert configure_pair(nr, lab).ok
    torn = teardown_pair(nr, lab)
    assert torn.ok
    assert all(host.notes == () for host in torn.hosts)  # nothing left behind
    assert displays(nr) == before
