"""Property tests: whatever is typed, the CLI answers with a well-formed reply and never raises."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nornir_arpha.lab import Lab
from nornir_arpha.sim.cli.cli_session import CliSession
from nornir_arpha.sim.cli.grammar import FAULT_MESSAGES
from tests.sim.conftest import new_device, procedure

pytestmark = pytest.mark.timeout(120)

PROMPT = re.compile(r"^(<[^>]+>|\[[~*][^\]]+\]|Warning: .*:|Error: .*:)$")
SYNTAX_ERRORS = set(FAULT_MESSAGES.values())


def vocabulary(lab: Lab) -> list[str]:
    words = {word for line in procedure(lab.intent("PE1")) for word in line.split()}
    words |= {
        "undo",
        "display",
        "current-configuration",
        "this",
        "|",
        "include",
        "begin",
        "y",
        "n",
        "c",
        "return",
        "system-view",
        "commit",
        "abort",
        "999999999999",
        "-c",
        "ping",
        "interface",
        "GigabitEthernet0/1/0",
        "ip",
        "address",
        "10.1.1.1",
        "24",
        "ipv6",
        "2001:db8::9/64",
        "shutdown",
        "description",
        "sysname",
        "clear",
        "configuration",
        "candidate",
        "screen-width",
        "256",
        "?",
        "\t",
        "ü",
        "",
    }
    return sorted(words)


def check_reply(session: CliSession, line: str) -> None:
    prompt = session.prompt
    reply = session.execute(line)
    lines = [*reply.lines, *(reply.stream or ())]
    assert all(isinstance(text, str) and "\n" not in text for text in lines)
    for index, text in enumerate(lines):
        if text in SYNTAX_ERRORS:
            caret = lines[index - 1]
            assert caret.strip() == "^"
            assert len(prompt) <= caret.index("^") <= len(prompt) + len(line) + 1
    if reply.later is not None:
        reply.later.close()  # type: ignore[attr-defined]
    assert PROMPT.match(session.prompt), session.prompt


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
            max_size=80,
        ),
        max_size=6,
    )
)
def test_any_text_gets_a_well_formed_reply(lab_v4: Lab, lines: list[str]) -> None:
    session = CliSession(new_device(lab_v4))
    for line in ["system-view", *lines]:
        check_reply(session, line)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_command_like_sequences_keep_the_session_consistent(
    lab_v4: Lab, data: st.DataObject
) -> None:
    words = vocabulary(lab_v4)
    device = new_device(lab_v4)
    session = CliSession(device)
    running = device.running
    session.execute("system-view")
    for _ in range(data.draw(st.integers(1, 25))):
        line = " ".join(data.draw(st.lists(st.sampled_from(words), min_size=1, max_size=6)))
        check_reply(session, line)
        if device.running is not running:  # only a commit (or Y to the question) changes it
            assert line.split()[0] in ("commit", "y")
            running = device.running
        marker = session.prompt[1:2] if session.prompt.startswith("[") else None
        if marker is not None:
            assert (marker == "*") == session.pending
