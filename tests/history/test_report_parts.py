"""Triage aids: dated transcripts, the semantic snapshot diff, failures as sentences, the
HTML report's structure and the JUnit attachment lines."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from nornir_arpha.history.comparison import compare_runs
from nornir_arpha.html_report.page import render
from nornir_arpha.logs.redact import Redactor
from nornir_arpha.pytest_plugin.failure_text import sentences
from nornir_arpha.pytest_plugin.junit_links import add_attachments, junit_names
from nornir_arpha.pytest_plugin.snapshot_diff import describe_changes
from nornir_arpha.pytest_plugin.transcripts import TranscriptSink
from tests.history.pictures import drawn_lines
from tests.history.runs_data import BASELINE, CURRENT, SERIES

pytest_plugins = ["pytester"]


def test_every_command_and_answer_line_is_dated(tmp_path: Path) -> None:
    moments = iter(datetime(2026, 1, 1, 12, 0, 1) + timedelta(milliseconds=n) for n in (0, 7))
    sink = TranscriptSink("PE1", Redactor(["s3cret"]), clock=lambda: next(moments))
    sink.route_to(tmp_path)
    sink.write(b"<PE1>display arp all")  # the prompt and the echoed command
    sink.write(b"\r\nIP ADDRESS  MAC\r\n192.168.10.2 a020 s3cret\r\n<PE1>")
    lines = (tmp_path / "PE1.log").read_text().splitlines()
    assert lines == [
        "[12:00:01.000] <PE1>display arp all",
        "[12:00:01.007] IP ADDRESS  MAC",
        "[12:00:01.007] 192.168.10.2 a020 ********",
        "[12:00:01.007] <PE1>",
    ]


def _state(entries: list[tuple[str, str]], member: str, tcp: str) -> dict[str, object]:
    return {
        "arp": {
            "entries": [[ip, "a020-500a-895c", 18, kind, "Eth-Trunk10"] for ip, kind in entries]
        },
        "eth_trunk": {
            "name": "Eth-Trunk10",
            "members": [
                {"name": "GigabitEthernet0/1/0", "status": "Up"},
                {"name": "GigabitEthernet0/1/1", "status": member},
            ],
        },
        "interfaces": [{"name": "GigabitEthernet0/1/1", "state": member.upper()}],
        "rbs": {"tcp_state": tcp},
        "e_trunk": {"state": "Master", "members": [{"id": 10, "state": "Master"}]},
    }


def test_the_snapshot_diff_says_what_changed() -> None:
    hosts = [f"192.168.10.{n}" for n in range(2, 50)]
    before = _state([(ip, "D-0") for ip in hosts], "Up", "Connected")
    after = _state([(ip, "R-0") for ip in hosts[:5]], "Down", "Disconnected")
    lines = describe_changes("PE2", before, after)
    assert lines == [
        "PE2 lost 43 ARP entries: 192.168.10.7, 192.168.10.8, 192.168.10.9, 192.168.10.10, "
        "192.168.10.11, ...",
        "PE2: 5 ARP entries became backed-up: 192.168.10.2, 192.168.10.3, 192.168.10.4, "
        "192.168.10.5, 192.168.10.6",
        "PE2 GigabitEthernet0/1/1 state UP → DOWN",
        "PE2 Eth-Trunk10 GigabitEthernet0/1/1 Up → Down",
        "PE2 RBS TCP-State Connected → Disconnected",
    ]
    assert describe_changes("PE2", before, before) == []


def test_sentences_drop_pytests_explanation() -> None:
    text = "PE2: lacks 3 entries\nPE2: ping failed\nassert False\n +  where False = X(a=1).passed"
    assert sentences(text) == "PE2: lacks 3 entries\nPE2: ping failed"
    assert sentences("assert 1 == 2\n +  where ...") == "assert 1 == 2"


LAB_CASE = """
import pytest
from dataclasses import dataclass, field

@pytest.fixture
def probe():  # a lab fixture's name: the plugin treats the test as a lab test
    return None

@dataclass
class Verdict:
    dump: list = field(default_factory=lambda: list(range(400)))
    def passed(self): return False

