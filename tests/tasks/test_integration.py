"""The client half against the simulated lab, over SSH like a real PE pair.

Each test gets a fresh simulator (labs/sim, and labs/sim-ipv6 where the address family
matters). Running configs are compared with nornir-scrapli's own `send_command`, not with
the code under test.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from nornir.core import Nornir
from nornir_scrapli.tasks import send_command
from scrapli.exceptions import ScrapliConnectionNotOpened

from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.device.vrp import RUNNING_COMMAND, ConfigSession, config_lines
from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.provision import open_lab
from nornir_arpha.tasks import (
    ChangeReport,
    ToggleReport,
    VerifyReport,
    collect_state,
    configure_hot_backup,
    set_link_state,
)
from nornir_arpha.tasks.pair import configure_pair, teardown_pair, verify_pair
from nornir_arpha.tasks.polling import Deadline

TOO_LONG = "x" * 40  # RBS names are 1-32 characters, RBP names 1-128


@pytest.fixture(params=["sim", "sim-ipv6"])
def any_lab(request: pytest.FixtureRequest) -> Iterator[Lab]:
    with open_lab(load_lab(SHIPPED_LABS / request.param)) as live:
        yield live


@pytest.fixture
def lab() -> Iterator[Lab]:
    with open_lab(load_lab(SHIPPED_LABS / "sim")) as live:
        yield live


def connect(lab: Lab, transcripts: Path | None = None) -> Iterator[Nornir]:
    nr = open_nornir(lab, transcripts=transcripts)
    try:
        yield nr
    finally:
        nr.close_connections(on_good=True, on_failed=True)


@pytest.fixture
def nr(lab: Lab) -> Iterator[Nornir]:
    yield from connect(lab)


@pytest.fixture
def any_nr(any_lab: Lab) -> Iterator[Nornir]:
    yield from connect(any_lab)


def running(nr: Nornir) -> dict[str, tuple[str, ...]]:
    """Each PE's `display current-configuration`, read independently of our tasks.

    `on_failed=True`: Nornir would otherwise skip a host that failed an earlier run.
    """
    results = nr.run(task=send_command, command=RUNNING_COMMAND, on_failed=True)
    assert not results.failed, results
    return {host: config_lines(multi[0].result) for host, multi in results.items()}


def break_intent(nr: Nornir, host: str, **names: str) -> None:
    """Give `host` an intent the device refuses, bypassing lab validation."""
    inventory_host = nr.inventory.hosts[host]
    intent = inventory_host.data["intent"]
    updates = {
        field: getattr(intent, field).model_copy(update={"name": name})
        for field, name in names.items()
    }
    inventory_host.data["intent"] = intent.model_copy(update=updates)


def test_configure_verify_and_a_rerun_changes_nothing(any_lab: Lab, any_nr: Nornir) -> None:
    first = configure_pair(any_nr, any_lab)
    assert first.ok, first
    assert [h.status for h in first.hosts] == ["changed", "changed"]

    verified = verify_pair(
        any_nr, any_lab, Deadline.from_lab(any_lab, any_lab.settings.budgets.arp_sync_s)
    )
    reports = [host.report for host in verified.hosts]
    assert all(isinstance(report, VerifyReport) for report in reports)
    checks = [
        check for report in reports if isinstance(report, VerifyReport) for check in report.checks
    ]
    assert verified.ok, "\n".join(check.report() for check in checks if not check.passed)
    assert len(checks) == 8  # four per PE
    for report in reports:  # verify runs only the displays its checks read
        assert isinstance(report, VerifyReport)
        assert set(report.state.displays) == {"rbs", "e_trunk", "rbp", "arp"}
        assert report.state.interfaces == () and report.state.eth_trunk is None

    before = running(any_nr)
    again = configure_pair(any_nr, any_lab)
    assert again.ok
    for host in again.hosts:
        assert host.status == "unchanged"
        assert isinstance(host.report, ChangeReport)
        assert not host.report.committed and host.report.commands == []
    assert running(any_nr) == before


def test_dry_run_shows_commands_and_candidate_and_changes_nothing(lab: Lab, nr: Nornir) -> None:
    before = running(nr)
    outcome = configure_pair(nr, lab, dry_run=True)
    assert outcome.ok
    for host in outcome.hosts:
        assert host.status == "dry run"
        assert isinstance(host.report, ChangeReport)
        assert host.report.commands[0] == "remote-backup-service rbs1"
        assert "remote-backup-service rbs1" in host.report.candidate
        assert "service-type arp" in host.report.candidate
        assert not host.report.committed
    assert running(nr) == before


@pytest.mark.parametrize(
    ("broken", "command"),
    [
        ({"rbs": TOO_LONG}, f"remote-backup-service {TOO_LONG}"),
        # three steps are pending in the candidate when the RBP is refused
        ({"rbp": "r" * 130}, f"remote-backup-profile {'r' * 130}"),
    ],
    ids=["first-command", "mid-procedure"],
)
def test_device_error_leaves_the_running_config_identical(
    nr: Nornir, broken: dict[str, str], command: str
) -> None:
    before = running(nr)
    break_intent(nr, "PE1", **broken)
    result = nr.filter(name="PE1").run(task=configure_hot_backup)["PE1"][0]
    assert result.failed
    report = result.result
    assert isinstance(report, ChangeReport) and report.error is not None
    assert report.error.startswith(f"PE1: the device refused '{command}': Error: ")
    assert report.error.endswith("running config is unchanged (verified)")
    assert not report.committed
    assert running(nr) == before


def test_a_session_that_breaks_mid_push_is_closed_not_waited_on(
    nr: Nornir, caplog: pytest.LogCaptureFixture
) -> None:
    before = running(nr)
    conn = nr.inventory.hosts["PE1"].get_connection("scrapli", nr.config)
    with (
        caplog.at_level(logging.WARNING, logger="nornir_arpha.device.vrp"),
        pytest.raises(ScrapliConnectionNotOpened),
        ConfigSession(conn, "PE1") as session,
    ):
        session.send(["remote-backup-service rbs1", "peer 2.2.2.2 source 1.1.1.1 port 2046"])
        conn.transport.close()  # the SSH session breaks with the candidate pending
        session.send(["quit"])
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == [
        "PE1: closing the session to drop its candidate"
    ]
    nr.inventory.hosts["PE1"].connections.pop("scrapli")
    assert running(nr) == before


def test_pair_safety_rolls_back_the_pe_that_committed(lab: Lab, nr: Nornir) -> None:
    baseline = running(nr)
    break_intent(nr, "PE2", rbp="r" * 130)
    outcome = configure_pair(nr, lab)
    assert not outcome.ok
    pe1, pe2 = outcome.hosts
    assert pe2.status == "failed" and "remote-backup-profile rrr" in pe2.message
    assert pe1.status == "rolled back"
    assert pe1.message == "5 step(s) committed, undone because PE2 failed"
    assert "rolled back: running config restored exactly (verified)" in pe1.notes
    assert any(note.startswith("holds: RBS rbs1") and note.endswith("absent") for note in pe1.notes)
    assert running(nr) == baseline


def test_teardown_returns_both_pes_to_their_baseline(any_lab: Lab, any_nr: Nornir) -> None:
    baseline = running(any_nr)
    assert configure_pair(any_nr, any_lab).ok
    assert running(any_nr) != baseline
    removed = teardown_pair(any_nr, any_lab)
    assert removed.ok
    assert [h.status for h in removed.hosts] == ["changed", "changed"]
    assert running(any_nr) == baseline
    assert [h.status for h in teardown_pair(any_nr, any_lab).hosts] == ["unchanged", "unchanged"]


def test_set_link_state_shuts_and_restores_a_member(lab: Lab, nr: Nornir) -> None:
    member = lab.intent("PE1").eth_trunk.members[0]
    deadline = Deadline.from_lab(lab, lab.settings.budgets.convergence_s)
    pe1 = nr.filter(name="PE1")

    down = pe1.run(task=set_link_state, target=member, up=False, deadline=deadline)["PE1"][0]
    assert not down.failed, down.result
    assert isinstance(down.result, ToggleReport)
    assert down.result.changed and down.result.confirmed
    assert down.result.state == "Administratively DOWN"
    assert down.result.elapsed_s < deadline.timeout_s

    up = pe1.run(task=set_link_state, target=member, up=True, deadline=deadline)["PE1"][0]
    assert not up.failed and up.result.changed and up.result.state == "UP"
    again = pe1.run(task=set_link_state, target=member, up=True, deadline=deadline)["PE1"][0]
    assert not again.failed and not again.result.changed


def test_set_link_state_refuses_other_interfaces(lab: Lab, nr: Nornir) -> None:
    deadline = Deadline(1.0, 0.1)
    result = nr.filter(name="PE1").run(
        task=set_link_state, target="GigabitEthernet0/2/0", up=False, deadline=deadline
    )["PE1"][0]
    assert result.failed
    assert "GigabitEthernet0/2/0 is not Eth-Trunk10 or one of its members" in str(result.exception)


def test_transcripts_hold_the_session_but_never_the_password(lab: Lab, tmp_path: Path) -> None:
    folder = tmp_path / "transcripts"
    for nornir in connect(lab, transcripts=folder):
        assert configure_pair(nornir, lab).ok
    for name in lab.pair:
        text = (folder / f"{name}.log").read_text()
        assert "remote-backup-service rbs1" in text
        assert "commit" in text
        assert lab.pe(name).password.get_secret_value() not in text


def test_a_dropped_session_reconnects_once(
    lab: Lab, nr: Nornir, caplog: pytest.LogCaptureFixture
) -> None:
    collected = nr.run(task=collect_state)
    assert not collected.failed
    state = collected["PE1"][0].result  # every display of the scenario
    assert set(state.displays) == {
        "rbs",
        "rbp",
        "e_trunk",
        "eth_trunk",
        "arp",
        "interface Eth-Trunk10",
        "interface GigabitEthernet0/1/0",
        "interface GigabitEthernet0/1/1",
    }
    assert len(state.interfaces) == 3
    nr.inventory.hosts["PE1"].connections["scrapli"].connection.transport.close()
    with caplog.at_level(logging.WARNING, logger="nornir_arpha.device.session"):
        outcome = configure_pair(nr, lab)
    assert outcome.ok, outcome
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == ["PE1: session failed"]


def test_an_unreachable_pe_fails_clearly_and_the_other_is_still_checked(lab: Lab) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    broken = lab.with_endpoints({"PE2": ("127.0.0.1", dead_port)})
    for nornir in connect(broken):
        outcome = verify_pair(nornir, broken)
    pe1, pe2 = outcome.hosts
    assert isinstance(pe1.report, VerifyReport)  # PE1 was checked despite PE2's failure
    assert pe2.status == "failed"
    assert pe2.message.startswith(f"PE2 (127.0.0.1:{dead_port}): connection refused — ")
    assert outcome.unreachable == (pe2.unreachable,)


def test_leaving_with_n_to_the_exit_question_drops_the_candidate(nr: Nornir) -> None:
    before = running(nr)
    conn = nr.inventory.hosts["PE1"].get_connection("scrapli", nr.config)
    with ConfigSession(conn, "PE1") as session:
        session.send(["remote-backup-service rbs1", "peer 2.2.2.2 source 1.1.1.1 port 2046"])
        assert conn.get_prompt() == "[*PE1-rm-backup-srv-rbs1]"
        session.leave_discarding()
        assert conn.get_prompt() == "<PE1>"
    conn.send_command("system-view")
    assert conn.get_prompt() == "[~PE1]"  # nothing pending any more
    conn.acquire_priv("privilege_exec")
    assert running(nr) == before
