"""`ping` output (REFERENCE §8.3, the layout of almost all V8 examples)."""

from __future__ import annotations

from nornir_arpha.sim import inferred


def render_ping(target: str, size: int, ttl: int, replies: list[int | None]) -> list[str]:
    """The whole ping output.

    Args:
        target: the address pinged
        size: data bytes per echo
        ttl: the TTL of the replies
        replies: per echo request, the round trip in ms, or None when it timed out
    """
    lines = [f"  PING {target}: {size} data bytes, press CTRL_C to break"]
    for sequence, rtt in enumerate(replies, start=1):
        if rtt is None:
            lines.append(f"    {inferred.PING_TIMED_OUT}")
        else:
            lines.append(
                f"    Reply from {target}: bytes={size} Sequence={sequence} ttl={ttl} time={rtt} ms"
            )
    received = [rtt for rtt in replies if rtt is not None]
    loss = 100.0 * (len(replies) - len(received)) / len(replies) if replies else 0.0
    lines += [
        "",
        f"  --- {target} ping statistics ---",
        f"    {len(replies)} packet(s) transmitted",
        f"    {len(received)} packet(s) received",
        f"    {loss:.2f}% packet loss",
    ]
    if received:
        average = sum(received) // len(received)
        lines.append(f"    round-trip min/avg/max = {min(received)}/{average}/{max(received)} ms")
    return lines
