"""Broken labs: each class of mistake is reported with its file, host and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nornir_arpha.lab import load_lab
from nornir_arpha.lab.intent import PHYSICAL_PORT_RE
from nornir_arpha.lab.shipped import SHIPPED_LABS
from tests.lab.conftest import edit_yaml, issues_of, pe, the_issue


@pytest.mark.parametrize("lab", ["sim", "sim-ipv6"])
def test_shipped_simulated_labs_are_valid(lab: str) -> None:
    loaded = load_lab(SHIPPED_LABS / lab)
    assert loaded.simulated
    assert loaded.pair == ("PE1", "PE2")
    assert loaded.intent("PE1").ipv6 is (lab == "sim-ipv6")
    assert len(loaded.settings.ce.host_ips()) == 100


def test_the_scale_lab_has_thousands_of_hosts() -> None:
    loaded = load_lab(SHIPPED_LABS / "sim-scale")
    assert loaded.simulated and loaded.pair == ("PE1", "PE2")
    assert len(loaded.settings.ce.host_ips()) == loaded.settings.ce.hosts == 4000


@pytest.mark.parametrize("lab", ["example", "containerlab"])
def test_real_lab_templates_read_credentials_from_the_environment(
    lab: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARPHA_USERNAME", "qa")
    monkeypatch.setenv("ARPHA_PASSWORD", "s3cret-from-env")
    loaded = load_lab(SHIPPED_LABS / lab)
    assert not loaded.simulated
    host = loaded.pe("PE1")
    assert host.username == "qa"
    assert host.password.get_secret_value() == "s3cret-from-env"
    assert "s3cret-from-env" not in repr(host)


RANGE_CASES = [
    pytest.param(("e_trunk", "id"), 129, "less than or equal to 128", id="e-trunk-id-129"),
    pytest.param(("e_trunk", "id"), 0, "greater than or equal to 1", id="e-trunk-id-0"),
    pytest.param(("rbp", "backup_id"), 4096, "less than or equal to 4095", id="backup-id-4096"),
    pytest.param(("rbs", "port"), 1023, "greater than or equal to 1024", id="rbs-port-1023"),
    pytest.param(("rbs", "port"), 55536, "less than or equal to 55535", id="rbs-port-55536"),
    pytest.param(("rbs", "name"), "r" * 33, "at most 32 characters", id="rbs-name-33"),
    pytest.param(("rbs", "name"), "rbs 1", "only letters, digits", id="rbs-name-space"),
    pytest.param(("rbp", "name"), "p" * 129, "at most 128 characters", id="rbp-name-129"),
    pytest.param(("eth_trunk", "id"), 65536, "less than or equal to 65535", id="eth-trunk-65536"),
    pytest.param(("e_trunk", "priority"), 255, "less than or equal to 254", id="priority-255"),
    pytest.param(("rbs", "peer"), "2.2.2.300", "IPv4 or IPv6 address", id="rbs-peer-bad-ip"),
]


@pytest.mark.parametrize(("path", "value", "expected"), RANGE_CASES)
def test_out_of_range_values_name_host_and_field(
    sim_copy: Path, path: tuple[str, str], value: Any, expected: str
) -> None:
    edit_yaml(sim_copy, "hosts.yaml", pe("PE2", *path, value=value))
    issue = the_issue(sim_copy, "hosts.yaml", "PE2", "data.hot_backup." + ".".join(path))
    assert expected in issue.message
    assert str(issue).startswith(f"{sim_copy / 'hosts.yaml'}: PE2: data.hot_backup.")


def test_interface_names_must_be_canonical(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "hosts.yaml", pe("PE1", "eth_trunk", "members", value=["GE0/1/0"]))
    issue = the_issue(sim_copy, "hosts.yaml", "PE1", "data.hot_backup.eth_trunk.members.0")
    assert "'GE0/1/0' is not a physical port name" in issue.message
    assert "GigabitEthernet0/1/0" in issue.message


def test_rbs_addresses_must_be_mirrored(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "hosts.yaml", pe("PE2", "rbs", "peer", value="1.1.1.9"))
    issue = the_issue(sim_copy, "hosts.yaml", "PE1 and PE2", "data.hot_backup.rbs")
    assert "not mirrored" in issue.message
    assert "PE2 has peer 1.1.1.9 source 2.2.2.2" in issue.message


def test_e_trunk_addresses_must_be_mirrored(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "hosts.yaml", pe("PE1", "e_trunk", "source", value="1.1.1.7"))
    issue = the_issue(sim_copy, "hosts.yaml", "PE1 and PE2", "data.hot_backup.e_trunk")
    assert "PE1 has peer 2.2.2.2 source 1.1.1.7" in issue.message


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        pytest.param(("rbs", "port"), 3000, "rbs.port", id="rbs-port"),
        pytest.param(("rbp", "backup_id"), 11, "rbp.backup_id", id="backup-id"),
    ],
)
def test_pair_values_must_match(
    sim_copy: Path, path: tuple[str, str], value: int, field: str
) -> None:
    edit_yaml(sim_copy, "hosts.yaml", pe("PE2", *path, value=value))
    issue = the_issue(sim_copy, "hosts.yaml", "PE1 and PE2", f"data.hot_backup.{field}")
    assert "must be the same on both PEs (PE1: " in issue.message
    assert f"PE2: {value})" in issue.message


def test_e_trunk_id_must_match(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "hosts.yaml", pe("PE2", "e_trunk", "id", value=2))
    issue = the_issue(sim_copy, "hosts.yaml", "PE1 and PE2", "data.hot_backup.e_trunk.id")
    assert "(PE1: 1, PE2: 2)" in issue.message


def test_address_family_must_be_consistent(sim_copy: Path) -> None:
    def to_ipv6(hosts: dict[str, Any]) -> None:
        for me, other in (("PE1", "2001:db8::2"), ("PE2", "2001:db8::1")):
            rbs = hosts[me]["data"]["hot_backup"]["rbs"]
            rbs["peer"] = other
            rbs["source"] = "2001:db8::1" if me == "PE1" else "2001:db8::2"

    edit_yaml(sim_copy, "hosts.yaml", to_ipv6)
    issue = the_issue(sim_copy, "hosts.yaml", "PE1 and PE2", "data.hot_backup")
    assert "must all be IPv4 or all IPv6" in issue.message


def test_peer_and_source_family_mismatch_within_one_section(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "hosts.yaml", pe("PE1", "rbs", "peer", value="2001:db8::2"))
    issue = the_issue(sim_copy, "hosts.yaml", "PE1", "data.hot_backup.rbs")
    assert "same address family" in issue.message


def test_members_must_be_cabled_to_the_ce(sim_copy: Path) -> None:
    edit_yaml(
        sim_copy,
        "hosts.yaml",
        pe("PE1", "eth_trunk", "members", value=["GigabitEthernet0/1/0", "GigabitEthernet0/9/9"]),
    )
    issue = the_issue(sim_copy, "hosts.yaml", "PE1", "data.hot_backup.eth_trunk.members.1")
    assert "GigabitEthernet0/9/9 is not in the topology" in issue.message


def test_member_cabled_to_the_other_pe_is_refused(sim_copy: Path) -> None:
    edit_yaml(
        sim_copy, "hosts.yaml", pe("PE1", "eth_trunk", "members", value=["GigabitEthernet0/2/0"])
    )
    issue = the_issue(sim_copy, "hosts.yaml", "PE1", "data.hot_backup.eth_trunk.members.0")
    assert "goes to PE2" in issue.message


def test_unknown_key_in_intent_suggests_the_right_one(sim_copy: Path) -> None:
    def typo(hosts: dict[str, Any]) -> None:
        rbs = hosts["PE1"]["data"]["hot_backup"]["rbs"]
        rbs["prot"] = rbs.pop("port")

    edit_yaml(sim_copy, "hosts.yaml", typo)
    issues = issues_of(sim_copy)
    fields = {(i.where, i.field): i.message for i in issues}
    assert fields[("PE1", "data.hot_backup.rbs.prot")] == "unknown key 'prot'; did you mean 'port'?"
    assert fields[("PE1", "data.hot_backup.rbs.port")] == "is required but missing"


def test_unknown_key_in_lab_yaml(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "lab.yaml", lambda lab: lab["budgets"].update(convergance_s=1))
    issue = the_issue(sim_copy, "lab.yaml", "", "budgets.convergance_s")
    assert issue.message == "unknown key 'convergance_s'; did you mean 'convergence_s'?"


def test_unknown_key_in_inventory_host(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "hosts.yaml", lambda hosts: hosts["PE2"].update(hostnme="x"))
    issue = the_issue(sim_copy, "hosts.yaml", "PE2", "hostnme")
    assert "did you mean 'hostname'?" in issue.message


def test_yaml_syntax_error_names_line_and_column(sim_copy: Path) -> None:
    (sim_copy / "lab.yaml").write_text("name: sim\npair: [PE1, PE2\nce: {}\n")
    issues = issues_of(sim_copy)
    syntax = [i for i in issues if i.file.name == "lab.yaml" and "YAML syntax" in i.message]
    assert syntax, [str(i) for i in issues]
    assert syntax[0].where.startswith("line 3, column")


def test_missing_file(sim_copy: Path) -> None:
    (sim_copy / "defaults.yaml").unlink()
    issue = the_issue(sim_copy, "defaults.yaml", "", "")
    assert "file is missing" in issue.message


def test_missing_lab_folder(tmp_path: Path) -> None:
    issues = issues_of(tmp_path / "nope")
    assert "lab folder not found" in issues[0].message


def test_missing_environment_variable_for_credential(
    sim_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ARPHA_TEST_PASSWORD", raising=False)
    edit_yaml(sim_copy, "defaults.yaml", lambda d: d.update(password="${ARPHA_TEST_PASSWORD}"))
    issue = the_issue(sim_copy, "defaults.yaml", "defaults", "password")
    assert "environment variable ARPHA_TEST_PASSWORD, which is not set" in issue.message


def test_host_level_credential_reference_names_the_host(
    sim_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PE2_USER", raising=False)
    edit_yaml(sim_copy, "hosts.yaml", lambda hosts: hosts["PE2"].update(username="${PE2_USER}"))
    issue = the_issue(sim_copy, "hosts.yaml", "PE2", "username")
    assert "PE2_USER" in issue.message


def test_pair_must_name_existing_hosts(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "lab.yaml", lambda lab: lab.update(pair=["PE1", "PE3"]))
    issue = the_issue(sim_copy, "lab.yaml", "", "pair")
    assert "'PE3' is not a host in hosts.yaml" in issue.message


def test_simulated_lab_needs_an_inter_pe_link(sim_copy: Path) -> None:
    edit_yaml(
        sim_copy,
        "lab.yaml",
        lambda lab: lab["topology"].update(links=lab["topology"]["links"][:4]),
    )
    issue = the_issue(sim_copy, "lab.yaml", "", "topology.links")
    assert "link between PE1 and PE2" in issue.message


def test_gateway_outside_subnet(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "lab.yaml", lambda lab: lab["ce"].update(gateway="10.9.9.1"))
    issue = the_issue(sim_copy, "lab.yaml", "", "ce")
    assert "outside the subnet" in issue.message


def test_every_problem_is_reported_at_once(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "hosts.yaml", pe("PE1", "rbs", "port", value=80))
    edit_yaml(sim_copy, "lab.yaml", lambda lab: lab["budgets"].update(arp_sync_s=-1))
    fields = {i.field for i in issues_of(sim_copy)}
    assert {"data.hot_backup.rbs.port", "budgets.arp_sync_s"} <= fields


def test_a_lab_with_ne8000_port_names_checks_clean(sim_copy: Path) -> None:
    """Members and cables named the NE8000 way (dual-rate, breakout) pass the lab checker."""
    members = {"PE1": ["50|100GE0/1/0", "100GE0/1/1:1"], "PE2": ["10GE0/1/0", "10GE0/1/1"]}
    for host, ports in members.items():
        edit_yaml(sim_copy, "hosts.yaml", pe(host, "eth_trunk", "members", value=ports))

    def cables(lab: dict[str, Any]) -> None:
        ce = iter(range(1, 5))
        lab["topology"]["links"] = [
            {"a": f"{host}:{port}", "b": f"CE:GigabitEthernet0/0/{next(ce)}"}
            for host, ports in members.items()
            for port in ports
        ] + [{"a": "PE1:50|100GE0/2/0:2", "b": "PE2:10GE0/2/0"}]

    edit_yaml(sim_copy, "lab.yaml", cables)
    lab = load_lab(sim_copy)
    assert lab.intent("PE1").eth_trunk.members == ["50|100GE0/1/0", "100GE0/1/1:1"]
    assert lab.inter_pe_ports("PE1") == ["50|100GE0/2/0:2"]


@pytest.mark.parametrize(
    "port",
    ["10GE0/1/0", "50|100GE0/1/0", "100GE0/1/0:1", "25GE1/0/3:4", "XGigabitEthernet0/2/0"],
)
def test_ne40e_and_ne8000_port_names_are_accepted(port: str) -> None:
    assert PHYSICAL_PORT_RE.match(port)


@pytest.mark.parametrize("port", ["50|GE0/1/0", "100GE0/1/0:", "GE0/1/0", "10GE0/1", "|100GE0/1/0"])
def test_malformed_port_names_are_refused(port: str) -> None:
    assert not PHYSICAL_PORT_RE.match(port)
