"""`display eth-trunk`, `display interface …`, `display interface brief` (REFERENCE §4.4-4.5).

Layouts follow the real NE40E VRP8 capture where one exists (Eth-Trunk member table with
58-dash rules, physical-port counter block, the `display interface brief` legend) and the
command reference elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from nornir_arpha.sim import inferred
from nornir_arpha.sim.personality import DEFAULT_PERSONALITY, PERSONALITIES, Personality

DEFAULT = PERSONALITIES[DEFAULT_PERSONALITY]

TRUNK_RULE = "-" * 58
ETH_TRUNK_RULE = "-" * 80
BRIEF_LEGEND = (
    "PHY: Physical",
    "*down: administratively down",
    "^down: standby",
    "(l): loopback",
    "(s): spoofing",
    "(E): E-Trunk down",
    "(b): BFD down",
    "(B): Bit-error-detection down",
    "(e): ETHOAM down",
    "(d): Dampening Suppressed",
    "(p): port alarm down",
    "(ld): loop-detect trigger down",
    "(mf): mac-flapping blocked",
    "(c): CFM down",
    "(sd): STP instance discarding",
    "InUti/OutUti: input utility/output utility",
    "Interface                   PHY   Protocol  InUti OutUti   inErrors  outErrors",
)


@dataclass(frozen=True)
class Counters:
    """One interface's traffic, integers as displayed (rates over the last 300 s)."""

    in_packets: int
    in_bytes: int
    out_packets: int
    out_bytes: int
    in_pps: int
    in_bps: int
    out_pps: int
    out_bps: int
    in_peak_bps: int
    in_peak_at: str
    out_peak_bps: int
    out_peak_at: str
    bandwidth_bps: int

    def utility(self, bps: int) -> float:
        """A rate as a percentage of the bandwidth."""
        return 100.0 * bps / self.bandwidth_bps if self.bandwidth_bps else 0.0


@dataclass(frozen=True)
class MemberView:
    """A member port of an Eth-Trunk."""

    name: str
    up: bool


@dataclass(frozen=True)
class InterfaceView:
    """Everything `display interface NAME` shows for an Eth-Trunk or a physical port.

    `state` is `UP`, `DOWN` or `Administratively DOWN`; times are device time strings.
    """

    name: str
    kind: str  # "eth-trunk", "physical" or "loopback"
    ifindex: int
    state: str
    protocol_up: bool
    last_protocol_up: str | None
    description: str | None
    ipv4: str | None
    mac: str
    now: str
    counters: Counters
    members: tuple[MemberView, ...] = ()
    last_physical_up: str | None = None
    last_physical_down: str | None = None
    bandwidth_mbps: int = 0


def _utility(percent: float) -> str:
    return f"{percent:.2f}%"


def _head(view: InterfaceView) -> list[str]:
    lines = [
        f"{view.name} current state : {view.state} (ifindex: {view.ifindex})",
        f"Line protocol current state : {'UP' if view.protocol_up else 'DOWN'}",
    ]
    if view.protocol_up and view.last_protocol_up:
        lines.append(f"Last line protocol up time : {view.last_protocol_up}")
    lines += [
        f"Link quality grade : {'GOOD' if view.protocol_up else '--'}",
        f"Description:{' ' + view.description if view.description else ''}",
    ]
    return lines


def _address(view: InterfaceView) -> str:
    if view.ipv4:
        return f"Internet Address is {view.ipv4}"
    return "Internet protocol processing : disabled"


def render_interface(view: InterfaceView) -> list[str]:
    """The `display interface` block of one interface."""
    if view.kind == "eth-trunk":
        return _eth_trunk_interface(view)
    if view.kind == "physical":
        return _physical_interface(view)
    return [
        *_head(view),
        "Route Port,The Maximum Transmit Unit is 1500",
        _address(view),
        f"Current system time: {view.now}",
        "Physical is Loopback",
    ]


