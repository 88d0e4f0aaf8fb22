"""The simulated lab's OTG endpoint, driven through snappi unchanged.

Each test starts labs/sim with a fast lab clock, configures the tester with one device per
CE host and a core device (two flows per host) and reads the flows' metrics. Lab times are
read from the fabric's clock on the lab's loop, so the expected counts are exact.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import requests
import snappi

from nornir_arpha.lab import Lab, PlatformProfile
from nornir_arpha.parsers import parse_arp_table
from nornir_arpha.sim import SimLabThread
from nornir_arpha.sim.cli.cli_session import CliSession
from nornir_arpha.sim.device_runtime import ShowArp
from nornir_arpha.sim.fabric import LabFabric, PeRuntime
from nornir_arpha.tasks.polling import Deadline, poll
from tests.sim.conftest import procedure

pytestmark = pytest.mark.timeout(60)
logging.getLogger("snappi").setLevel(logging.ERROR)

TIME_SCALE = 50.0  # lab seconds per wall second: the tests' lab-time waits stay short
PPS = 100  # frames per lab second of every flow
FRAME_BYTES = 128
CORE_IP = "10.0.0.2"


@dataclasses.dataclass
class Running:
    """A started lab, its fabric and a snappi client of its OTG endpoint."""

    sim: SimLabThread
    fabric: LabFabric
    api: Any

    def now(self) -> float:
        return self.sim.call(lambda: self.fabric.clock.now)

    def wait_until(self, lab_time: float) -> None:
        """Bounded poll until the lab clock has passed `lab_time`."""
        reached = poll(self.now, lambda now: now > lab_time, Deadline(10.0, 0.01))
        assert reached.met, f"lab time {lab_time} not reached"

    def cli(self, pe: str, lines: list[str]) -> float:
        """Type `lines` on `pe` (system view) on the lab's loop; the lab time of the last."""

        def run() -> float:
            session = CliSession(self.sim.devices[pe])
            for line in ("system-view", *lines):
                reply = session.execute(line)
                assert not any(text.startswith("Error") for text in reply.lines), (line, reply)
            return self.fabric.clock.now

        return self.sim.call(run)

    def arp(self, pe: str) -> dict[str, tuple[str, bool]]:
        """`display arp all` of `pe`, parsed: CE host IP → (MAC, backed up from the peer)."""
        runtime = self.sim.devices[pe].runtime
        assert isinstance(runtime, PeRuntime)
        text = "\n".join(self.sim.call(lambda: list(runtime.show(ShowArp(None)))))
        table = parse_arp_table(text)
        backed_up = PlatformProfile().backed_up
        return {
            e.ip: (e.mac, backed_up(e.type))
            for e in table.entries
            if e.is_dynamic or backed_up(e.type)
        }

    def hot_backup(self) -> None:
        """PROCEDURE.md on both PEs; wait until entries are backed up."""
        for pe in self.sim.lab.pair:
            self.cli(pe, procedure(self.sim.lab.intent(pe)))
        active = poll(
            lambda: self.sim.call(lambda: self.fabric.hot_backup.active),
            bool,
            Deadline(10.0, 0.01),
        )
        assert active.met


def fast_lab(lab: Lab, defects: list[str]) -> Lab:
    simulation = lab.settings.simulation.model_copy(
        update={"time_scale": TIME_SCALE, "defects": defects}
    )
    return dataclasses.replace(
        lab, settings=lab.settings.model_copy(update={"simulation": simulation})
    )


@contextmanager
def start(lab: Lab, defects: list[str]) -> Iterator[Running]:
    with SimLabThread(fast_lab(lab, defects)) as sim:
        runtime = sim.devices[lab.pair[0]].runtime
        assert isinstance(runtime, PeRuntime) and sim.otg_location is not None
        api = snappi.api(location=sim.otg_location, verify=False, version_check=True)
        yield Running(sim, runtime.fabric, api)


@pytest.fixture
def running(lab_v4: Lab) -> Iterator[Running]:
    with start(lab_v4, []) as started:
        yield started


def mac_of(index: int) -> str:
    return f"02:00:00:00:{index // 256:02x}:{index % 256:02x}"


