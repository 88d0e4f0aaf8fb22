"""Command rendering and the running-config diff: from intent + running config to commands."""

from __future__ import annotations

import pytest

from nornir_arpha.lab import HotBackupIntent, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.parsers import parse_config
from nornir_arpha.plan import NotTheLabs, PlanError, holdings, plan_configure, plan_teardown

BASELINE = """\
<PE1>display current-configuration
!Software Version V800R012C10SPC300
!Last configuration was updated at 2026-11-23 10:00:00+00:00
#
sysname PE1
#
interface Eth-Trunk10
 ip address 192.168.10.1 255.255.255.0
#
interface GigabitEthernet0/1/0
 undo shutdown
 eth-trunk 10
#
interface LoopBack0
 ip address 1.1.1.1 255.255.255.255
#
return
<PE1>"""

# As a device prints it: its own section order, RBP lines reordered, the default
# `peer-backup hot` shown, IPv6 addresses upper case.
CONFIGURED_V6 = """\
#
sysname PE1
#
e-trunk 1
 priority 10
 peer-ipv6 2001:DB8::2 source-ipv6 2001:DB8::1
#
remote-backup-service rbs1
 peer-ipv6 2001:DB8::2 source-ipv6 2001:DB8::1 port 2046
#
remote-backup-profile rbp1
 service-type arp
 backup-id 10 remote-backup-service rbs1
 peer-backup hot
 e-trunk 1 eth-trunk 10
#
interface Eth-Trunk10
 ip address 192.168.10.1 255.255.255.0
 e-trunk 1
 e-trunk mode force-master
 remote-backup-profile rbp1
#
interface GigabitEthernet0/1/0
 undo shutdown
 eth-trunk 10
#
return"""

PROCEDURE_V4_PE1 = [
    "remote-backup-service rbs1",
    "peer 2.2.2.2 source 1.1.1.1 port 2046",
    "quit",
    "e-trunk 1",
    "peer-address 2.2.2.2 source-address 1.1.1.1",
    "priority 10",
    "quit",
    "interface eth-trunk 10",
    "e-trunk 1",
    "e-trunk mode force-master",
    "quit",
    "remote-backup-profile rbp1",
    "backup-id 10 remote-backup-service rbs1",
    "service-type arp",
    "e-trunk 1 eth-trunk 10",
    "quit",
    "interface eth-trunk 10",
    "remote-backup-profile rbp1",
    "quit",
]


def intent(lab: str = "sim", pe: str = "PE1") -> HotBackupIntent:
    return load_lab(SHIPPED_LABS / lab).intent(pe)


