"""``ping`` results (the statistics block)."""

from __future__ import annotations

from nornir_arpha.parsers.base import required, run_template
from nornir_arpha.parsers.records import PingResult

_COMMAND = "ping"


def parse_ping(text: str) -> PingResult:
    """Parse the output of ``ping [options] HOST``.

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        Counts and loss of the statistics block; round-trip times are None when no reply came.

    Raises:
        UnsupportedLayout: the statistics block (or one of its count lines) is missing, e.g.
            output cut off before the end.
        ParseError: the device replied with an error.
    """
    # The template has no per-record rule: it yields one record, or none without statistics.
    row = next(iter(run_template("ping", text, _COMMAND)), {})
    rtt = [float(row[key]) if row.get(key) else None for key in ("RTT_MIN", "RTT_AVG", "RTT_MAX")]
    return PingResult(
        target=required(row, "TARGET", _COMMAND, "--- HOST ping statistics ---"),
        transmitted=int(required(row, "TRANSMITTED", _COMMAND, "packet(s) transmitted")),
        received=int(required(row, "RECEIVED", _COMMAND, "packet(s) received")),
        loss_percent=float(required(row, "LOSS", _COMMAND, "% packet loss")),
        rtt_min=rtt[0],
        rtt_avg=rtt[1],
        rtt_max=rtt[2],
    )