def host_config(api: Any, hosts: dict[str, tuple[str, str]], loss_duration: bool = True) -> Any:
    """Ports `ce` and `core`, a core device and one device per host (name → (ip, mac)), each
    with an upstream (`up-NAME`) and a downstream (`dn-NAME`) flow."""
    config = api.config()
    config.ports.port(name="ce", location="sim:ce").port(name="core", location="sim:core")
    config.options.flow_options.packet_loss_duration = loss_duration
    devices = [("core", CORE_IP, "10.0.0.1", 24, "02:00:00:00:ff:01", "core")]
    devices += [(name, ip, "192.168.10.1", 24, mac, "ce") for name, (ip, mac) in hosts.items()]
    for name, ip, gateway, prefix, mac, port in devices:
        ethernet = config.devices.add(name=name).ethernets.add(name=f"{name}.eth", mac=mac)
        ethernet.connection.port_name = port
        ethernet.ipv4_addresses.add(name=f"{name}.ip", address=ip, gateway=gateway, prefix=prefix)
    for name in hosts:
        for flow_name, tx, rx in ((f"up-{name}", name, "core"), (f"dn-{name}", "core", name)):
            flow = config.flows.add(name=flow_name)
            flow.tx_rx.device.tx_names = [f"{tx}.ip"]
            flow.tx_rx.device.rx_names = [f"{rx}.ip"]
            flow.rate.pps = PPS
            flow.size.fixed = FRAME_BYTES
            flow.metrics.enable = True
            flow.metrics.loss = True
    return config


def lab_hosts(lab: Lab) -> dict[str, tuple[str, str]]:
    return {f"h{i}": (str(ip), mac_of(i)) for i, ip in enumerate(lab.settings.ce.host_ips())}


def transmit(api: Any, state: str, names: list[str] | None = None) -> None:
    control = api.control_state()
    control.traffic.flow_transmit.state = state
    if names:
        control.traffic.flow_transmit.flow_names = names
    api.set_control_state(control)


def flow_metrics(api: Any) -> dict[str, Any]:
    request = api.metrics_request()
    request.flow.flow_names = []
    return {m.name: m for m in api.get_metrics(request).flow_metrics}


def test_steady_state_counts_every_frame(running: Running) -> None:
    hosts = lab_hosts(running.sim.lab)
    running.api.set_config(host_config(running.api, hosts))
    before = running.now()
    transmit(running.api, "start")
    after = running.now()
    running.wait_until(after + 2.0)
    first = running.now()
    transmit(running.api, "stop")
    last = running.now()
    metrics = flow_metrics(running.api)
    assert len(metrics) == 2 * len(hosts)
    for name, metric in metrics.items():
        assert metric.transmit == "stopped", name
        assert PPS * (first - after) - 1 <= metric.frames_tx <= PPS * (last - before) + 1, name
        assert metric.frames_rx == metric.frames_tx, name
        assert metric.bytes_rx == metric.frames_rx * FRAME_BYTES, name
        assert metric.loss == 0.0 and metric.packet_loss_duration.value == 0.0, name
    assert flow_metrics(running.api)["up-h0"].frames_tx == metrics["up-h0"].frames_tx


def test_pause_resume_and_restart(running: Running) -> None:
    running.api.set_config(host_config(running.api, {"h0": ("192.168.10.2", mac_of(0))}))
    transmit(running.api, "start")
    running.wait_until(running.now() + 1.0)
    transmit(running.api, "pause", ["dn-h0"])
    paused = flow_metrics(running.api)
    running.wait_until(running.now() + 1.0)
    again = flow_metrics(running.api)
    assert again["dn-h0"].transmit == "paused" and again["dn-h0"].frames_tx_rate == 0.0
    assert again["dn-h0"].frames_tx == paused["dn-h0"].frames_tx
    assert again["up-h0"].frames_tx > paused["up-h0"].frames_tx
    transmit(running.api, "resume", ["dn-h0"])
    running.wait_until(running.now() + 0.5)
    assert flow_metrics(running.api)["dn-h0"].frames_tx > paused["dn-h0"].frames_tx
    transmit(running.api, "stop")
    stopped = flow_metrics(running.api)["up-h0"].frames_tx
    transmit(running.api, "start")
    assert flow_metrics(running.api)["up-h0"].frames_tx < stopped  # counts from zero


@pytest.mark.parametrize(
    "defects, host_count",
    [([], 100), (["counters-frozen"], 20)],
    ids=["healthy", "counters-frozen"],
)
def test_a_failed_pe_loses_exactly_the_moved_hosts_frames(
    lab_v4: Lab, defects: list[str], host_count: int
) -> None:
    with start(lab_v4, defects) as running:
        check_failover(running, host_count, counters_frozen=bool(defects))