def _eth_trunk_interface(view: InterfaceView) -> list[str]:
    c = view.counters
    up_members = sum(member.up for member in view.members)
    bandwidth = ""
    if view.members:
        bandwidth = (
            f" Maximal BW: {view.bandwidth_mbps * len(view.members)}Mbps,"
            f" Current BW: {view.bandwidth_mbps * up_members}Mbps,"
        )
    lines = [
        *_head(view),
        f"Route Port,Hash arithmetic : According to flow,{bandwidth} "
        "The Maximum Transmit Unit is 1500",
        _address(view),
        f"IP Sending Frames' Format is PKTFMT_ETHNT_2, Hardware address is {view.mac}",
        f"Current system time: {view.now}",
        "Physical is ETH_TRUNK",
        f"    Last 300 seconds input rate {c.in_bps} bits/sec, {c.in_pps} packets/sec",
        f"    Last 300 seconds output rate {c.out_bps} bits/sec, {c.out_pps} packets/sec",
        f"    Input: {c.in_packets} packets,{c.in_bytes} bytes",
        f"           {c.in_packets} unicast,0 broadcast,0 multicast",
        "           0 errors,0 drops",
        f"    Output:{c.out_packets} packets,{c.out_bytes} bytes",
        f"           {c.out_packets} unicast,0 broadcast,0 multicast",
        "           0 errors,0 drops",
        f"    Last 300 seconds input utility rate:  {_utility(c.utility(c.in_bps))}",
        f"    Last 300 seconds output utility rate: {_utility(c.utility(c.out_bps))}",
        TRUNK_RULE,
        f"{'PortName':<30}{'Status':<20}Weight",
        TRUNK_RULE,
    ]
    lines += [f"{m.name:<30}{'UP' if m.up else 'DOWN':<20}1" for m in view.members]
    lines += [
        TRUNK_RULE,
        f"The Number of Ports in Trunk : {len(view.members)}",
        f"The Number of UP Ports in Trunk : {up_members}",
    ]
    return lines


def _physical_interface(view: InterfaceView) -> list[str]:
    c = view.counters
    return [
        *_head(view),
        "Route Port,The Maximum Transmit Unit is 1500",
        _address(view),
        f"IP Sending Frames' Format is PKTFMT_ETHNT_2, Hardware address is {view.mac}",
        f"Last physical up time   : {view.last_physical_up or inferred.NEVER}",
        f"Last physical down time : {view.last_physical_down or inferred.NEVER}",
        f"Current system time: {view.now}",
        "Statistics last cleared:never",
        f"    Last 300 seconds input rate: {c.in_bps} bits/sec, {c.in_pps} packets/sec",
        f"    Last 300 seconds output rate: {c.out_bps} bits/sec, {c.out_pps} packets/sec",
        f"    Input peak rate {c.in_peak_bps} bits/sec, Record time: {c.in_peak_at}",
        f"    Output peak rate {c.out_peak_bps} bits/sec, Record time: {c.out_peak_at}",
        f"    Input: {c.in_bytes} bytes, {c.in_packets} packets",
        f"    Output: {c.out_bytes} bytes, {c.out_packets} packets",
        "    Input:",
        f"      Unicast: {c.in_packets} packets, Multicast: 0 packets",
        "      Broadcast: 0 packets, JumboOctets: 0 packets",
        "      CRC: 0 packets, Symbol: 0 packets",
        "      Overrun: 0 packets, InRangeLength: 0 packets",
        "      LongPacket: 0 packets, Jabber: 0 packets, Alignment: 0 packets",
        "      Fragment: 0 packets, Undersized Frame: 0 packets",
        "      RxPause: 0 packets",
        "    Output:",
        f"      Unicast: {c.out_packets} packets, Multicast: 0 packets",
        "      Broadcast: 0 packets, JumboOctets: 0 packets",
        "      Lost: 0 packets, Overflow: 0 packets, Underrun: 0 packets",
        "      System: 0 packets, Overruns: 0 packets",
        "      TxPause: 0 packets",
        "    Local fault: normal, Remote fault: normal.",
        f"    Last 300 seconds input utility rate:  {_utility(c.utility(c.in_bps))}",
        f"    Last 300 seconds output utility rate: {_utility(c.utility(c.out_bps))}",
    ]


