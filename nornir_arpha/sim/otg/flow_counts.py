"""One flow's exact counts: its transmit time and its delivered time, in lab seconds.

A flow of R frames per lab second that transmits from t0 has sent R x (t - t0) frames and
received R x (the lab time its host's traffic was delivered in [t0, t]), read from the
fabric's `DeliveryLedger`. Counting needs no per-frame work, however high the rate.
"""

from __future__ import annotations

from nornir_arpha.sim.fabric.delivery import DOWNSTREAM, UPSTREAM, DeliveryLedger
from nornir_arpha.sim.otg.tester_config import FlowPlan

STARTED, STOPPED, PAUSED = "started", "stopped", "paused"


class FlowCount:
    """The counts of one flow towards or from fabric host `host`.

    Args:
        plan: the flow
        host: the fabric index of its CE host
        ledger: the fabric's delivered-time ledger
    """

    def __init__(self, plan: FlowPlan, host: int, ledger: DeliveryLedger) -> None:
        self.plan = plan
        self.host = host
        self.ledger = ledger
        self.direction = UPSTREAM if plan.upstream else DOWNSTREAM
        self.state = STOPPED
        self._sent = 0.0  # lab seconds transmitted, closed intervals
        self._delivered = 0.0  # lab seconds of those delivered
        self._since = 0.0  # start of the open interval, while started
        self._delivered_at_since = 0.0

    def start(self, now: float) -> None:
        """Start transmitting from zero (a stopped flow) or go on (a paused one)."""
        if self.state == STARTED:
            return
        if self.state == STOPPED:
            self._sent = self._delivered = 0.0
        self.state = STARTED
        self._since = now
        self._delivered_at_since = self._delivered_until(now)

    def halt(self, now: float, state: str) -> None:
        """Stop (or pause) transmitting; the counts stay readable."""
        if self.state == STARTED:
            self._sent, self._delivered = self.times(now)
        if self.state != STOPPED:
            self.state = state

    def times(self, now: float) -> tuple[float, float]:
        """(transmit, delivered) lab seconds up to `now`."""
        if self.state != STARTED:
            return self._sent, self._delivered
        delivered = self._delivered_until(now) - self._delivered_at_since
        return self._sent + now - self._since, self._delivered + delivered

    def delivering(self) -> bool:
        """Whether the flow's frames reach the receiver now."""
        return self.state == STARTED and self.ledger.is_delivered(self.direction, self.host)

    def _delivered_until(self, now: float) -> float:
        return self.ledger.delivered(self.direction, self.host, now)
