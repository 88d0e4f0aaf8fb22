"""Picks the lab's traffic source (`traffic.source` in lab.yaml)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nornir_arpha.lab import Lab
from nornir_arpha.traffic.source import TrafficSource


@contextmanager
def open_traffic(lab: Lab) -> Iterator[TrafficSource]:
    """The lab's traffic source (`traffic.source`), closed on exit.

    Raises:
        TrafficSourceError: the tester cannot be reached or refuses the configuration
    """
    otg = lab.settings.traffic.otg
    if lab.settings.traffic.source == "otg" and otg is not None:
        from nornir_arpha.traffic.otg import OtgTraffic  # snappi loads only for a tester

        tester = OtgTraffic(lab, otg)
        try:
            yield tester
        finally:
            tester.close()
        return
    from nornir_arpha.traffic.pe_counters import CounterTraffic

    yield CounterTraffic(lab)