@dataclass(frozen=True)
class EthTrunkView:
    """Everything `display eth-trunk` shows for one (manual load-balance) Eth-Trunk."""

    trunk_id: int
    working_mode: str  # NORMAL or STATIC
    operate_up: bool
    role: str  # M, S or - (E-Trunk role, brief form)
    bandwidth_mbps: int  # per member port
    members: tuple[MemberView, ...]
    member_counters: tuple[Counters, ...]
    counters: Counters


def render_eth_trunk(
    view: EthTrunkView, *, verbose: bool = False, personality: Personality = DEFAULT
) -> list[str]:
    """The `display eth-trunk ID [verbose]` block of one Eth-Trunk, worded as `personality`."""
    up = sum(member.up for member in view.members)
    mode = f"WorkingMode: {view.working_mode}"
    status = f"{personality.eth_trunk_status_label}: {'up' if view.operate_up else 'down'}"
    lines = [
        f"Eth-Trunk{view.trunk_id}'s state information is:",
        f"{mode:<28}Hash arithmetic: According to flow",
        f"{'Least Active-linknumber: 1':<28}Max Bandwidth-affected-linknumber: 16",
        f"{status:<28}{personality.eth_trunk_up_ports_label}: {up}",
        ETH_TRUNK_RULE,
        f"{'PortName':<30}{'Status':<12}Weight",
    ]
    lines += [f"{m.name:<30}{'Up' if m.up else 'Offline':<12}1" for m in view.members]
    if verbose:
        lines += ["", "Flow statistic"]
        for member, counters in zip(view.members, view.member_counters, strict=True):
            if member.up:  # as in the reference example, down members are not listed
                lines += [f" Interface {member.name},", *_flow(counters)]
        lines += [f" Interface Eth-Trunk{view.trunk_id}", *_flow(view.counters)]
    return lines


def _flow(c: Counters) -> list[str]:
    return [
        f"    Last 300 seconds input rate {c.in_bps} bits/sec, {c.in_pps} packets/sec",
        f"    Last 300 seconds output rate {c.out_bps} bits/sec, {c.out_pps} packets/sec",
        f"    {c.in_packets} packets input, {c.in_bytes} bytes, 0 drops",
        f"    {c.out_packets} packets output, {c.out_bytes} bytes, 0 drops",
    ]


def render_eth_trunk_brief(views: list[EthTrunkView]) -> list[str]:
    """`display eth-trunk brief`: one line per Eth-Trunk with its E-Trunk role."""
    lines = [
        "Status: Operate status",
        "Role: E-Trunk status",
        "Act: Active link number",
        "Inact: Inactive link number",
        "Cfgd: Configured link number",
        "BW: Bandwidth",
        "Interface              Mode      Status    Role      Act/Inact/Cfgd   BW(Mbps)",
    ]
    for view in views:
        active = sum(member.up for member in view.members)
        links = f"{active}/{len(view.members) - active}/{len(view.members)}"
        name = f"Eth-Trunk{view.trunk_id}"
        lines.append(
            f"{name:<23}{view.working_mode:<10}"
            f"{'Up' if view.operate_up else 'Down':<10}{view.role:<10}{links:<17}"
            f"{active * view.bandwidth_mbps}"
        )
    return lines


@dataclass(frozen=True)
class BriefRow:
    """One line of `display interface brief`."""

    name: str
    phy: str
    protocol: str
    in_utility: float
    out_utility: float
    member: bool = False  # an Eth-Trunk member, listed indented under its trunk
    rate: str = ""  # a physical port's running rate, `10G` (printed `(10G)` where the
    # personality's brief_rate_suffix says so)


def _brief_utility(percent: float) -> str:
    return "0%" if percent == 0 else _utility(percent)


def render_interface_brief(rows: list[BriefRow], personality: Personality = DEFAULT) -> list[str]:
    """`display interface brief`, members indented under their Eth-Trunk."""
    lines = list(BRIEF_LEGEND)
    for row in rows:
        suffix = f"({row.rate})" if personality.brief_rate_suffix and row.rate else ""
        name = f"  {row.name}{suffix}" if row.member else f"{row.name}{suffix}"
        lines.append(
            f"{name:<27} {row.phy:<5} {row.protocol:<9} {_brief_utility(row.in_utility):>5}"
            f"{_brief_utility(row.out_utility):>7}{0:>11}{0:>11}"
        )
    return lines
