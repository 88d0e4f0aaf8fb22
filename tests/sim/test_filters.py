"""Output filters: ordinary patterns keep their output; a hostile one cannot stall the lab."""

from __future__ import annotations

import asyncio

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.sim import SimLabThread, inferred
from nornir_arpha.sim.cli.cli_session import CliSession
from nornir_arpha.sim.cli.grammar import FAULT_MESSAGES
from tests.sim.conftest import BIG_TABLE_LINES, new_device
from tests.sim.rawssh import RawShell

pytestmark = pytest.mark.timeout(60)

TOO_COSTLY = f"Error: {inferred.REFUSE_FILTER_TOO_COSTLY}"
# Backtracks on every "ARP line N" of the fake table (three ways to take each character):
# about 10 ms a line for stdlib `re` and 5 ms for `regex`, minutes over the whole table, so
# it is the budget over all the lines together that stops it.
HOSTILE = r"^(\w|\s|.)*[^\w\s]$"


def output(session: CliSession, line: str) -> list[str]:
    reply = session.execute(line)
    return [*reply.lines, *(reply.stream or ())]


@pytest.fixture
def session(lab_v4: Lab) -> CliSession:
    return CliSession(new_device(lab_v4))


@pytest.mark.parametrize("kind", ["include", "exclude", "begin"])
def test_a_hostile_filter_ends_with_an_error_and_the_session_goes_on(
    session: CliSession, kind: str
) -> None:
    lines = output(session, f"display arp all | {kind} {HOSTILE}")
    assert lines[-1] == TOO_COSTLY
    assert len(lines) < BIG_TABLE_LINES  # stopped early, not matched to the end
    assert output(session, "display arp all | include ^ARP line 6399[89]$") == [
        "ARP line 63998",
        "ARP line 63999",
    ]


def test_ordinary_filters_keep_their_output(session: CliSession) -> None:
    assert output(session, "display arp all | include 1234$") == [
        f"ARP line {n}" for n in range(BIG_TABLE_LINES) if str(n).endswith("1234")
    ]
    assert len(output(session, "display arp all | exclude [02468]$")) == BIG_TABLE_LINES // 2
    assert output(session, "display arp all | begin line 63998") == [
        "ARP line 63998",
        "ARP line 63999",
    ]


def test_a_pattern_too_costly_to_compile_is_refused_at_once(session: CliSession) -> None:
    assert output(session, "display arp all | include ((a{100}){100}){100}") == [TOO_COSTLY]
    assert output(session, "display version | include a{1,5}") != [TOO_COSTLY]


def test_an_invalid_pattern_is_a_wrong_parameter(session: CliSession) -> None:
    prompt = session.prompt
    assert output(session, "display arp all | include (") == [
        " " * (len(prompt) + len("display arp all | include ")) + "^",
        FAULT_MESSAGES["Wrong parameter"],
    ]


def test_a_hostile_filter_does_not_stall_another_pe(sim: SimLabThread) -> None:
    async def scenario() -> None:
        hostile, other = await RawShell.open(sim), await RawShell.open(sim, "PE2")
        hostile.write(f"display arp all | include {HOSTILE}\r".encode())
        # Without the budget the loop would hold on PE1's filter for hours: this times out.
        assert b"Huawei" in await other.command("display version", b"<PE2>")
        answer = await hostile.read_until(b"<PE1>")
        assert answer.endswith(f"{TOO_COSTLY}\r\n<PE1>".encode())
        assert b"ARP line 7" in await hostile.command("display arp all | include ^ARP line 7$")
        hostile.close()
        other.close()

    asyncio.run(scenario())
