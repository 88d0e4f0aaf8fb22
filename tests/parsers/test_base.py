"""Echo stripping, template errors, the template pool and the lean rule runner."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import textfsm

from nornir_arpha import parsers
from nornir_arpha.parsers import (
    ParseError,
    UnsupportedLayout,
    base,
    parse_rbs,
    parse_rbs_list,
    strip_echo,
)
from nornir_arpha.parsers.base import LineRules, line_rules, prepare, run_template
from tests.parsers.samples import OUTPUT_SUFFIXES, SAMPLES_DIR

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


class _CountingFSM(textfsm.TextFSM):  # type: ignore[misc]
    compiled = 0

    def __init__(self, *args: object, **kwargs: object) -> None:
        type(self).compiled += 1
        super().__init__(*args, **kwargs)


def test_compiled_templates_outlive_the_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    # Nornir's threaded runner starts new threads on every run: they must not recompile.
    monkeypatch.setattr(_CountingFSM, "compiled", 0)
    monkeypatch.setattr(base.textfsm, "TextFSM", _CountingFSM)
    parse_rbs(RBS.format(index=1))  # the pool may hold a machine already; now it surely does
    warm = _CountingFSM.compiled
    for index in range(2, 12):
        thread = threading.Thread(target=parse_rbs, args=(RBS.format(index=index),))
        thread.start()
        thread.join()
    assert _CountingFSM.compiled == warm
    with ThreadPoolExecutor(max_workers=8) as pool:  # at most one machine per concurrent parse
        list(pool.map(lambda i: parse_rbs(RBS.format(index=i)), range(400)))
    assert _CountingFSM.compiled <= warm + 8


def test_a_failed_parse_leaves_no_state_behind() -> None:
    listing = "SERVER ID    SERVER NAME\n  1          rbs1\n  2          rbs2\n"
    with pytest.raises(UnsupportedLayout):
        parse_rbs_list(listing + "garbage\n")  # fails after two records were made
    # Same thread, so the same (last returned) machine: it must start afresh.
    assert [(r.index, r.name) for r in parse_rbs_list(listing)] == [(1, "rbs1"), (2, "rbs2")]


def test_errors_name_the_command() -> None:
    with pytest.raises(UnsupportedLayout) as raised:
        parse_rbs("garbage\n")
    assert raised.value.command == "display remote-backup-service"
    assert str(raised.value) == "display remote-backup-service: unrecognised line 'garbage'"
    assert isinstance(raised.value, ParseError)


def test_error_quotes_the_whole_line() -> None:
    with pytest.raises(UnsupportedLayout) as raised:
        parse_rbs("  Info: no such service.  \n")
    assert raised.value.problem == "unrecognised line 'Info: no such service.'"


def test_device_error_reply() -> None:
    text = (
        "<PE1> display remote-backup-service x\nError: The remote backup service does not exist.\n"
    )
    with pytest.raises(
        ParseError, match="device replied 'Error: The remote backup service"
    ) as raised:
        parse_rbs(text)
    assert not isinstance(raised.value, UnsupportedLayout)


ONE_STATE_TEMPLATES = [
    "arp",
    "arp_statistics",
    "eth_trunk_brief",
    "etrunk_brief",
    "interface_brief",
    "ping",
    "rbp_list",
    "rbs_list",
]


def _outcome(run: object, text: str) -> object:
    try:
        return run(text)  # type: ignore[operator]
    except ParseError as exc:
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize("name", ONE_STATE_TEMPLATES)
def test_line_rules_give_what_textfsm_gives_on_every_sample(name: str) -> None:
    # Any text will do, so every sample of every command goes through every one-state template.
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES_DIR.rglob("*"))
             if p.suffix in OUTPUT_SUFFIXES]  # fmt: skip
    texts += ["", "\n\n", "garbage.\n", "-" * 20 + "\n"]
    rules = line_rules(name)
    for text in texts:
        reference = _outcome(lambda t: run_template(name, t, "cmd"), text)
        assert _outcome(lambda t: rules.parse(prepare(t, "cmd"), "cmd"), text) == reference


@pytest.mark.parametrize(
    "name", ["rbs", "interface", "eth_trunk", "ntc:huawei_vrp_display_version"]
)
def test_line_rules_refuse_templates_they_cannot_run(name: str) -> None:
    with pytest.raises(RuntimeError, match="is not a one-state template"):
        LineRules(name)


def test_one_state_template_list_is_complete() -> None:
    templates = Path(base.__file__).parent / "templates"
    for path in sorted(templates.glob("*.textfsm")):
        try:
            LineRules(path.stem)
        except RuntimeError:
            assert path.stem not in ONE_STATE_TEMPLATES
        else:
            assert path.stem in ONE_STATE_TEMPLATES