def check_failover(running: Running, host_count: int, *, counters_frozen: bool) -> None:
    running.hot_backup()
    hosts = dict(list(lab_hosts(running.sim.lab).items())[:host_count])
    running.api.set_config(host_config(running.api, hosts))
    transmit(running.api, "start")
    traffic = running.fabric.forwarding.traffic
    assert traffic is not None
    index = running.fabric.hosts.index
    on_pe1 = running.sim.call(
        lambda: {h for h, (ip, _) in hosts.items() if traffic.dn_pe[index[ip]] == 0}
    )
    assert 0 < len(on_pe1) < len(hosts)
    running.wait_until(running.now() + 1.0)
    members = running.sim.lab.intent("PE1").eth_trunk.members  # PE1's Eth-Trunk goes down
    shut = [line for port in members for line in (f"interface {port}", "shutdown")]
    shut_at = running.cli("PE1", [*shut, "commit"])
    running.wait_until(shut_at + 3.0)
    transmit(running.api, "stop")
    metrics = flow_metrics(running.api)
    simulation = running.sim.lab.settings.simulation
    expected_ms = {
        "up": simulation.link_detection_s * 1000,
        "dn": simulation.route_convergence_s * 1000,
    }
    for name in hosts:
        for direction in ("up", "dn"):
            metric = metrics[f"{direction}-{name}"]
            lost_ms = expected_ms[direction] if name in on_pe1 else 0.0
            assert metric.packet_loss_duration.value == pytest.approx(lost_ms, abs=1e-6), name
            lost = metric.frames_tx - metric.frames_rx
            assert abs(lost - PPS * lost_ms / 1000) <= 1, (name, direction, lost)
    if counters_frozen:
        # The PEs' port counters froze at the failure; the tester's counts did not.
        pe2 = running.fabric.node("PE2")
        assert running.sim.call(lambda: sum(port.tx.rate for port in pe2.ports.values())) == 0


def test_hosts_join_leave_and_change_mac(running: Running) -> None:
    running.hot_backup()
    hosts = dict(list(lab_hosts(running.sim.lab).items())[:10])  # h10 to h99 leave
    hosts["new"] = ("192.168.10.200", "02:00:00:00:aa:01")  # joins
    hosts["h0"] = (hosts["h0"][0], "02:00:00:00:bb:01")  # new NIC
    running.api.set_config(host_config(running.api, hosts))  # protocols start: ARPs sent
    fabric = running.fabric
    h0, gone = fabric.hosts.index["192.168.10.2"], fabric.hosts.index["192.168.10.101"]
    traffic = fabric.forwarding.traffic
    assert traffic is not None
    link = running.sim.call(lambda: traffic.upstream_link(h0))
    assert link is not None
    learner = running.sim.lab.pair[fabric.links.ce_links[link].pe]
    peer = next(pe for pe in running.sim.lab.pair if pe != learner)
    assert running.arp(learner)["192.168.10.2"] == (
        "00-00-bb-01".replace("-", "") and "0200-0000-bb01",
        False,
    )
    assert running.arp(peer)["192.168.10.2"] == ("0200-0000-bb01", True)
    assert running.sim.call(lambda: traffic.upstream_link(gone)) is None
    transmit(running.api, "start")
    running.wait_until(running.now() + 1.0)
    transmit(running.api, "stop")
    metrics = flow_metrics(running.api)
    assert "up-h10" not in metrics
    for direction in ("up", "dn"):
        metric = metrics[f"{direction}-new"]
        assert metric.frames_tx > 0 and metric.frames_rx == metric.frames_tx
    neighbors = running.api.states_request()
    neighbors.ipv4_neighbors.ethernet_names = ["new.eth"]
    (state,) = running.api.get_states(neighbors).ipv4_neighbors
    new_link = running.sim.call(lambda: traffic.upstream_link(fabric.hosts.index["192.168.10.200"]))
    assert new_link is not None
    pe_mac = fabric.nodes[fabric.links.ce_links[new_link].pe].mac
    assert state.link_layer_address == ":".join(f"{b:02x}" for b in pe_mac)


def test_a_ping_announces_a_moved_mac(running: Running) -> None:
    hosts = {"h0": ("192.168.10.2", mac_of(0))}
    config = host_config(running.api, hosts)
    config.options.protocol_options.auto_start_all = False
    config.devices[1].ethernets[0].mac = "02:00:00:00:cc:01"
    running.api.set_config(config)
    assert all(
        mac != "0200-0000-cc01"
        for pe in running.sim.lab.pair
        for mac, _ in [running.arp(pe).get("192.168.10.2", ("", False))]
    )
    action = running.api.control_action()
    action.protocol.ipv4.ping.requests.add(src_name="h0.ip", dst_ip="192.168.10.1")
    (response,) = running.api.set_control_action(action).response.protocol.ipv4.ping.responses
    assert response.result == "succeeded"
    assert any(
        running.arp(pe).get("192.168.10.2", ("", False))[0] == "0200-0000-cc01"
        for pe in running.sim.lab.pair
    )


