"""The CLI session without SSH: views, parser errors, refusals, commit, questions."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.sim import inferred
from nornir_arpha.sim.cli.cli_session import (
    COMMIT_CANCELED,
    LEAVE_BAD_ANSWER,
    LEAVE_QUESTION,
    CliSession,
)
from nornir_arpha.sim.cli.reply import Reply
from nornir_arpha.sim.device_runtime import (
    PingRequest,
    ShowArpStatistics,
    ShowEthTrunk,
    ShowETrunk,
    ShowInterface,
    ShowInterfaceBrief,
    ShowRbp,
    ShowRbs,
)
from nornir_arpha.sim.render.config_text import current_configuration
from nornir_arpha.sim.sim_device import SimDevice
from tests.sim.conftest import expected_sections, fake, new_device, procedure

pytestmark = pytest.mark.timeout(30)


class Console:
    """Types lines into a session and keeps the transcript, like a terminal."""

    def __init__(self, device: SimDevice) -> None:
        self.session = CliSession(device)
        self.device = device

    def __call__(self, line: str) -> list[str]:
        reply = self.session.execute(line)
        assert isinstance(reply, Reply)
        assert reply.later is None
        return [*reply.lines, *(reply.stream or ())]

    def run(self, lines: list[str]) -> None:
        for line in lines:
            output = self(line)
            assert not any("Error" in o for o in output), (line, output)

    @property
    def prompt(self) -> str:
        return self.session.prompt


@pytest.fixture
def pe1(lab_v4: Lab) -> Console:
    return Console(new_device(lab_v4))


@pytest.fixture
def sys1(pe1: Console) -> Console:
    pe1("system-view")
    return pe1


def test_prompts_and_views(pe1: Console) -> None:
    assert pe1.prompt == "<PE1>"
    assert pe1("system-view") == [inferred.SYSTEM_VIEW_BANNER]
    assert pe1.prompt == "[~PE1]"
    pe1("interface GigabitEthernet 0/1/0")
    assert pe1.prompt == "[~PE1-GigabitEthernet0/1/0]"  # existing port: no change pending
    pe1("quit")
    pe1("remote-backup-service rbs1")
    assert pe1.prompt == "[*PE1-rm-backup-srv-rbs1]"  # creating is a change
    pe1("quit")
    pe1("remote-backup-profile rbp1")
    assert pe1.prompt == "[*PE1-rm-backup-prf-rbp1]"
    pe1("quit")
    pe1("e-trunk 1")
    assert pe1.prompt == "[*PE1-e-trunk-1]"
    pe1("quit")
    pe1("int eth-trunk 20")
    assert pe1.prompt == "[*PE1-Eth-Trunk20]"
    pe1("interface Eth-Trunk10")
    assert pe1.prompt == "[*PE1-Eth-Trunk10]"
    pe1("interface loopback 1")
    assert pe1.prompt == "[*PE1-LoopBack1]"
    pe1("commit")
    assert pe1.prompt == "[~PE1-LoopBack1]"
    pe1("return")
    assert pe1.prompt == "<PE1>"


def test_abbreviations_and_case(pe1: Console) -> None:
    pe1("SYS")
    assert pe1.prompt == "[~PE1]"
    pe1("INT ETH-TRUNK 10")
    assert pe1.prompt == "[~PE1-Eth-Trunk10]"
    assert pe1("disp cur | inc ^interface Eth")[0] == "interface Eth-Trunk10"
    pe1("int ge0/1/1")
    assert pe1.prompt == "[~PE1-GigabitEthernet0/1/1]"


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("foo", 0, "Error: Unrecognized command found at '^' position."),
        ("display nonexistent", 8, "Error: Unrecognized command found at '^' position."),
        ("display", 8, "Error: Incomplete command found at '^' position."),
        ("display   ", 10, "Error: Incomplete command found at '^' position."),
        ("e-trunk", 8, "Error: Incomplete command found at '^' position."),
        ("re", 0, "Error: Ambiguous command found at '^' position."),
        ("display re", 8, "Error: Ambiguous command found at '^' position."),
        ("e-trunk 129", 8, "Error: Wrong parameter found at '^' position."),
        ("e-trunk 0", 8, "Error: Wrong parameter found at '^' position."),
        ("remote-backup-service " + "r" * 33, 22, "Error: Wrong parameter found at '^' position."),
        ("remote-backup-service bad/name", 22, "Error: Wrong parameter found at '^' position."),
        ("interface GigabitEthernet 9/9/9", 26, "Error: Wrong parameter found at '^' position."),
        ("interface GigabitEthernet9/9/9", 10, "Error: Wrong parameter found at '^' position."),
        ("display version now", 16, "Error: Too many parameters found at '^' position."),
        ("commit now", 7, "Error: Too many parameters found at '^' position."),
    ],
)
def test_syntax_errors_with_caret(sys1: Console, line: str, column: int, message: str) -> None:
    before = current_configuration(sys1.session.candidate)
    prompt = sys1.prompt
    caret, error = sys1(line)
    assert error == message
    assert caret == " " * (len(prompt) + column) + "^"
    assert sys1.prompt == prompt == "[~PE1]"
    assert current_configuration(sys1.session.candidate) == before


def test_caret_is_offset_by_the_view_prompt(sys1: Console) -> None:
    sys1("interface Eth-Trunk10")
    caret, _ = sys1("nonsense")
    assert caret.index("^") == len("[~PE1-Eth-Trunk10]")


def test_ranges(sys1: Console) -> None:
    sys1("remote-backup-service rbs1")
    assert "Wrong parameter" in sys1("peer 2.2.2.2 source 1.1.1.1 port 1023")[1]
    assert "Wrong parameter" in sys1("peer 2.2.2.2 source 1.1.1.1 port 55536")[1]
    assert "Wrong parameter" in sys1("peer 2.2.2.300 source 1.1.1.1 port 2046")[1]
    assert sys1("peer 2.2.2.2 source 1.1.1.1 port 55535") == []
    sys1("e-trunk 128")
    assert "Wrong parameter" in sys1("priority 255")[1]
    assert "Wrong parameter" in sys1("timer hello 4")[1]
    assert "Wrong parameter" in sys1("timer revert delay 10801")[1]
    sys1.run(["priority 1", "timer hello 100", "timer revert delay 0", "description to PE2"])
    sys1("remote-backup-profile " + "p" * 128)
    assert sys1.prompt == f"[*PE1-rm-backup-prf-{'p' * 128}]"
    assert "Wrong parameter" in sys1("backup-id 4096 remote-backup-service rbs1")[1]
    assert "Wrong parameter" in sys1("remote-backup-profile " + "p" * 129)[1]
    assert "Wrong parameter" in sys1("interface eth-trunk 65536")[1]


def test_procedure_ipv4_then_current_configuration(lab_v4: Lab) -> None:
    for name in lab_v4.pair:
        console = Console(new_device(lab_v4, name))
        console("system-view")
        console.run(procedure(lab_v4.intent(name)))
        assert console.prompt == f"[~{name}-Eth-Trunk10]"
        text = current_configuration(console.device.running)
        expected = expected_sections(lab_v4.intent(name))
        start = text.index(expected[1]) - 1
        assert text[start : start + len(expected)] == expected
        trunk = text[text.index("interface Eth-Trunk10") :]
        assert trunk[1:6] == [
            " ip address 192.168.10.1 255.255.255.0",
            " e-trunk 1",
            " e-trunk mode force-master",
            " remote-backup-profile rbp1",
            "#",
        ]


def test_procedure_ipv6(lab_v6: Lab) -> None:
    for name in lab_v6.pair:
        console = Console(new_device(lab_v6, name))
        console("system-view")
        console.run(procedure(lab_v6.intent(name)))
        text = current_configuration(console.device.running)
        for line in expected_sections(lab_v6.intent(name)):
            assert line in text


def test_undo_forms_restore_the_baseline(lab_v4: Lab, sys1: Console) -> None:
    baseline = current_configuration(sys1.device.running)
    sys1.run(procedure(lab_v4.intent("PE1")))
    sys1.run(
        [
            "interface eth-trunk 10",
            "undo remote-backup-profile rbp1",
            "quit",
            "remote-backup-profile rbp1",
            "undo e-trunk 1 eth-trunk 10",
            "undo service-type arp",
            "undo backup-id 10 remote-backup-service rbs1",
            "quit",
            "undo remote-backup-profile rbp1",
            "interface eth-trunk 10",
            "undo e-trunk mode",
            "undo e-trunk",
            "quit",
            "e-trunk 1",
            "undo peer-address",
            "undo priority",
            "quit",
            "undo e-trunk 1",
            "remote-backup-service rbs1",
            "undo peer 2.2.2.2",
            "quit",
            "undo remote-backup-service rbs1",
            "commit",
        ]
    )
    assert current_configuration(sys1.device.running) == baseline


def test_ipv6_undo_forms(lab_v6: Lab) -> None:
    console = Console(new_device(lab_v6))
    console("system-view")
    console.run(procedure(lab_v6.intent("PE1")))
    console.run(
        [
            "remote-backup-service rbs1",
            "undo peer-ipv6 2001:db8::2 source-ipv6 2001:db8::1 port 2046",
            "e-trunk 1",  # intelligent rollback: back to system view, then into the E-Trunk
            "undo peer-ipv6",
            "commit",
        ]
    )
    text = current_configuration(console.device.running)
    assert not any("peer-ipv6" in line for line in text)


@pytest.mark.parametrize(
    ("setup", "line", "message"),
    [
        (
            ["remote-backup-profile p"],
            "backup-id 10 remote-backup-service nope",
            "REFUSE_RBS_MISSING",
        ),
        ([], "interface eth-trunk 10\ne-trunk 7", "REFUSE_ETRUNK_MISSING"),
        (["interface eth-trunk 10"], "e-trunk mode force-master", "REFUSE_ETRUNK_MODE_NOT_MEMBER"),
        (
            ["remote-backup-profile p", "quit", "interface eth-trunk 10"],
            "remote-backup-profile p",
            "REFUSE_RBP_INCOMPLETE",
        ),
        (["interface eth-trunk 10"], "remote-backup-profile nope", "REFUSE_RBP_MISSING"),
        (
            [
                "remote-backup-service s",
                "quit",
                "remote-backup-profile p1",
                "backup-id 10 remote-backup-service s",
                "quit",
                "remote-backup-profile p2",
            ],
            "backup-id 10 remote-backup-service s",
            "REFUSE_BACKUP_ID_USED",
        ),
        (
            [
                "remote-backup-service s",
                "quit",
                "remote-backup-profile p",
                "backup-id 1 remote-backup-service s",
                "quit",
            ],
            "undo remote-backup-service s",
            "REFUSE_RBS_IN_USE",
        ),
        (
            ["e-trunk 1", "quit", "remote-backup-profile p"],
            "e-trunk 1 eth-trunk 10",
            "REFUSE_ETH_TRUNK_NOT_IN_ETRUNK",
        ),
        (
            ["e-trunk 1", "quit", "remote-backup-profile p"],
            "e-trunk 1 eth-trunk 11",
            "REFUSE_ETH_TRUNK_MISSING",
        ),
        (["interface GigabitEthernet0/2/0"], "eth-trunk 10", "REFUSE_MEMBER_HAS_L3"),
        (["interface GigabitEthernet0/1/0"], "ip address 10.9.9.1 24", "REFUSE_L3_ON_MEMBER"),
        (["interface GigabitEthernet0/1/0"], "eth-trunk 99", "REFUSE_ETH_TRUNK_MISSING"),
        ([], "undo interface eth-trunk 10", "REFUSE_ETH_TRUNK_HAS_MEMBERS"),
        (["interface LoopBack1"], "ip address 1.1.1.1 32", "REFUSE_ADDRESS_EXISTS"),
        (["e-trunk 1"], "peer-address 1.1.1.1 source-address 1.1.1.1", "REFUSE_PEER_EQUALS_SOURCE"),
        (["remote-backup-service s"], "undo peer 9.9.9.9", "REFUSE_PEER_MISMATCH"),
    ],
)
def test_refusals_leave_view_and_candidate_unchanged(
    sys1: Console, setup: list[str], line: str, message: str
) -> None:
    *lines, last = line.split("\n")
    sys1.run(setup + lines)
    prompt = sys1.prompt
    candidate = sys1.session.candidate.clone()
    assert sys1(last) == [f"Error: {getattr(inferred, message)}"]
    assert sys1.prompt == prompt
    assert sys1.session.candidate == candidate


def test_intelligent_rollback(sys1: Console) -> None:
    sys1("e-trunk 1")
    sys1("remote-backup-profile rbp1")  # unknown in the E-Trunk view: runs in system view
    assert sys1.prompt == "[*PE1-rm-backup-prf-rbp1]"
    _caret, error = sys1("undo e-trunk 1")  # never for undo: the system view would delete it
    assert error.startswith("Error: Incomplete")
    assert sys1.prompt == "[*PE1-rm-backup-prf-rbp1]"
    assert 1 in sys1.session.candidate.e_trunks
    _caret, error = sys1("sysname")  # incomplete everywhere: no move
    assert error.startswith("Error: Incomplete")
    assert sys1.prompt == "[*PE1-rm-backup-prf-rbp1]"


def test_commit_failure_changes_nothing(lab_v4: Lab) -> None:
    device = new_device(lab_v4)
    first, second = Console(device), Console(device)
    for console in (first, second):
        console("system-view")
        console.run(["remote-backup-service rbs1", "quit"])
    first.run(["remote-backup-profile a", "backup-id 10 remote-backup-service rbs1", "quit"])
    second.run(["remote-backup-profile b", "backup-id 10 remote-backup-service rbs1", "quit"])
    assert first("commit") == []
    running = device.running
    before = current_configuration(running)
    assert second("commit") == [
        "backup-id 10 remote-backup-service rbs1",
        f"Error: {inferred.REFUSE_BACKUP_ID_USED}",
        "",
        *COMMIT_CANCELED,
    ]
    assert device.running is running
    assert current_configuration(device.running) == before
    assert second.prompt == "[*PE1]"  # the candidate still holds the changes


def test_two_sessions_have_separate_candidates(lab_v4: Lab) -> None:
    device = new_device(lab_v4)
    first, second = Console(device), Console(device)
    first("system-view")
    second("system-view")
    first("sysname ALPHA")
    assert first.prompt == "[*PE1]"
    assert second.prompt == "[~PE1]"
    assert second("display configuration candidate") == []
    assert first("display configuration candidate") == ["sysname ALPHA"]
    second.run(["interface loopback 5", "description second", "commit"])
    assert first("display configuration candidate") == ["sysname ALPHA"]
    first("commit")
    text = current_configuration(device.running)
    assert "sysname ALPHA" in text
    assert " description second" in text
    assert second.prompt == "[~ALPHA-LoopBack5]"


def test_clear_configuration_candidate_and_abort(sys1: Console) -> None:
    for command in ("clear configuration candidate", "abort"):
        sys1.run(["e-trunk 5"])
        assert sys1.prompt == "[*PE1-e-trunk-5]"
        sys1(command)
        assert sys1.prompt == "[~PE1]"
        assert sys1("display configuration candidate") == []


@pytest.mark.parametrize(
    ("answers", "prompt", "committed"),
    [
        (["y"], "<PE1>", True),
        (["YES"], "<PE1>", True),
        (["n"], "<PE1>", False),
        (["c"], "[*PE1]", False),
        (["maybe", "", "n"], "<PE1>", False),
    ],
)
def test_leaving_with_uncommitted_changes_asks(
    sys1: Console, answers: list[str], prompt: str, committed: bool
) -> None:
    sys1("sysname NEW")
    sys1("quit")
    assert sys1.prompt == LEAVE_QUESTION
    for answer in answers[:-1]:
        assert sys1(answer) == []
        assert sys1.prompt == LEAVE_BAD_ANSWER
    sys1(answers[-1])
    assert sys1.device.running.sysname == ("NEW" if committed else "PE1")
    assert sys1.prompt == prompt.replace("PE1", "NEW" if committed else "PE1")


def test_quit_between_views_keeps_pending_changes(sys1: Console) -> None:
    sys1("e-trunk 3")
    sys1("quit")
    assert sys1.prompt == "[*PE1]"
    sys1("interface loopback 3")
    sys1("return")
    assert sys1.prompt == LEAVE_QUESTION


def test_display_this_and_candidate(lab_v4: Lab, sys1: Console) -> None:
    sys1.run(procedure(lab_v4.intent("PE1")))
    assert sys1("display this") == [
        "#",
        "interface Eth-Trunk10",
        " ip address 192.168.10.1 255.255.255.0",
        " e-trunk 1",
        " e-trunk mode force-master",
        " remote-backup-profile rbp1",
        "#",
        "return",
    ]
    sys1("undo e-trunk mode")
    assert sys1("display configuration candidate") == [
        "interface Eth-Trunk10",
        " undo e-trunk mode force-master",
    ]
    sys1("quit")
    assert sys1("display this")[-2:] == ["#", "return"]
    assert sys1("display current-configuration | begin ^remote-backup-profile")[0] == (
        "remote-backup-profile rbp1"
    )
    assert "#" not in sys1("display current-configuration | exclude #")


def test_runtime_requests(sys1: Console) -> None:
    runtime = fake(sys1.device)
    sys1("interface Eth-Trunk10")  # displays work from any view
    for line in (
        "display e-trunk 1",
        "display e-trunk brief",
        "disp remote-backup-service",
        "display remote-backup-service rbs1 verbose",
        "display remote-backup-profile rbp1",
        "display eth-trunk",
        "display eth-trunk 10 verbose",
        "display eth-trunk brief",
        "display interface",
        "display interface eth-trunk 10",
        "display interface GigabitEthernet0/1/0",
        "display interface brief",
        "display arp interface Eth-Trunk10",
        "display arp statistics all",
    ):
        assert sys1(line)[0].startswith("fake"), line
    assert runtime.requests == [
        ShowETrunk(1),
        ShowETrunk(None),
        ShowRbs(None),
        ShowRbs("rbs1", verbose=True),
        ShowRbp("rbp1"),
        ShowEthTrunk(None),
        ShowEthTrunk(10, verbose=True),
        ShowEthTrunk(None, brief=True),
        ShowInterface(None),
        ShowInterface("Eth-Trunk10"),
        ShowInterface("GigabitEthernet0/1/0"),
        ShowInterfaceBrief(),
        runtime.requests[12],
        ShowArpStatistics(),
    ]
    assert sys1("display e-trunk 99") == ["Error: The E-Trunk does not exist."]
    assert sys1("display e-trunk 1 | include etrunk_id") == ["ShowETrunk(etrunk_id=1)"]


def test_ping_request(lab_v4: Lab) -> None:
    console = Console(new_device(lab_v4))
    reply = console.session.execute("ping -c 3 -a 1.1.1.1 192.168.10.2")
    assert reply.later is not None
    assert asyncio.run(_wait(reply.later)) == [
        "  PING 192.168.10.2: 56 data bytes, press CTRL_C to break"
    ]
    assert fake(console.device).requests == [
        PingRequest(target="192.168.10.2", count=3, source="1.1.1.1")
    ]
    assert "Wrong parameter" in console.session.execute("ping -c 0 192.168.10.2").lines[1]


async def _wait(later: Awaitable[list[str]]) -> list[str]:
    return await later


def test_screen_commands(pe1: Console) -> None:
    assert pe1("screen-length 0 temporary") == []
    assert pe1.session.screen_length == 0
    pe1("screen-width 256")
    assert pe1.prompt == inferred.SCREEN_WIDTH_QUESTION
    pe1("y")
    assert pe1.session.screen_width == 256
    assert pe1.prompt == "<PE1>"
    pe1("screen-width 100")
    pe1("n")
    assert pe1.session.screen_width == 256


def test_display_version(pe1: Console) -> None:
    lines = pe1("display version")
    assert lines[:3] == [
        "Huawei Versatile Routing Platform Software",
        f"VRP (R) software, Version {inferred.VERSION_SOFTWARE}",
        inferred.VERSION_COPYRIGHT,
    ]
    assert lines[3].startswith(f"HUAWEI {inferred.VERSION_MODEL} uptime is 0 day, 0 hour")


def test_quit_in_user_view_logs_out(pe1: Console) -> None:
    assert pe1.session.execute("quit").close
    assert "Unrecognized" in pe1("exit")[1]


def test_interface_commands_render(sys1: Console) -> None:
    sys1.run(
        [
            "interface GigabitEthernet0/1/0",
            "shutdown",
            "description to CE port 1",
            "interface eth-trunk 10",
            "shutdown",
            "mode lacp-static",
            "interface loopback 7",
            "ip address 7.7.7.7 255.255.255.255",
            "ip address 7.7.8.7 24 sub",
            "ipv6 address 2001:DB8:7::7 128",
            "remote-backup-service rbs9",
            "shutdown",
            "commit",
        ]
    )
    text = current_configuration(sys1.device.running)
    port = text.index("interface GigabitEthernet0/1/0")
    assert text[port + 1 : port + 4] == [" description to CE port 1", " shutdown", " eth-trunk 10"]
    trunk = text.index("interface Eth-Trunk10")
    assert text[trunk + 1 : trunk + 4] == [
        " shutdown",
        " ip address 192.168.10.1 255.255.255.0",
        " mode lacp-static",
    ]
    loopback = text.index("interface LoopBack7")
    assert text[loopback + 1 : loopback + 5] == [
        " ip address 7.7.7.7 255.255.255.255",
        " ip address 7.7.8.7 255.255.255.0 sub",
        " ipv6 enable",
        " ipv6 address 2001:DB8:7::7/128",
    ]
    assert text[text.index("remote-backup-service rbs9") + 1] == " shutdown"
    assert text.index("interface LoopBack0") < loopback < text.index("interface NULL0")
    sys1.run(["interface GigabitEthernet0/1/0", "undo shutdown", "undo description", "commit"])
    port = current_configuration(sys1.device.running).index("interface GigabitEthernet0/1/0")
    assert current_configuration(sys1.device.running)[port + 1] == " undo shutdown"
    sys1.run(["e-trunk 1", "interface eth-trunk 10", "mode manual load-balance", "e-trunk 1"])
    assert sys1("mode lacp-static") == [f"Error: {inferred.REFUSE_TRUNK_MODE_IN_ETRUNK}"]


def test_trunk_membership_and_eth_trunk_lifecycle(sys1: Console) -> None:
    sys1.run(["interface eth-trunk 20", "interface GigabitEthernet0/1/1", "undo eth-trunk"])
    sys1.run(["eth-trunk 20", "commit"])
    device = sys1.device
    assert device.running.interfaces["GigabitEthernet0/1/1"].eth_trunk == 20
    assert "Unrecognized" in sys1("undo interface eth-trunk 20")[1]  # undo: no rollback
    sys1("quit")
    assert sys1("undo interface eth-trunk 20") == [
        f"Error: {inferred.REFUSE_ETH_TRUNK_HAS_MEMBERS}"
    ]
    sys1.run(["interface GigabitEthernet0/1/1", "undo eth-trunk", "quit"])
    sys1.run(["undo interface Eth-Trunk20", "commit"])
    assert "Eth-Trunk20" not in device.running.interfaces
    assert device.running.interfaces["GigabitEthernet0/1/1"].eth_trunk is None


@pytest.mark.parametrize(
    ("kind", "name", "accepted"),
    [
        ("service", "r" * 32, True),
        ("service", "Rbs_1.a-b", True),
        ("service", "rbs?", False),
        ("service", "rbsé", False),
        ("profile", "p" * 128, True),
        ("profile", "p*", False),
    ],
)
def test_object_names_follow_the_device_rules(
    sys1: Console, kind: str, name: str, accepted: bool
) -> None:
    """The simulator's own RBS/RBP name rules (REFERENCE §3.1, §3.11; `inferred` for the rest)."""
    output = sys1(f"remote-backup-{kind} {name}")
    assert (output == []) is accepted, output
    assert accepted or output[1] == "Error: Wrong parameter found at '^' position."
