"""The failover timeline: the readings the step takes are kept, what nothing reads is read
in the step's waits when the reading fits in them, and the series come out in lab seconds
since the fault, per PE and direction, and the tester's loss per direction."""

from __future__ import annotations

import time
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.suite.recorder import LOSS, RATE, TESTER, TimelineRecorder
from nornir_arpha.traffic import DOWN, UP
from tests.suite.test_outage import ScriptedTester, lab  # noqa: F401  (the fixture)

SHARES = {"PE1": 600.0, "PE2": 400.0}


class CountingProbe:
    """A PE whose Eth-Trunk forwards its share each way since `zero`; each read takes
    `delay_s` and is logged."""

    def __init__(self, host: str, zero: float, log: list[str], delay_s: float) -> None:
        self.host, self.zero, self.log, self.delay_s = host, zero, log, delay_s
        self.observer: Any = None

    def observed(self, observer: Any) -> CountingProbe:
        self.observer = observer
        return self

    def interface(self, name: str) -> tuple[Any, Any]:
        time.sleep(self.delay_s)
        now = time.monotonic()
        count = round(SHARES[self.host] * (now - self.zero))
        info = SimpleNamespace(name=name, out_packets=count, in_packets=count)
        reading = SimpleNamespace(at=now)
        self.log.append(self.host)
        self.observer(self.host, info, reading)
        return info, reading


@dataclass
class Fault:
    applied_at: float
    restored_at: float = 0.0


def recorder_for(timed_lab: Lab, delay_s: float = 0.0) -> tuple[TimelineRecorder, list[str], float]:
    tester = ScriptedTester({"down 192.168.10.2": [(0.1, 0.2)]})
    log: list[str] = []

    def probe(host: str) -> Any:
        return CountingProbe(host, tester.zero, log, delay_s)

    return TimelineRecorder(timed_lab, probe, tester), log, tester.zero  # type: ignore[arg-type]


def test_the_waits_give_each_pe_and_the_tester_loss(lab: Lab) -> None:  # noqa: F811
    recorder, log, zero = recorder_for(lab)
    recorder.fill(0.45)  # time scale 1: a lab second is a wall second; polls every 0.1 s
    recorder.faults.append(Fault(zero + 0.1, zero + 0.35))
    timeline = recorder.timeline()
    series = {(s.kind, s.source, s.direction): s.points for s in timeline.series}
    assert set(series) >= {(RATE, pe, d) for pe in SHARES for d in (DOWN, UP)}
    for (kind, source, _), points in series.items():
        if kind == RATE:
            assert len(points) >= 2
            assert [v for _, v in points] == pytest.approx([SHARES[source]] * len(points), 0.1)
    assert {"PE1", "PE2"} <= set(log)
    lost_down = series[LOSS, TESTER, DOWN]
    assert max(v for _, v in lost_down) > 0  # 100 frames/s lost from 0.1 to 0.2 s
    assert all(v == 0 for _, v in series[LOSS, TESTER, UP])
    assert timeline.restore_s == pytest.approx(0.25)


@pytest.mark.parametrize(
    ("wait_s", "reads"), [(0.3, True), (0.02, False)], ids=["fits", "too-short"]
)
def test_a_wait_is_read_in_only_when_the_reading_fits(
    lab: Lab,  # noqa: F811
    wait_s: float,
    reads: bool,
) -> None:
    recorder, log, _ = recorder_for(lab, delay_s=0.05)
    recorder.fill(0.2)  # learns what a reading costs: over 0.05 s
    taken = len(log)
    time.sleep(0.15)  # every source is now a poll interval old
    recorder.fill(wait_s)
    assert (len(log) > taken) is reads
