"""The traffic as the CE and the core converge on a change: views, rates, counters.

After a change of the links that carry traffic, the CE sees it `link_detection_s` later
and the core `route_convergence_s` later (defect slow-failover: a multiple of the
convergence budget); the port rates follow each view (`TrafficModel`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from nornir_arpha.lab.intent import Simulation
from nornir_arpha.sim.defects import Defect, Defects
from nornir_arpha.sim.fabric.clock import LabClock, Timer
from nornir_arpha.sim.fabric.traffic import TrafficModel

# Defect slow-failover: the core moves traffic only after this many convergence budgets.
SLOW_FAILOVER_BUDGETS = 3.0


class Forwarding:
    """Drives the lab's `TrafficModel` once the lab boots.

    Args:
        clock: the lab clock
        sim: the simulation settings (detection and convergence delays)
        convergence_s: the lab's convergence budget
        defects: the lab's defects (slow-failover, counters-frozen, counters-double-count,
            survivor-drops-some and core-moves-half-back act here)
        after_recompute: called after every full recompute (to arm ARP miss resolution)
    """

    def __init__(
        self,
        clock: LabClock,
        sim: Simulation,
        convergence_s: float,
        defects: Defects,
        after_recompute: Callable[[], None],
    ) -> None:
        self.clock = clock
        self.sim = sim
        self.convergence_s = convergence_s
        self.defects = defects
        self._after_recompute = after_recompute
        self.traffic: TrafficModel | None = None
        self.booted = False
        self.seen = 0  # the CE links the CE sees usable
        self._expiry_timer: Timer | None = None
        self._slow_core_view: Timer | None = None

    def boot(self, now: float) -> None:
        """Start as if the views had long agreed with the links that carry traffic."""
        assert self.traffic is not None, "the fabric sets the traffic model before booting"
        self.traffic.survivor_drops = Defect.SURVIVOR_DROPS_SOME in self.defects
        self.traffic.ce_view = self.traffic.core_view = self.traffic.carrying
        self.traffic.recompute(now)

    def on_link_change(self) -> None:
        """A port went up or down: with counters-frozen, the counters stop from now on; with
        counters-double-count, the Eth-Trunks count their members' packets twice."""
        if not self.booted or self.traffic is None:
            return
        if Defect.COUNTERS_FROZEN in self.defects:
            self.traffic.counting = False
        if Defect.COUNTERS_DOUBLE_COUNT in self.defects:
            for port in self.traffic.ports:
                port.rx.double_from(self.clock.now)
                port.tx.double_from(self.clock.now)

    def follow(self, carrying: int, seen: int, forwarding: list[bool], trunk_changed: bool) -> None:
        """Take the links that carry traffic, those the CE sees usable (the same, unless a
        defect blocks a member) and the PEs that forward; the views follow."""
        traffic = self.traffic
        if traffic is None or (
            carrying == traffic.carrying and seen == self.seen and not trunk_changed
        ):
            return
        traffic.carrying, self.seen = carrying, seen
        traffic.forwarding = forwarding
        # Each view adopts the state it was scheduled for, so it lags each change by
        # exactly its delay (a later change is seen a full delay after itself).
        self.clock.call_later(self.sim.link_detection_s, partial(self._update_ce_view, seen))
        self._schedule_core_view(carrying)
        self.recompute()

    def _schedule_core_view(self, carrying: int) -> None:
        """The core follows the links that carry traffic after the route-convergence delay.

        With the defect slow-failover it follows only SLOW_FAILOVER_BUDGETS convergence
        budgets after the last change: each change postpones the pending move, so no earlier
        change can move the traffic sooner.
        """
        update = partial(self._update_core_view, carrying)
        if Defect.SLOW_FAILOVER not in self.defects:
            self.clock.call_later(self.sim.route_convergence_s, update)
            return
        if self._slow_core_view is not None:
            self._slow_core_view.cancel()
        delay = SLOW_FAILOVER_BUDGETS * self.convergence_s
        self._slow_core_view = self.clock.call_later(delay, update)

    def _update_ce_view(self, carrying: int) -> None:
        if self.traffic is not None and self.traffic.ce_view != carrying:
            self.traffic.ce_view = carrying
            self.recompute()

    def _update_core_view(self, carrying: int) -> None:
        traffic = self.traffic
        if traffic is None or traffic.core_view == carrying:
            return
        if Defect.CORE_MOVES_HALF_BACK in self.defects:
            # Links only came back (a restore): half the hosts stay where the outage put them.
            restored = carrying & traffic.core_view == traffic.core_view
            if not restored:
                traffic.lagging_core_view = None
            elif traffic.lagging_core_view is None:
                traffic.lagging_core_view = traffic.core_view
        traffic.core_view = carrying
        self.recompute()

    def recompute(self) -> None:
        """Recompute every path and rate; again when the first ARP entry relied on expires."""
        if self.traffic is None or not self.booted:
            return
        earliest = self.traffic.recompute(self.clock.now)
        if self._expiry_timer is not None:
            self._expiry_timer.cancel()
        self._expiry_timer = None
        if earliest is not None:
            self._expiry_timer = self.clock.call_at(earliest, self.recompute)
        self._after_recompute()

    def on_valid(self, pe: int, host: int) -> None:
        """PE `pe` just got a valid ARP entry for `host`: its downstream flows from now."""
        if self.traffic is not None:
            self.traffic.on_valid(pe, host, self.clock.now)
