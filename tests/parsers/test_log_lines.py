"""Log lines printed into the session (`terminal monitor`) never change a parse (issue 17).

Every sample of tests/data/vrp/samples goes through the parsers of its display, once as
stored and once with a log line injected at a line position: the records (or the refusal)
must be the same. The default run tries a few positions per sample (first, second, middle,
last, after the end: ~2 s); the `slow` run every position with both log layouts of
REFERENCE §9 (a log and a debug line; ~50 s).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nornir_arpha import parsers
from nornir_arpha.parsers import base, terminal_noise
from tests.parsers.samples import OUTPUT_SUFFIXES, SAMPLES_DIR, read

LOG_LINES = (
    "Apr 23 2020 09:37:53 PE1 %%01IFNET/2/linkDown_active(l):CID=0x80fa0001;The interface "
    "status changes. (ifName=Eth-Trunk10, AdminStatus=UP, OperStatus=DOWN, Reason=The "
    "interface is shut down, mainIfname=Eth-Trunk10)",
    "Apr  8 2013 00:41:32.946 HUAWEI %%01RBS/7/RBS_DBG_RBP_MSG(d):CID=0x80af2735;RBP receive "
    "a message, RBP: p1, AppPid:7799797, MsgType: Backup Data",
)

Parser = Callable[[str], Any]
PARSERS: dict[str, tuple[Parser, ...]] = {
    "display_arp": (parsers.parse_arp_table,),
    "display_arp_all": (parsers.parse_arp_table,),
    "display_arp_brief": (parsers.parse_arp_table,),
    "display_arp_interface": (parsers.parse_arp_table,),
    "display_current-configuration": (parsers.parse_config,),
    "display_e-trunk": (parsers.parse_etrunks, parsers.parse_etrunk_brief),
    "display_eth-trunk": (parsers.parse_eth_trunks, parsers.parse_eth_trunk_brief),
    "display_interface": (parsers.parse_interfaces,),
    "display_interface_brief": (parsers.parse_interface_brief,),
    "display_remote-backup-profile": (parsers.parse_rbp, parsers.parse_rbp_list),
    "display_remote-backup-service": (parsers.parse_rbs, parsers.parse_rbs_list),
    "display_version": (parsers.parse_version,),
    "ping": (parsers.parse_ping,),
}


def _samples() -> list[Any]:
    folders = sorted(p for p in SAMPLES_DIR.iterdir() if p.is_dir())
    assert {f.name for f in folders} == set(PARSERS), "a samples folder has no parser here"
    return [
        pytest.param(path, id=f"{folder.name}/{path.name}")
        for folder in folders
        for path in sorted(folder.iterdir())
        if path.suffix in OUTPUT_SUFFIXES
    ]


def _outcome(parse: Parser, text: str) -> object:
    """The parse's records, or its error's type and message."""
    try:
        return parse(text)
    except (parsers.ParseError, parsers.UnsupportedLayout) as exc:
        return type(exc), str(exc)


def _injected(text: str, log: str, *, every: bool = True) -> dict[int, str]:
    """`text` with `log` injected before a line (or after the last one), CRLF-ended as a
    session prints it, by position; `every` False: only a few positions."""
    lines = text.replace("\r\n", "\n").split("\n")
    count = len(lines)
    positions = range(count + 1) if every else sorted({0, 1, count // 2, count - 1, count})
    return {
        position: "\r\n".join([*lines[:position], log, *lines[position:]]) for position in positions
    }


def _check(path: Path, logs: tuple[str, ...], *, every: bool) -> None:
    text = read(path)
    for parse in PARSERS[path.parent.name]:
        expected = _outcome(parse, text)
        for number, log in enumerate(logs):
            for position, noisy in _injected(text, log, every=every).items():
                assert _outcome(parse, noisy) == expected, (
                    f"{parse.__name__}, log {number} before line {position}"
                )


@pytest.mark.parametrize("path", _samples())
def test_a_log_line_changes_no_parse(path: Path) -> None:
    _check(path, LOG_LINES[:1], every=False)


@pytest.mark.slow
@pytest.mark.parametrize("path", _samples())
def test_a_log_line_at_every_position_changes_no_parse(path: Path) -> None:
    _check(path, LOG_LINES, every=True)


def test_without_stripping_a_log_line_breaks_the_arp_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The handling switched off: the same injection makes `display arp all` unparseable."""
    monkeypatch.setattr(base, "strip_logs", lambda text: text)
    text = read(SAMPLES_DIR / "display_arp_all" / "napalm-huawei-vrp_vrp8_display_arp_all.txt")
    expected = _outcome(parsers.parse_arp_table, text)
    broken = [
        noisy
        for noisy in _injected(text, LOG_LINES[0]).values()
        if _outcome(parsers.parse_arp_table, noisy) != expected
    ]
    assert broken


def test_log_lines_are_the_only_lines_dropped() -> None:
    text = f"a\n{LOG_LINES[0]}\n%% not a log\nb %%01X/1/Y(l):z\n{LOG_LINES[1]}"
    assert terminal_noise.strip_logs(text) == "a\n%% not a log\nb %%01X/1/Y(l):z\n"