def replaced(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def test_empty_device_gets_the_whole_procedure_ipv4() -> None:
    plan = plan_configure(intent("sim"), parse_config(BASELINE))
    assert plan.commands == PROCEDURE_V4_PE1


def test_empty_device_gets_the_ipv6_forms() -> None:
    commands = plan_configure(intent("sim-ipv6"), parse_config(BASELINE)).commands
    assert commands[1] == "peer-ipv6 2001:db8::2 source-ipv6 2001:db8::1 port 2046"
    assert commands[4] == "peer-ipv6 2001:db8::2 source-ipv6 2001:db8::1"
    assert not any(c.startswith(("peer ", "peer-address")) for c in commands)


def test_pe2_gets_mirrored_addresses_and_its_priority() -> None:
    commands = plan_configure(intent("sim", "PE2"), parse_config(BASELINE)).commands
    assert "peer 1.1.1.1 source 2.2.2.2 port 2046" in commands
    assert "priority 20" in commands


def test_fully_configured_device_needs_nothing_despite_formatting() -> None:
    plan = plan_configure(intent("sim-ipv6"), parse_config(CONFIGURED_V6))
    assert not plan.changed
    assert plan.commands == []


def test_only_the_missing_binding_is_pushed() -> None:
    running = replaced(CONFIGURED_V6, " remote-backup-profile rbp1\n#", "#")
    plan = plan_configure(intent("sim-ipv6"), parse_config(running))
    assert plan.commands == ["interface eth-trunk 10", "remote-backup-profile rbp1", "quit"]
    assert plan.inverse().commands == [
        "interface eth-trunk 10",
        "undo remote-backup-profile rbp1",
        "quit",
    ]


def test_taken_over_a_different_value_is_replaced_and_the_inverse_restores_it() -> None:
    running = replaced(
        CONFIGURED_V6, "source-ipv6 2001:DB8::1 port 2046", "source-ipv6 2001:DB8::1 port 3000"
    )
    plan = plan_configure(intent("sim-ipv6"), parse_config(running), take_over=True)
    assert plan.commands == [
        "remote-backup-service rbs1",
        "undo peer-ipv6 2001:DB8::2",
        "peer-ipv6 2001:db8::2 source-ipv6 2001:db8::1 port 2046",
        "quit",
    ]
    assert plan.inverse().commands == [
        "remote-backup-service rbs1",
        "undo peer-ipv6 2001:db8::2",
        "peer-ipv6 2001:DB8::2 source-ipv6 2001:DB8::1 port 3000",
        "quit",
    ]


def test_taken_over_address_family_change_replaces_the_peer_line() -> None:
    running = replaced(
        CONFIGURED_V6,
        "peer-ipv6 2001:DB8::2 source-ipv6 2001:DB8::1 port 2046",
        "peer 2.2.2.2 source 1.1.1.1 port 2046",
    )
    commands = plan_configure(intent("sim-ipv6"), parse_config(running), take_over=True).commands
    assert commands[:3] == [
        "remote-backup-service rbs1",
        "undo peer 2.2.2.2",
        "peer-ipv6 2001:db8::2 source-ipv6 2001:db8::1 port 2046",
    ]


def test_taken_over_default_priority_wanted_removes_a_configured_one() -> None:
    lab_intent = intent("sim-ipv6")
    default_priority = lab_intent.model_copy(
        update={"e_trunk": lab_intent.e_trunk.model_copy(update={"priority": 100})}
    )
    plan = plan_configure(default_priority, parse_config(CONFIGURED_V6), take_over=True)
    assert plan.commands == ["e-trunk 1", "undo priority", "quit"]
    assert plan.inverse().commands == ["e-trunk 1", "priority 10", "quit"]


def test_taken_over_another_rbp_bound_to_the_trunk_is_replaced() -> None:
    running = replaced(
        CONFIGURED_V6, " remote-backup-profile rbp1\n#", " remote-backup-profile old\n#"
    )
    commands = plan_configure(intent("sim-ipv6"), parse_config(running), take_over=True).commands
    assert commands == [
        "interface eth-trunk 10",
        "undo remote-backup-profile old",
        "remote-backup-profile rbp1",
        "quit",
    ]


def test_taken_over_membership_re_adds_the_work_mode_its_undo_removes() -> None:
    # `undo e-trunk` takes the member's work mode with it (REFERENCE §3.10).
    running = replaced(CONFIGURED_V6, " e-trunk 1\n e-trunk mode", " e-trunk 2\n e-trunk mode")
    plan = plan_configure(intent("sim-ipv6"), parse_config(running), take_over=True)
    assert plan.commands == [
        "interface eth-trunk 10",
        "undo e-trunk",
        "e-trunk 1",
        "e-trunk mode force-master",
        "quit",
    ]
    assert plan.inverse().commands == [
        "interface eth-trunk 10",
        "undo e-trunk",
        "e-trunk 2",
        "e-trunk mode force-master",
        "quit",
    ]


def test_missing_eth_trunk_is_refused_before_anything_is_sent() -> None:
    running = replaced(
        BASELINE, "interface Eth-Trunk10\n ip address 192.168.10.1 255.255.255.0\n", ""
    )
    with pytest.raises(PlanError, match="Eth-Trunk10 is not configured"):
        plan_configure(intent(), parse_config(running))


def test_teardown_reverses_the_dependency_order() -> None:
    plan = plan_teardown(intent("sim-ipv6"), parse_config(CONFIGURED_V6))
    assert plan.commands == [
        "interface eth-trunk 10",
        "undo remote-backup-profile rbp1",
        "quit",
        "undo remote-backup-profile rbp1",
        "interface eth-trunk 10",
        "undo e-trunk mode",
        "undo e-trunk",
        "quit",
        "undo e-trunk 1",
        "undo remote-backup-service rbs1",
    ]


def test_teardown_leaves_unrelated_config_and_is_empty_on_baseline() -> None:
    unrelated = replaced(
        CONFIGURED_V6,
        "#\nreturn",
        "#\nremote-backup-service other\n peer 9.9.9.9 source 1.1.1.1 port 2046\n#\nreturn",
    )
    commands = plan_teardown(intent("sim-ipv6"), parse_config(unrelated)).commands
    assert not any("other" in command for command in commands)
    assert not any("ip address" in command or command == "eth-trunk 10" for command in commands)
    assert not plan_teardown(intent(), parse_config(BASELINE)).changed


def test_teardown_inverse_recreates_the_objects() -> None:
    inverse = plan_teardown(intent("sim-ipv6"), parse_config(CONFIGURED_V6)).inverse()
    assert inverse.commands[:3] == [
        "remote-backup-service rbs1",
        "peer-ipv6 2001:DB8::2 source-ipv6 2001:DB8::1 port 2046",
        "quit",
    ]
    assert "service-type arp" in inverse.commands


def test_holdings_name_what_is_there_and_what_is_not() -> None:
    running = replaced(CONFIGURED_V6, " e-trunk mode force-master\n", "")
    report = holdings(intent("sim-ipv6"), parse_config(running))
    assert report[0].startswith("RBS rbs1") and report[0].endswith(": present")
    assert "missing 'e-trunk mode force-master'" in report[2]
    assert holdings(intent(), parse_config(BASELINE))[0].endswith(": absent")


def added(text: str, sections: str) -> str:
    """`text` with top-level `sections` configured before `return`."""
    return replaced(text, "#\nreturn", f"#\n{sections}\n#\nreturn")


ETRUNK_V4 = "e-trunk 1\n peer-address 2.2.2.2 source-address 1.1.1.1\n priority 10"

# (lab, running config, what the refusal names (object: device vs lab), teardown commands)
FOREIGN = {
    "e-trunk-settings": (
        "sim",
        added(BASELINE, "e-trunk 1\n peer-address 9.9.9.9 source-address 1.1.1.1\n priority 50"),
        [
            "E-Trunk 1: 'peer-address 9.9.9.9 source-address 1.1.1.1' on the device, "
            "'peer-address 2.2.2.2 source-address 1.1.1.1' in the lab",
            "E-Trunk 1: 'priority 50' on the device, 'priority 10' in the lab",
        ],
        [],
    ),
    "e-trunk-without-priority": (
        "sim",
        added(BASELINE, "e-trunk 1\n peer-address 2.2.2.2 source-address 1.1.1.1"),
        ["E-Trunk 1: no 'priority' line on the device, 'priority 10' in the lab"],
        [],
    ),
    "another-eth-trunk-in-the-e-trunk": (
        "sim",
        added(BASELINE, f"{ETRUNK_V4}\n#\ninterface Eth-Trunk20\n e-trunk 1"),
        ["E-Trunk 1: used by 'e-trunk 1' in interface Eth-Trunk20"],
        [],
    ),
    "rbs-settings": (
        "sim",
        added(BASELINE, "remote-backup-service rbs1\n peer 9.9.9.9 source 1.1.1.1 port 3000"),
        [
            "RBS rbs1: 'peer 9.9.9.9 source 1.1.1.1 port 3000' on the device, "
            "'peer 2.2.2.2 source 1.1.1.1 port 2046' in the lab"
        ],
        [],
    ),
    "another-rbp-bound-to-the-eth-trunk": (
        "sim-ipv6",
        added(
            replaced(
                CONFIGURED_V6, " remote-backup-profile rbp1\n#", " remote-backup-profile old\n#"
            ),
            "remote-backup-profile old\n backup-id 20 remote-backup-service rbs1\n"
            " e-trunk 1 eth-trunk 10",
        ),
        [
            "Eth-Trunk10: 'remote-backup-profile old' on the device, "
            "'remote-backup-profile rbp1' in the lab",
            "RBS rbs1: used by 'backup-id 20 remote-backup-service rbs1' in "
            "remote-backup-profile old",
            "E-Trunk 1: used by 'e-trunk 1 eth-trunk 10' in remote-backup-profile old",
            "Eth-Trunk10: used by 'e-trunk 1 eth-trunk 10' in remote-backup-profile old",
        ],
        ["undo remote-backup-profile rbp1"],  # the lab's unbound RBP goes, nothing else
    ),
    "the-labs-rbp-bound-elsewhere": (
        "sim-ipv6",
        added(CONFIGURED_V6, "interface Eth-Trunk20\n remote-backup-profile rbp1"),
        [
            "RBP rbp1: used by 'remote-backup-profile rbp1' in interface Eth-Trunk20",
            # what the kept RBP uses is kept with it
            "RBS rbs1: used by 'backup-id 10 remote-backup-service rbs1' in "
            "remote-backup-profile rbp1",
            "E-Trunk 1: used by 'e-trunk 1 eth-trunk 10' in remote-backup-profile rbp1",
        ],
        ["interface eth-trunk 10", "undo remote-backup-profile rbp1", "quit"],
    ),
}


@pytest.mark.parametrize(
    ("lab", "running", "named", "teardown"), FOREIGN.values(), ids=FOREIGN.keys()
)
def test_what_is_not_the_labs_is_refused_taken_over_only_when_asked_and_left(
    lab: str, running: str, named: list[str], teardown: list[str]
) -> None:
    tree = parse_config(running)
    with pytest.raises(NotTheLabs) as refused:
        plan_configure(intent(lab), tree)
    message = str(refused.value)
    assert message.startswith("configure refused: not the lab's: ")
    for line in named:
        assert f"\n  {line}\n" in message
    assert message.endswith("or rerun with --take-over to change them")

    plan_configure(intent(lab), tree, take_over=True)  # not refused

    left = plan_teardown(intent(lab), tree)
    assert left.commands == teardown
    assert set(named) <= set(left.left)


def test_the_labs_own_configuration_is_not_refused_and_leaves_nothing() -> None:
    tree = parse_config(CONFIGURED_V6)
    assert not plan_configure(intent("sim-ipv6"), tree).changed
    assert plan_teardown(intent("sim-ipv6"), tree).left == ()
