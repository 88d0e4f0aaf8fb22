"""Random fault sequences: the incremental traffic bookkeeping always equals a full recompute."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nornir_arpha.lab import Lab
from tests.fabric.conftest import ManualLab

PORTS = ["GigabitEthernet0/1/0", "GigabitEthernet0/1/1", "GigabitEthernet0/2/0"]
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("shut"), st.sampled_from([0, 1]), st.sampled_from(PORTS), st.booleans()),
        st.tuples(st.just("trunk"), st.sampled_from([0, 1]), st.just(""), st.booleans()),
        st.tuples(st.just("bind"), st.sampled_from([0, 1]), st.just(""), st.booleans()),
        st.tuples(st.just("wait"), st.just(0), st.just(""), st.floats(0.1, 400.0)),
    ),
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_bookkeeping_matches_a_full_recompute(
    lab_v4: Lab, actions: list[tuple[str, int, str, object]]
) -> None:
    lab = ManualLab(lab_v4)
    lab.configure()
    bound = [True, True]
    for kind, index, port, value in actions:
        pe = lab.pes[index]
        if kind == "shut":
            pe.shut([port], down=bool(value))
        elif kind == "trunk":
            pe.cli("interface eth-trunk 10", "shutdown" if value else "undo shutdown", "commit")
        elif kind == "bind" and bound[index] != value:
            bound[index] = bool(value)
            command = "remote-backup-profile rbp1" if value else "undo remote-backup-profile rbp1"
            pe.cli("interface eth-trunk 10", command, "commit")
        elif kind == "wait":
            assert isinstance(value, float)
            lab.clock.advance(value)
        traffic = lab.fabric.forwarding.traffic
        assert traffic is not None
        incremental = (list(traffic.delivered), list(traffic.misses))
        rates = [port.tx.rate for p in lab.pes for port in p.node.ports.values()]
        traffic.recompute(lab.clock.now)
        assert (traffic.delivered, traffic.misses) == incremental
        assert rates == [port.tx.rate for p in lab.pes for port in p.node.ports.values()]
        assert sum(rates) <= lab.offered * (1 + 1e-9)
        assert all(count >= 0 for count in traffic.misses)