def _wrong_gateway(config: Any) -> None:
    config.devices[1].ethernets[0].ipv4_addresses[0].gateway = "192.168.10.254"


def _gateway_as_host(config: Any) -> None:
    config.devices[1].ethernets[0].ipv4_addresses[0].address = "192.168.10.1"


def _multicast_core(config: Any) -> None:
    config.devices[0].ethernets[0].ipv4_addresses[0].address = "224.0.0.5"


def _unknown_device(config: Any) -> None:
    config.flows[0].tx_rx.device.tx_names = ["nobody.ip"]


def _host_to_host(config: Any) -> None:
    config.flows[0].tx_rx.device.rx_names = ["h1.ip"]


def _unknown_port(config: Any) -> None:
    config.devices[1].ethernets[0].connection.port_name = "nowhere"


BAD_CONFIGS: dict[str, tuple[Callable[[Any], None], str]] = {
    "wrong-gateway": (_wrong_gateway, "ipv4_addresses[0].gateway"),
    "gateway-as-host": (_gateway_as_host, "is not a host address"),
    "multicast-core": (_multicast_core, "not a unicast address"),
    "unknown-device": (_unknown_device, "tx_rx.device.tx_names"),
    "host-to-host": (_host_to_host, "joins one CE host and one core device"),
    "unknown-port": (_unknown_port, "connection"),
}


@pytest.mark.parametrize("mutate, expected", BAD_CONFIGS.values(), ids=BAD_CONFIGS.keys())
def test_a_bad_config_is_refused_with_the_reason(
    running: Running, mutate: Callable[[Any], None], expected: str
) -> None:
    hosts = {"h0": ("192.168.10.2", mac_of(0)), "h1": ("192.168.10.3", mac_of(1))}
    config = host_config(running.api, hosts)
    mutate(config)
    with pytest.raises(Exception, match="code: 400") as refused:
        running.api.set_config(config)
    error = refused.value.args[0]  # snappi raises Exception(its Error model)
    assert error.kind == "validation" and any(expected in text for text in error.errors), error


RAW_BODIES = {
    "not-json": (b"{flows: [", "not JSON"),
    "not-an-object": (b"[1, 2]", "must be a JSON object"),
    "unknown-field": (
        b'{"ports": [{"name": "ce", "speed_x": 1}]}',
        "unknown field 'ports[0].speed_x'",
    ),
    "wrong-type": (b'{"ports": [{"name": 5}]}', "name shall be of type"),
}


@pytest.mark.parametrize("body, expected", RAW_BODIES.values(), ids=RAW_BODIES.keys())
def test_a_malformed_request_gets_an_otg_error(
    running: Running, body: bytes, expected: str
) -> None:
    assert running.sim.otg_location is not None
    answer = requests.post(f"{running.sim.otg_location}/config", data=body, timeout=10)
    assert answer.status_code == 400
    error = json.loads(answer.text)
    assert error["code"] == 400 and error["kind"] == "validation"
    assert any(expected in text for text in error["errors"]), error


def test_an_unknown_flow_name_is_refused(running: Running) -> None:
    running.api.set_config(host_config(running.api, {"h0": ("192.168.10.2", mac_of(0))}))
    with pytest.raises(Exception, match="code: 400") as refused:
        transmit(running.api, "start", ["nope"])
    assert refused.value.args[0].errors == ["flow_names: ['nope'] are not configured flows"]
    assert running.api.get_config().flows[0].name == "up-h0"


@pytest.mark.parametrize("choice", ["flow", "port"], ids=["flow-metrics", "port-metrics"])
def test_metrics_are_exactly_what_snappis_model_serializes(running: Running, choice: str) -> None:
    """The endpoint writes metrics as plain JSON (speed); snappi's MetricsResponse reads it back
    and writes the same JSON: no field it would drop, no type it would change."""
    running.api.set_config(host_config(running.api, {"h0": ("192.168.10.2", mac_of(0))}))
    transmit(running.api, "start")
    request = running.api.metrics_request()
    request.choice = choice
    raw = running.api._transport.send_recv("post", "/monitor/metrics", payload=request)
    model = running.api.metrics_response().deserialize(raw)
    assert model.serialize(model.DICT) == raw
