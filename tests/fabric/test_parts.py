"""The fabric's building blocks: clocks, counters, host hashing, ARP tables."""

from __future__ import annotations

import asyncio

import pytest

from nornir_arpha.lab import Lab
from nornir_arpha.sim.fabric.arp_table import LOCAL, REMOTE, ArpTable
from nornir_arpha.sim.fabric.clock import ManualClock, RealtimeClock
from nornir_arpha.sim.fabric.counters import RATE_WINDOW_S, RateCounter
from nornir_arpha.sim.fabric.hosts import NO_LINK, HostTable, lab_with_hosts

MAC = "00e0-fc00-0001"


def test_manual_clock_runs_events_in_time_then_scheduling_order() -> None:
    clock = ManualClock()
    seen: list[tuple[str, float]] = []
    clock.call_at(2.0, lambda: seen.append(("b", clock.now)))
    clock.call_at(1.0, lambda: seen.append(("a", clock.now)))
    clock.call_at(2.0, lambda: seen.append(("c", clock.now)))
    cancelled = clock.call_at(1.5, lambda: seen.append(("x", clock.now)))
    cancelled.cancel()
    clock.advance(1.9)
    assert seen == [("a", 1.0)]
    clock.advance(5)
    assert seen == [("a", 1.0), ("b", 2.0), ("c", 2.0)]
    assert clock.now == pytest.approx(6.9)


def test_events_scheduled_by_events_see_their_own_time() -> None:
    clock = ManualClock()
    times: list[float] = []

    def tick() -> None:
        times.append(clock.now)
        if len(times) < 4:
            clock.call_later(0.5, tick)

    clock.call_later(1.0, tick)
    clock.advance(10)
    assert times == [1.0, 1.5, 2.0, 2.5]


def test_realtime_clock_scales_wall_time_and_wakes_up_on_the_loop() -> None:
    async def scenario() -> tuple[list[float], float]:
        clock = RealtimeClock(time_scale=100.0)
        clock.attach(asyncio.get_running_loop())
        fired: list[float] = []
        clock.call_later(2.0, lambda: fired.append(clock.now))  # 20 ms of wall time
        for _ in range(200):  # bounded: at most 2 s
            if fired:
                break
            await asyncio.sleep(0.01)
        clock.sync()
        clock.detach()
        return fired, clock.now

    fired, now = asyncio.run(scenario())
    assert fired == [2.0]
    assert now >= 2.0


def test_counter_is_exact_between_rate_changes() -> None:
    counter = RateCounter(0.0)
    counter.set_rate(0.0, 100.0)
    counter.set_rate(10.0, 50.0)
    assert counter.value(5.0) == pytest.approx(500.0)
    assert counter.value(20.0) == pytest.approx(1000.0 + 500.0)
    reading = counter.read(20.0)
    assert reading.peak_pps == 100.0 and reading.peak_at == 0.0
    # Before t=0 the lab is taken as having run at its first rate: a steady 300 s window.
    assert reading.rate_pps == pytest.approx((290 * 100 + 10 * 50) / RATE_WINDOW_S)


def test_counter_forgets_history_older_than_the_window() -> None:
    counter = RateCounter(0.0)
    for step in range(1000):
        counter.set_rate(float(step), float(step % 7))
    assert len(counter._starts) <= RATE_WINDOW_S + 2
    assert counter.read(999.0).rate_pps == pytest.approx(
        sum(s % 7 for s in range(699, 999)) / RATE_WINDOW_S
    )


def test_hosts_are_reproducible_from_the_seed(lab_v4: Lab) -> None:
    ce = lab_v4.settings.ce
    one, two = HostTable(ce, 4, 1, 300), HostTable(ce, 4, 1, 300)
    other = HostTable(ce, 4, 2, 300)
    assert one.macs == two.macs and one.preferences == two.preferences
    assert one.macs != other.macs
    assert one.ips[0] == "192.168.10.2" and len(set(one.macs)) == ce.hosts


def test_losing_a_link_moves_only_its_hosts_spread_over_the_rest(lab_v4: Lab) -> None:
    table = HostTable(lab_with_hosts(lab_v4, 4000).settings.ce, 4, 1, 300)
    everything, without_0 = table.assignment(0b1111), table.assignment(0b1110)
    moved = [h for h in range(table.count) if everything[h] != without_0[h]]
    assert all(everything[h] == 0 for h in moved)
    assert len(moved) == everything.count(0)
    spread = [without_0[h] for h in moved]
    assert all(spread.count(link) > len(moved) / 5 for link in (1, 2, 3))
    assert set(table.assignment(0)) == {NO_LINK}


def test_every_host_sends_its_arp_once_per_cycle(lab_v4: Lab) -> None:
    table = HostTable(lab_v4.settings.ce, 4, 1, 30)
    sent = sorted(h for slot in range(30) for h in table.slot_hosts(slot))
    assert sent == list(range(table.count))


def test_arp_table_keeps_the_freshest_copy() -> None:
    table = ArpTable(3)
    assert table.learn(0, now=0.0, expiry=100.0, mac=MAC)
    assert not table.receive(0, now=1.0, expiry=50.0, mac=MAC)  # older than ours: ignored
    assert table.kind[0] == LOCAL
    assert not table.receive(0, now=1.0, expiry=150.0, mac=MAC)  # the peer learned it later
    assert table.kind[0] == REMOTE and table.expiry[0] == 150.0
    assert table.receive(1, now=1.0, expiry=10.0, mac=MAC)
    snapshot = table.snapshot(now=20.0)
    table.clear()
    assert [h for h, _, _ in snapshot.entries()] == [0]
    assert not table.valid(0, 20.0)
