"""The harsh personality's terminal at byte level: the pager's keys, and `screen-width`
refused with a caret (what the client's handling in tests/tasks/test_harsh_terminal.py
copes with)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.sim import SimLabThread, inferred
from tests.sim.conftest import attach_fakes
from tests.sim.rawssh import RawShell

pytestmark = pytest.mark.timeout(60)

MORE = inferred.MORE_PROMPT.encode()
ERASE = inferred.MORE_ERASE.encode()
PAGE = inferred.DEFAULT_SCREEN_LENGTH - 1  # lines per page, the prompt takes the last


@pytest.fixture
def harsh_sim(lab_v4: Lab) -> Iterator[SimLabThread]:
    with SimLabThread(lab_v4.with_personality("harsh"), attach_fakes) as started:
        yield started


def test_space_shows_a_page_enter_a_line_and_q_ends_the_display(harsh_sim: SimLabThread) -> None:
    async def scenario() -> None:
        shell = await RawShell.open(harsh_sim)
        shell.write(b"display arp all\r")
        first = await shell.read_until(MORE)
        assert first.count(b"\r\n") == 1 + PAGE  # the echo's line end, then one page
        shell.write(b"\r")
        line = await shell.read_until(MORE)
        assert line.startswith(ERASE) and line.count(b"\r\n") == 1
        shell.write(b" ")
        page = await shell.read_until(MORE)
        assert page.startswith(ERASE) and page.count(b"\r\n") == PAGE
        shell.write(b"q")
        assert await shell.read_until(b"<PE1>") == ERASE + b"<PE1>"
        shell.close()

    asyncio.run(scenario())


def test_screen_width_is_not_a_command_on_the_harsh_firmware(harsh_sim: SimLabThread) -> None:
    async def scenario() -> None:
        shell = await RawShell.open(harsh_sim)
        answer = await shell.command("screen-width 256")
        assert b"Error: Unrecognized command found at '^' position." in answer
        assert b"[Y/N]" not in answer
        shell.close()

    asyncio.run(scenario())
