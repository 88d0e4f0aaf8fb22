"""Echo stripping, template errors and thread safety shared by all parsers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from nornir_arpha import parsers
from nornir_arpha.parsers import ParseError, UnsupportedLayout, parse_rbs, strip_echo

BODY = "line one\n  line two\n"


@pytest.mark.parametrize(
    "echo",
    [
        "<HUAWEI> display arp all",
        "<PE1>display arp all",
        "[~PE1] display e-trunk 1",
        "[*PE1-Eth-Trunk10] display this",
        "[PE1] display version",
        "[BRAS1] display interface eth-trunk 1",
        "<HUAWEI>",
    ],
)
def test_strip_echo_drops_a_leading_prompt_line(echo: str) -> None:
    assert strip_echo(f"{echo}\n{BODY}") == BODY
    assert strip_echo(f"{echo}\n{BODY}".replace("\n", "\r\n")) == BODY


def test_strip_echo_drops_consecutive_echo_lines_and_a_trailing_prompt() -> None:
    text = "<HUAWEI> system-view\r\n[~HUAWEI] display e-trunk 1\r\nline one\r\n<HUAWEI>  \r\n"
    assert strip_echo(text) == "line one\n"


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        "IP ADDRESS      MAC ADDRESS\n",
        "(l): loopback\n*down: administratively down\n",
        "  PING 10.1.1.2: 56  data bytes\n",
        "#\nsysname PE1\n",
    ],
)
def test_strip_echo_keeps_output_without_echo(text: str) -> None:
    assert strip_echo(text) == text


def test_public_api_is_complete() -> None:
    for name in parsers.__all__:
        assert getattr(parsers, name) is not None, name
    assert {n for n in dir(parsers) if n.startswith("parse_")} <= set(parsers.__all__)


RBS = """\
----------------------------------------------------------
 Service-Index    : {index}
 Service-Name     : rbs{index}
 TCP-State        : Connected
 Peer-ip          : 10.0.0.{index}
 Source-ip        : 10.0.0.254
 TCP-Port         : 6001
----------------------------------------------------------
"""


def test_parsing_from_many_threads_at_once() -> None:
    # Compiled templates hold parse state; each thread must get its own.
    def parse(index: int) -> tuple[int, str | None]:
        rbs = parse_rbs(RBS.format(index=index))
        return rbs.index, rbs.peer

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(parse, range(1, 201)))
    assert results == [(i, f"10.0.0.{i}") for i in range(1, 201)]


def test_errors_name_the_command() -> None:
    with pytest.raises(UnsupportedLayout) as raised:
        parse_rbs("garbage\n")
    assert raised.value.command == "display remote-backup-service"
    assert str(raised.value) == "display remote-backup-service: unrecognised line 'garbage'"
    assert isinstance(raised.value, ParseError)


def test_device_error_reply() -> None:
    text = (
        "<PE1> display remote-backup-service x\nError: The remote backup service does not exist.\n"
    )
    with pytest.raises(
        ParseError, match="device replied 'Error: The remote backup service"
    ) as raised:
        parse_rbs(text)
    assert not isinstance(raised.value, UnsupportedLayout)