def test_case(probe):
    verdict = Verdict()
    assert verdict.passed(), "PE2: 'display arp all' lacks ARP entries for 57 of 100 hosts"
"""


def test_a_lab_failure_reads_as_its_sentence(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_lab=LAB_CASE)
    result = pytester.runpytest("--junitxml=junit.xml", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    output = result.stdout.str()
    assert "lacks ARP entries for 57 of 100 hosts" in output
    assert "where False" not in output and "399" not in output
    failure = ET.parse(pytester.path / "junit.xml").getroot().find(".//failure")
    assert failure is not None
    assert failure.get("message", "").endswith("lacks ARP entries for 57 of 100 hosts")
    assert "where" not in (failure.text or "") and len(failure.text or "") < 200


def test_the_report_draws_a_timeline_per_failover_and_fetches_nothing() -> None:
    page = render(CURRENT, compare_runs(BASELINE, CURRENT), {"t.py::test_fast": [("x", "a/b.log")]})
    assert page.count("<figure class='timeline'><svg") == len(CURRENT.cases)
    # Each case the baseline ran too has its picture; the baseline predates the series.
    assert page.count("<figure class='baseline'><svg") == len(BASELINE.cases)
    assert 'id="case-test-slower-baseline-sum-down"' in page
    assert 'id="case-test-slower-rate-PE2-down"' in page
    assert "regression</span> convergence 900 → 1400 ms" in page
    assert "<script" not in page and "src=" not in page
    assert "href='http" not in page and "url(" not in page.replace("url(#", "")
    assert "<a href='a/b.log'>x</a>" in page


def test_a_run_over_several_labs_names_each_cases_lab() -> None:
    assert "<th>lab</th>" not in render(CURRENT)  # one lab: the header names it
    pooled = replace(
        CURRENT,
        cases=[replace(case, lab=f"sim-{n % 2 + 1}") for n, case in enumerate(CURRENT.cases)],
    )
    page = render(pooled)
    assert "<th>case</th><th>lab</th>" in page
    assert ">test_fast</a></td><td>sim-1</td>" in page
    assert ">test_slower</a></td><td>sim-2</td>" in page


def test_junit_gets_attachment_lines(tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    classname, name = junit_names("cases/test_02.py::test_x[PE1]")
    assert (classname, name) == ("cases.test_02", "test_x[PE1]")
    junit.write_text(
        f"<testsuites><testsuite><testcase classname='{classname}' name='{name}'/>"
        "<testcase classname='other' name='y'/></testsuite></testsuites>"
    )
    log = tmp_path / "PE1.log"
    assert add_attachments(junit, {"cases/test_02.py::test_x[PE1]": [log]}) == 1
    out = ET.parse(junit).getroot().find(".//testcase/system-out")
    assert out is not None and out.text == f"[[ATTACHMENT|{log.resolve()}]]"


@pytest.mark.parametrize("recorded", [True, False], ids=["per-PE-series", "recorded-before"])
def test_the_timeline_draws_each_pe_and_the_tester_loss(recorded: bool) -> None:
    """One line per PE and direction and one per direction of the tester's loss, each with
    all its points (a step per point); a run recorded before series has its sums only."""
    case = replace(
        CURRENT.cases[0], series=SERIES if recorded else (), restore_s=4.0 if recorded else None
    )
    page = render(replace(CURRENT, cases=(case,)))
    lines = drawn_lines(page, case.name)
    caption = page.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0]
    if not recorded:
        assert set(lines) == {"sum-down", "sum-up", "fault", "offered"}
        assert "no per-PE series recorded: the carrying PEs&#x27; summed rates" in caption
        return
    steps = {f"{s.kind}-{s.source}-{s.direction}": 2 * len(s.points) - 1 for s in SERIES}
    expected = {name.replace("loss-tester", "loss"): n for name, n in steps.items()}
    assert {k: v for k, v in lines.items() if k in expected} == expected
    assert {"fault", "restore", "offered"} <= set(lines)
    assert "rates of PE1 down, PE1 up, PE2 down, PE2 up" in caption
    assert "the tester&#x27;s frames lost per lab s (down, up)" in caption
