"""The clean-lab gate: damage an earlier run left is refused, or repaired, before any change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from nornir.core import Nornir
from nornir.core.task import Result, Task

from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.device.session import with_connection
from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.provision import open_lab
from nornir_arpha.suite import PeProbe
from nornir_arpha.suite.gate import LabGate, LabNotClean, find_damage
from nornir_arpha.tasks import ToggleReport, set_link_state, set_rbs_state
from nornir_arpha.tasks.pair import configure_pair, verify_pair
from nornir_arpha.tasks.polling import Deadline
from nornir_arpha.tasks.results import run_on
from nornir_arpha.tasks.toggle import commit_shutdown

pytestmark = pytest.mark.timeout(120)
MEMBER = "GigabitEthernet0/1/1"


@pytest.fixture
def pair() -> Iterator[tuple[Lab, Nornir]]:
    with open_lab(load_lab(SHIPPED_LABS / "sim")) as lab:
        nr = open_nornir(lab)
        try:
            yield lab, nr
        finally:
            nr.close_connections(on_good=True, on_failed=True)


def _shut(lab: Lab, nr: Nornir, pe: str, task: object = set_link_state, **target: str) -> None:
    deadline = Deadline.from_lab(lab, lab.settings.budgets.convergence_s * 3)
    report = run_on(nr, pe, task, ToggleReport, up=False, deadline=deadline, **target)
    assert report.confirmed, report.message


def _damage(lab: Lab, nr: Nornir, configured: bool = False) -> list[str]:
    return [str(d) for d in find_damage(lab, lambda pe: PeProbe(nr, pe), configured=configured)]


def test_a_clean_pair_passes_without_a_change(pair: tuple[Lab, Nornir]) -> None:
    lab, nr = pair
    gate = LabGate(nr, lab, repair=False)
    gate.check(configured=False)
    assert gate.repairs == []


def test_the_inter_pe_path_is_read_from_the_topology(lab_v4: Lab) -> None:
    assert lab_v4.inter_pe_ports("PE1") == ["GigabitEthernet0/2/0"]
    assert lab_v4.inter_pe_ports("PE2") == ["GigabitEthernet0/2/0"]


def test_a_shut_member_is_refused_naming_pe_port_and_display(pair: tuple[Lab, Nornir]) -> None:
    lab, nr = pair
    _shut(lab, nr, "PE1", target=MEMBER)
    with pytest.raises(LabNotClean) as refused:
        LabGate(nr, lab, repair=False).check(configured=False)
    message = str(refused.value)
    assert f"PE1: {MEMBER} is Administratively DOWN ('display interface {MEMBER}')" in message
    assert "arpha restore --lab" in message and "--repair" in message
    assert _damage(lab, nr)  # refused means untouched


def test_a_shut_member_is_repaired_and_reported(pair: tuple[Lab, Nornir]) -> None:
    lab, nr = pair
    _shut(lab, nr, "PE2", target=MEMBER)
    gate = LabGate(nr, lab, repair=True)
    gate.check(configured=False)
    assert _damage(lab, nr) == []
    assert gate.repairs == [
        f"repaired PE2: {MEMBER} is Administratively DOWN ('display interface {MEMBER}') "
        "(undo shutdown, confirmed)"
    ]


def test_a_shut_rbs_counts_once_the_hot_backup_is_configured(pair: tuple[Lab, Nornir]) -> None:
    lab, nr = pair
    assert configure_pair(nr, lab).ok
    assert verify_pair(nr, lab, Deadline.from_lab(lab, lab.settings.budgets.arp_sync_s)).ok
    _shut(lab, nr, "PE1", set_rbs_state)
    assert _damage(lab, nr, configured=False) == []
    assert any("PE1: remote-backup-service rbs1 is TCP-State" in d for d in _damage(lab, nr, True))
    LabGate(nr, lab, repair=True).check(configured=True)
    assert _damage(lab, nr, configured=True) == []


def test_the_inter_pe_path_is_reported_but_never_touched(pair: tuple[Lab, Nornir]) -> None:
    lab, nr = pair
    port = lab.inter_pe_ports("PE2")[0]

    def shut_path(task: Task) -> Result:
        view = f"interface {port}"
        with_connection(task, lambda conn: commit_shutdown(conn, task.host.name, view, False))
        return Result(host=task.host)

    assert not nr.filter(name="PE2").run(task=shut_path).failed
    with pytest.raises(LabNotClean, match=rf"PE2: {port} \(inter-PE path\) is Administratively"):
        LabGate(nr, lab, repair=True).check(configured=False)


def test_nested_faults_are_checked_once_before_the_first(pair: tuple[Lab, Nornir]) -> None:
    lab, nr = pair
    assert configure_pair(nr, lab).ok
    assert verify_pair(nr, lab, Deadline.from_lab(lab, lab.settings.budgets.arp_sync_s)).ok
    gate = LabGate(nr, lab, repair=False)
    with gate.before_fault():
        _shut(lab, nr, "PE1", target=MEMBER)  # the fault's own shutdown
        with gate.before_fault():  # a second shutdown of the same fault: no check
            pass
    _shut(lab, nr, "PE1", target="GigabitEthernet0/1/0")
    with pytest.raises(LabNotClean), gate.before_fault():
        pass
