"""Firmware personalities: how a simulated PE's firmware behaves, one data record each.

Like scrapli_community's platform dicts, a personality is data, not code: the simulator's
parts read the fields they need. A lab picks one with `simulation.personality` (default
`ne40e-v8r12`, the simulator's behaviour before personalities existed, byte for byte);
`pytest --sim-personality NAME` and `arpha sim --personality NAME` override it. Invented
values are recorded, with their evidence, in `nornir_arpha.sim.inferred`.
"""

from __future__ import annotations

from dataclasses import dataclass

from nornir_arpha.sim import inferred


@dataclass(frozen=True)
class Personality:
    """One firmware's behaviour.

    Attributes:
        name: what labs and options call it
        summary: one line for `arpha sim --list-personalities`
        terminal_monitor: log lines are printed into a session until `undo terminal monitor`
        log_every_lines: with terminal_monitor, one log line after every this many output
            lines of a display (mid-display), and one before each prompt after a commit;
            None: the firmware prints no logs into sessions
        busy_every: every this many-th display is answered `Error: The system is busy`
            (the same command works when repeated); None: never
        commit_notes: lines printed after a successful commit (`Info:`, `Warning:`)
        eth_trunk_status_label: `display eth-trunk`'s label of the trunk's state
        eth_trunk_up_ports_label: `display eth-trunk`'s label of the count of Up members
        brief_rate_suffix: `display interface brief` names each physical port with its
            running rate, `GigabitEthernet1/0/0(10G)`
        arp_backup_type: the TYPE of an ARP entry backed up from the peer (`{slot}`: the slot
            of the Eth-Trunk's first member, as in `D-<slot>`)
        arp_footer_remote: the `display arp` footer and `display arp statistics` count
            backed-up entries in `Remote:`
    """

    name: str
    summary: str
    terminal_monitor: bool = False
    log_every_lines: int | None = None
    busy_every: int | None = None
    commit_notes: tuple[str, ...] = ()
    eth_trunk_status_label: str = "Operate status"
    eth_trunk_up_ports_label: str = "Number Of Up Ports In Trunk"
    brief_rate_suffix: bool = False
    arp_backup_type: str = inferred.ARP_REMOTE_TYPE
    arp_footer_remote: bool = True


DEFAULT_PERSONALITY = "ne40e-v8r12"

PERSONALITIES: dict[str, Personality] = {
    personality.name: personality
    for personality in (
        Personality(
            name=DEFAULT_PERSONALITY,
            summary="NE40E V800R012C10 as the command reference documents it (the default)",
        ),
        Personality(
            name="harsh",
            summary="what real devices do that the client must survive: logs in the session "
            "(mid-display), busy answers, Info/Warning lines after commits",
            terminal_monitor=True,
            log_every_lines=7,
            busy_every=29,
            commit_notes=(inferred.COMMIT_INFO, inferred.COMMIT_WARNING),
        ),
        Personality(
            name="ne8000-v8r23",
            summary="NetEngine 8000 V800R023: 'Operating Status' and 'Number Of Up Port In "
            "Trunk' wording, port rates in 'display interface brief', backed-up ARP entries "
            "flagged RMT-<slot> (labs/sim-ne8000)",
            eth_trunk_status_label=inferred.NE8000_ETH_TRUNK_STATUS,
            eth_trunk_up_ports_label=inferred.NE8000_ETH_TRUNK_UP_PORTS,
            brief_rate_suffix=True,
            arp_backup_type=inferred.NE8000_ARP_BACKUP_TYPE,
        ),
        Personality(
            name="unflagged-backup",
            summary="backed-up ARP entries look like learned ones (TYPE D-<slot>) and the "
            "footer has no Remote count: nothing tells them apart",
            arp_backup_type=inferred.UNFLAGGED_ARP_BACKUP_TYPE,
            arp_footer_remote=False,
        ),
    )
}


class UnknownPersonality(ValueError):
    """A personality name the simulator does not have; the message lists the valid ones."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown personality '{name}'; valid: {', '.join(sorted(PERSONALITIES))}")


def personality(name: str) -> Personality:
    """The personality called `name`.

    Raises:
        UnknownPersonality: no such personality (the message lists the valid names)
    """
    try:
        return PERSONALITIES[name]
    except KeyError:
        raise UnknownPersonality(name) from None
