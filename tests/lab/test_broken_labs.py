"""Labs that YAML or a lax check would let through, refused with file, host and field."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nornir_arpha.cli import app
from nornir_arpha.lab import load_lab
from nornir_arpha.lab.yamlfile import MAX_ALIAS_EXPANSION, MAX_LAB_FILE_BYTES
from tests.lab.conftest import edit_yaml, issues_of, pe, the_issue


def replace_text(folder: Path, name: str, old: str, new: str) -> None:
    file = folder / name
    text = file.read_text()
    assert old in text, f"{old!r} not in {name}"
    file.write_text(text.replace(old, new, 1))


# -- duplicate keys ---------------------------------------------------------------------------


def test_a_host_given_twice_is_refused(sim_copy: Path) -> None:
    hosts = sim_copy / "hosts.yaml"
    text = hosts.read_text()
    pe2 = text[text.index("PE2:") :]
    hosts.write_text(text + pe2.replace("127.0.0.1", "127.0.0.2"))
    first = text[: text.index("PE2:")].count("\n") + 1
    again = text.count("\n") + 1
    issue = the_issue(sim_copy, "hosts.yaml", "PE2", "")
    assert f"is given twice (lines {first} and {again})" in issue.message
    assert "remove one or rename it" in issue.message


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "field"),
    [
        pytest.param(
            "hosts.yaml",
            "  port: 0\n",
            "  port: 0\n  port: 22\n",
            "PE1",
            "port",
            id="host-field",
        ),
        pytest.param(
            "hosts.yaml",
            "{name: rbs1, peer: 2.2.2.2,",
            "{name: rbs1, name: rbs2, peer: 2.2.2.2,",
            "PE1",
            "data.hot_backup.rbs.name",
            id="intent-field",
        ),
        pytest.param(
            "lab.yaml",
            "  arp_sync_s: 5.0\n",
            "  arp_sync_s: 5.0\n  arp_sync_s: 9.0\n",
            "",
            "budgets.arp_sync_s",
            id="lab-setting",
        ),
        pytest.param(
            "defaults.yaml",
            "username: arpha\n",
            "username: arpha\nusername: root\n",
            "defaults",
            "username",
            id="defaults",
        ),
        pytest.param(
            "groups.yaml",
            "  platform: huawei_vrp\n",
            "  platform: huawei_vrp\n  platform: cisco_iosxe\n",
            "vrp8_pe",
            "platform",
            id="group-field",
        ),
    ],
)
def test_a_key_given_twice_is_refused(
    sim_copy: Path, file: str, old: str, new: str, where: str, field: str
) -> None:
    replace_text(sim_copy, file, old, new)
    assert "is given twice" in the_issue(sim_copy, file, where, field).message


# -- strict numbers ---------------------------------------------------------------------------


def test_id_yes_is_not_the_number_1(sim_copy: Path) -> None:
    replace_text(sim_copy, "hosts.yaml", "e_trunk: {id: 1,", "e_trunk: {id: yes,")
    issue = the_issue(sim_copy, "hosts.yaml", "PE1", "data.hot_backup.e_trunk.id")
    assert "valid integer (got True)" in issue.message
    assert "YAML reads yes/no/on/off/true/false as booleans" in issue.message


@pytest.mark.parametrize(
    ("file", "where", "path"),
    [
        ("hosts.yaml", "PE2", ("data", "hot_backup", "eth_trunk", "id")),
        ("hosts.yaml", "PE2", ("data", "hot_backup", "e_trunk", "priority")),
        ("hosts.yaml", "PE2", ("data", "hot_backup", "rbs", "port")),
        ("hosts.yaml", "PE2", ("data", "hot_backup", "rbp", "backup_id")),
        ("hosts.yaml", "PE2", ("port",)),
        ("lab.yaml", "", ("ce", "hosts")),
        ("lab.yaml", "", ("ce", "offered_pps")),
        ("lab.yaml", "", ("budgets", "convergence_s")),
        ("lab.yaml", "", ("simulation", "seed")),
        ("lab.yaml", "", ("simulation", "time_scale")),
    ],
    ids=lambda value: ".".join(value) if isinstance(value, tuple) else value,
)
def test_a_boolean_is_refused_for_a_number(
    sim_copy: Path, file: str, where: str, path: tuple[str, ...]
) -> None:
    def set_true(data: dict[str, Any]) -> None:
        node = data[where] if where else data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = True

    edit_yaml(sim_copy, file, set_true)
    issue = the_issue(sim_copy, file, where, ".".join(path))
    assert "(got True)" in issue.message


def test_a_number_is_refused_for_a_switch(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "lab.yaml", lambda lab: lab["simulation"].update(enabled=1))
    issue = the_issue(sim_copy, "lab.yaml", "", "simulation.enabled")
    assert "valid boolean (got 1)" in issue.message


def test_a_confirmation_that_is_not_a_regular_expression_is_refused(sim_copy: Path) -> None:
    edit_yaml(
        sim_copy,
        "lab.yaml",
        lambda lab: lab.update(session={"confirmations": [{"question": "[Y/N", "answer": "y"}]}),
    )
    issue = the_issue(sim_copy, "lab.yaml", "", "session.confirmations.0.question")
    assert "'[Y/N' is not a regular expression" in issue.message


# -- Eth-Trunk members ------------------------------------------------------------------------


def test_an_eth_trunk_member_listed_twice_is_refused(sim_copy: Path) -> None:
    members = ["GigabitEthernet0/1/0", "GigabitEthernet0/1/1", "GigabitEthernet0/1/0"]
    edit_yaml(sim_copy, "hosts.yaml", pe("PE2", "eth_trunk", "members", value=members))
    issue = the_issue(sim_copy, "hosts.yaml", "PE2", "data.hot_backup.eth_trunk.members")
    assert "GigabitEthernet0/1/0 is listed twice (items 0 and 2)" in issue.message


# -- credentials ------------------------------------------------------------------------------


def test_a_credential_variable_set_but_empty_is_refused(
    sim_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARPHA_TEST_PASSWORD", "")
    edit_yaml(sim_copy, "defaults.yaml", lambda d: d.update(password="${ARPHA_TEST_PASSWORD}"))
    issue = the_issue(sim_copy, "defaults.yaml", "defaults", "password")
    assert "environment variable ARPHA_TEST_PASSWORD, which is set but empty" in issue.message
    assert "export ARPHA_TEST_PASSWORD with the password" in issue.message


# -- port names -------------------------------------------------------------------------------

NOT_ASCII_PORTS = [
    pytest.param("GigabitEthernet\uff10/1/0", id="fullwidth-zero"),
    pytest.param("GigabitEthernet0/\u0661/0", id="arabic-indic-one"),
    pytest.param("GigabitEthernet0/1/\u0966", id="devanagari-zero"),
    pytest.param("GigabitEthernet0/1/0\n", id="trailing-newline"),
]


@pytest.mark.parametrize("port", NOT_ASCII_PORTS)
def test_a_member_with_non_ascii_digits_is_refused(sim_copy: Path, port: str) -> None:
    members = ["GigabitEthernet0/1/1", port]
    edit_yaml(sim_copy, "hosts.yaml", pe("PE1", "eth_trunk", "members", value=members))
    issue = the_issue(sim_copy, "hosts.yaml", "PE1", "data.hot_backup.eth_trunk.members.1")
    assert "is not a physical port name" in issue.message


@pytest.mark.parametrize("port", NOT_ASCII_PORTS)
def test_a_link_with_non_ascii_digits_is_refused(sim_copy: Path, port: str) -> None:
    edit_yaml(sim_copy, "lab.yaml", lambda lab: lab["topology"]["links"][4].update(b=f"PE2:{port}"))
    issue = the_issue(sim_copy, "lab.yaml", "", "topology.links.4.b")
    assert "is not a physical port name" in issue.message


def test_an_rbs_name_with_a_trailing_newline_is_refused(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "hosts.yaml", pe("PE1", "rbs", "name", value="rbs1\n"))
    issue = the_issue(sim_copy, "hosts.yaml", "PE1", "data.hot_backup.rbs.name")
    assert "may contain only letters, digits" in issue.message


# -- host names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("PE 3", id="space"),
        pytest.param("PE\t3", id="tab"),
        pytest.param("PE3\x1b[2J", id="escape"),
        pytest.param("\uff30\uff25\uff13", id="fullwidth"),
        pytest.param("PE\u00e93", id="accent"),
        pytest.param("<PE3>", id="prompt-brackets"),
        pytest.param("PE3:a", id="colon"),
        pytest.param("lab/PE3", id="slash"),
        pytest.param("P" * 49, id="49-characters"),
        pytest.param("", id="empty"),
    ],
)
def test_a_host_name_no_prompt_can_show_is_refused(sim_copy: Path, name: str) -> None:
    edit_yaml(sim_copy, "hosts.yaml", lambda hosts: hosts.update({name: hosts["PE2"]}))
    issue = the_issue(sim_copy, "hosts.yaml", name, "")
    assert f"host name {name!r} cannot be a PE's sysname" in issue.message
    assert "1 to 48 ASCII letters, digits, '.', '_' or '-'" in issue.message
    assert "\x1b" not in str(issue), "control characters from the file reach the terminal"


@pytest.mark.parametrize(
    ("key", "read_as"), [("yes", "bool True"), ("3", "int 3"), ("~", "NoneType None")]
)
def test_a_host_name_yaml_reads_as_no_text_is_refused(
    sim_copy: Path, key: str, read_as: str
) -> None:
    replace_text(sim_copy, "hosts.yaml", "PE2:", f"{key}:\n  hostname: 127.0.0.1\nPE2:")
    issue = the_issue(sim_copy, "hosts.yaml", read_as.split()[1], "")
    assert f"YAML reads it as the {read_as}; put the name in quotes" in issue.message


def test_a_valid_unusual_host_name_is_accepted(sim_copy: Path) -> None:
    edit_yaml(
        sim_copy,
        "hosts.yaml",
        lambda hosts: hosts.update({"core-pe_3.lab": {"hostname": "127.0.0.1"}}),
    )
    assert "core-pe_3.lab" in load_lab(sim_copy).hosts


# -- YAML syntax ------------------------------------------------------------------------------


def test_an_unterminated_quote_is_reported_where_it_starts(sim_copy: Path) -> None:
    # The runaway value ends at the next '"', on line 19; the mistake is on line 2.
    replace_text(sim_copy, "lab.yaml", "description: Built-in", 'description: "Built-in')
    issues = issues_of(sim_copy)
    assert [(i.file.name, i.where) for i in issues] == [("lab.yaml", "line 2, column 14")]
    assert "a quoted value that starts here and runs on to line 19" in issues[0].message
    assert "closing quote missing" in issues[0].message


def test_an_unterminated_quote_at_the_end_is_reported_where_it_starts(sim_copy: Path) -> None:
    text = (sim_copy / "lab.yaml").read_text()
    last = text.rstrip("\n").splitlines()[-1]
    assert last == "    location: http://127.0.0.1:0"
    replace_text(sim_copy, "lab.yaml", last, "    location: 'http://127.0.0.1:0")
    issues = issues_of(sim_copy)
    line = text.count("\n")
    assert [(i.file.name, i.where) for i in issues] == [("lab.yaml", f"line {line}, column 15")]
    assert "quoted scalar that starts here; is a closing quote" in issues[0].message


def test_an_error_inside_the_file_names_its_line_and_the_construct(sim_copy: Path) -> None:
    replace_text(sim_copy, "hosts.yaml", "port: 2046}\n", "port: 2046\n")
    issues = issues_of(sim_copy)
    assert [(i.file.name, i.where) for i in issues] == [("hosts.yaml", "line 9, column 14")]
    assert "(while parsing a flow mapping that starts at line 8, column 12)" in issues[0].message


def test_a_list_for_hosts_is_not_taken_as_no_hosts(sim_copy: Path) -> None:
    (sim_copy / "hosts.yaml").write_text("[]\n")
    issue = the_issue(sim_copy, "hosts.yaml", "", "")
    assert issue.message == "expected a mapping of names to entries"


def test_nesting_too_deep_for_the_parser_is_an_issue(sim_copy: Path) -> None:
    (sim_copy / "groups.yaml").write_text("[" * 5000)
    issue = the_issue(sim_copy, "groups.yaml", "", "")
    assert issue.message.startswith("nests too deeply")


# -- what is at the path ----------------------------------------------------------------------


def test_a_directory_in_place_of_a_file(sim_copy: Path) -> None:
    (sim_copy / "hosts.yaml").unlink()
    (sim_copy / "hosts.yaml").mkdir()
    issue = the_issue(sim_copy, "hosts.yaml", "", "")
    assert issue.message.startswith("is a directory, not a file")


def test_a_directory_in_place_of_the_optional_groups_file(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "hosts.yaml", lambda hosts: [h.pop("groups") for h in hosts.values()])
    (sim_copy / "groups.yaml").unlink()
    (sim_copy / "groups.yaml").mkdir()
    assert "is a directory, not a file" in the_issue(sim_copy, "groups.yaml", "", "").message


def test_a_symlink_loop_in_place_of_a_file(sim_copy: Path) -> None:
    (sim_copy / "lab.yaml").unlink()
    (sim_copy / "lab.yaml").symlink_to("lab.yaml")
    issue = the_issue(sim_copy, "lab.yaml", "", "")
    assert issue.message.startswith("is a symlink loop")


def test_a_broken_symlink_in_place_of_a_file(sim_copy: Path) -> None:
    (sim_copy / "defaults.yaml").unlink()
    (sim_copy / "defaults.yaml").symlink_to("gone.yaml")
    issue = the_issue(sim_copy, "defaults.yaml", "", "")
    assert issue.message.startswith("is a broken symlink (to gone.yaml)")


def test_a_file_over_the_size_limit_is_refused_before_parsing(sim_copy: Path) -> None:
    # Valid YAML up to the limit and a syntax error after it: parsing would report that.
    hosts = sim_copy / "hosts.yaml"
    text = hosts.read_text()
    padding = MAX_LAB_FILE_BYTES - len(text.encode())
    hosts.write_text(text + "#" * (padding - 1) + "\n" + "x: [\n")
    issues = issues_of(sim_copy)
    assert [(i.file.name, i.where, i.field) for i in issues] == [("hosts.yaml", "", "")]
    assert f"is larger than {MAX_LAB_FILE_BYTES} bytes" in issues[0].message


def test_a_file_at_the_size_limit_is_read(sim_copy: Path) -> None:
    hosts = sim_copy / "hosts.yaml"
    text = hosts.read_text()
    hosts.write_text(text + "#" * (MAX_LAB_FILE_BYTES - len(text.encode())))
    assert load_lab(sim_copy).pair == ("PE1", "PE2")


# -- aliases ----------------------------------------------------------------------------------

BOMB_LEVELS = 10


def alias_bomb() -> str:
    """A 'billion laughs' under PE1's data: 9**10 strings once expanded, 1.5 KB written."""
    lines = ["    lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, BOMB_LEVELS):
        lines.append(f"    lol{level}: &lol{level} [{', '.join([f'*lol{level - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


LOAD_IN_A_CHILD = """
import json, sys
from nornir_arpha.lab import LabError, load_lab
try:
    print(repr(load_lab(sys.argv[1])))  # repr walks the data, as Nornir and logging do
    print("[]")
except LabError as exc:
    print(json.dumps([[i.file.name, i.where, i.field, i.message] for i in exc.issues]))
"""
CHILD_MEMORY_BYTES = 1024**3


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))


