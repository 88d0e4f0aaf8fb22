"""Roles and channels after every event: the E-Trunk election follows the configured
priorities, and the backup channel (RBS) stays up, with the same up time, through events that
do not touch it.

With the peer heard, the E-Trunk with the lower (priority, system ID) is Master and the other
Backup (REFERENCE §3.7): dual Master, or the roles the other way round, is a regression.
Without the peer (the inter-PE path lost), each PE's E-Trunk goes Master on its own; the
causation it shows then is `PEER_LOST_CAUSATION` unless the lab says otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping

from nornir_arpha.parsers.records import ETrunkInfo, RbsInfo

MASTER, BACKUP = "Master", "Backup"
# The causation a PE shows once its E-Trunk peer's hellos time out (inferred from the
# simulator's model of REFERENCE §5; a lab whose firmware prints another word says so in
# `e_trunk_roles(..., peer_lost_causation=...)`).
PEER_LOST_CAUSATION = "TIMEOUT"


def e_trunk_role_problems(
    infos: Mapping[str, ETrunkInfo],
    peer_heard: bool = True,
    peer_lost_causation: str = PEER_LOST_CAUSATION,
) -> list[str]:
    """What is wrong with the two PEs' E-Trunk roles.

    Args:
        infos: each PE's `display e-trunk ID`
        peer_heard: whether the PEs can hear each other (False while the inter-PE path is
            down)
        peer_lost_causation: the causation expected without the peer

    Returns:
        one sentence per problem, naming the PE, the command and the values
    """
    problems = []
    if not peer_heard:
        for pe, info in infos.items():
            if info.state != MASTER or info.causation != peer_lost_causation:
                problems.append(
                    f"{pe}: 'display e-trunk {info.etrunk_id}' shows {info.state} "
                    f"({info.causation}) with the peer unreachable, expected {MASTER} "
                    f"({peer_lost_causation})"
                )
        return problems
    for pe, info in infos.items():
        if info.state not in (MASTER, BACKUP) or info.causation == peer_lost_causation:
            problems.append(
                f"{pe}: 'display e-trunk {info.etrunk_id}' shows {info.state} "
                f"({info.causation}) while the peer is reachable: the E-Trunk lost its peer"
            )
    if problems or len(infos) != 2:
        return problems
    (first, a), (second, b) = sorted(infos.items())
    ranked = sorted(
        [(a.priority or 0, a.system_id or "", first), (b.priority or 0, b.system_id or "", second)]
    )
    winner, loser = ranked[0][2], ranked[1][2]
    roles = {first: a.state, second: b.state}
    shown = ", ".join(
        f"{pe} {info.state} (priority {info.priority}, causation {info.causation})"
        for pe, info in sorted(infos.items())
    )
    if roles[winner] == roles[loser] == MASTER:
        problems.append(f"'display e-trunk {a.etrunk_id}' shows dual Master: {shown}")
    elif roles[winner] != MASTER or roles[loser] != BACKUP:
        problems.append(
            f"'display e-trunk {a.etrunk_id}' shows the roles against the priorities: {shown}; "
            f"expected {winner} Master (lower priority value wins)"
        )
    return problems


def rbs_continuity_problems(pe: str, before: RbsInfo, after: RbsInfo, event: str) -> list[str]:
    """The RBS stayed Connected through `event`, with the same last up time (no flap)."""
    command = f"display remote-backup-service {after.name}"
    if not after.connected:
        return [f"{pe}: '{command}' shows TCP-State {after.tcp_state} after {event}"]
    if before.last_up_time != after.last_up_time:
        return [
            f"{pe}: '{command}' shows the channel re-established during {event} (Last up time "
            f"{before.last_up_time} -> {after.last_up_time}), though the channel was not "
            "faulted: it must stay up"
        ]
    return []