def test_an_alias_bomb_is_refused_fast_and_small(sim_copy: Path) -> None:
    replace_text(sim_copy, "hosts.yaml", "  data:\n", "  data:\n" + alias_bomb())
    # In a child with little memory: should the check fail, the bomb takes the child down.
    child = subprocess.run(
        [sys.executable, "-c", LOAD_IN_A_CHILD, str(sim_copy)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limit_memory,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        check=False,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    issues = json.loads(child.stdout.splitlines()[-1])
    assert [issue[:3] for issue in issues] == [["hosts.yaml", "", ""]]
    assert f"more than the {MAX_ALIAS_EXPANSION} allowed" in issues[0][3]


def test_a_few_aliases_are_fine(sim_copy: Path) -> None:
    replace_text(sim_copy, "hosts.yaml", "  data:\n", "  data:\n    site: &site {rack: 3}\n")
    pe2_intent = "    hot_backup:\n      rbs: {name: rbs1, peer: 1.1.1.1"
    replace_text(sim_copy, "hosts.yaml", pe2_intent, "    site: *site\n" + pe2_intent)
    assert load_lab(sim_copy).hosts["PE2"].data == {"site": {"rack": 3}}


def test_an_alias_to_itself_is_refused(sim_copy: Path) -> None:
    replace_text(sim_copy, "hosts.yaml", "  data:\n", "  data:\n    loop: &loop [*loop]\n")
    issues = issues_of(sim_copy)
    assert [(i.file.name, i.where) for i in issues] == [("hosts.yaml", "line 7, column 11")]
    assert "an alias refers to a value that contains it" in issues[0].message


# -- no follow-on issues ----------------------------------------------------------------------


def test_a_host_that_fails_validation_is_not_reported_absent(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "hosts.yaml", lambda hosts: hosts["PE1"].update(port="ssh"))
    issues = issues_of(sim_copy)
    assert [(i.file.name, i.where, i.field) for i in issues] == [("hosts.yaml", "PE1", "port")]


def test_an_unreadable_hosts_file_is_the_only_issue(sim_copy: Path) -> None:
    replace_text(sim_copy, "hosts.yaml", "PE1:", "PE1: [")
    issues = issues_of(sim_copy)
    assert [i.file.name for i in issues] == ["hosts.yaml"]
    assert "YAML syntax error" in issues[0].message


def test_a_broken_lab_yaml_does_not_make_the_simulator_a_real_lab(
    sim_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    replace_text(sim_copy, "lab.yaml", "pair: [PE1, PE2]", "pair: [PE1, PE2")
    assert [i.file.name for i in issues_of(sim_copy)] == ["lab.yaml"]
    assert "password is written in the file" not in caplog.text


def test_invalid_defaults_do_not_leave_every_host_without_credentials(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "defaults.yaml", lambda d: d.update(pasword=d.pop("password")))
    issues = issues_of(sim_copy)
    assert [(i.file.name, i.where, i.field) for i in issues] == [
        ("defaults.yaml", "defaults", "pasword")
    ]


def test_an_invalid_group_is_not_reported_absent(sim_copy: Path) -> None:
    # PE1's hostname may be what the broken group was meant to give.
    edit_yaml(sim_copy, "hosts.yaml", lambda hosts: hosts["PE1"].pop("hostname"))
    edit_yaml(sim_copy, "groups.yaml", lambda g: g["vrp8_pe"].update(port="ssh"))
    issues = issues_of(sim_copy)
    assert [(i.file.name, i.where, i.field) for i in issues] == [("groups.yaml", "vrp8_pe", "port")]


def test_a_malformed_link_does_not_uncable_the_members(sim_copy: Path) -> None:
    edit_yaml(sim_copy, "lab.yaml", lambda lab: lab["topology"]["links"][0].update(a="PE1 Gi0/1/0"))
    issues = issues_of(sim_copy)
    assert [(i.file.name, i.field) for i in issues] == [("lab.yaml", "topology.links.0.a")]


# -- the command ------------------------------------------------------------------------------


def test_arpha_lab_check_lists_the_issue_without_a_traceback(sim_copy: Path) -> None:
    replace_text(sim_copy, "hosts.yaml", "e_trunk: {id: 1,", "e_trunk: {id: yes,")
    result = CliRunner().invoke(app, ["lab", "check", str(sim_copy)])
    assert result.exit_code == 2, result.output
    assert "problem(s)" in result.output
    assert "PE1: data.hot_backup.e_trunk.id: Input should be a valid integer" in result.output
    assert "Traceback" not in result.output
