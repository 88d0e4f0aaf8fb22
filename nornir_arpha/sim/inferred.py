"""Every simulator choice that the VRP8 command reference does not pin down, in one place.

Where the reference documents a text or a behaviour, the simulator follows it and the value
is not here. Where it says the exact text is unknown (or only gives an [INF] hint), the
simulator picks a plausible VRP8-style answer, and that answer is a named constant below,
with a comment saying what was inferred and why. Tests and parsers can import these names
instead of repeating the strings.

Keep this a flat module of constants (no logic); other simulator parts append their own
sections at the end.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------------
# CLI (issue 3)
# --------------------------------------------------------------------------------------------

# §1: the banner line real V8 routers print on `system-view` [REAL, one transcript].
SYSTEM_VIEW_BANNER = "Enter system view, return user view with return command."

# §1: sysname used after `undo sysname` (Huawei's factory default).
DEFAULT_SYSNAME = "HUAWEI"

# §8.2: `display version` of the simulated PE. NE40E header layout from the NE40E command
# reference; the model, version string and board block are invented but follow the samples.
VERSION_SOFTWARE = "8.200 (NE40E V800R012C10)"
VERSION_MODEL = "NE40E-X8A"
VERSION_COPYRIGHT = "Copyright (C) 2012-2020 Huawei Technologies Co., Ltd."

# §6: `commit` with nothing pending prints nothing (output not documented).
# §6: `display configuration candidate` with nothing pending prints nothing (not documented).
# §6: `display configuration candidate` shows, per changed section, the section header and
# its new lines; a removed line shows as ` undo <line>` and a removed section as
# `undo <header>` (the documented example only shows additions).
CANDIDATE_UNDO_PREFIX = "undo "

# §6: `abort` is documented only for template/XPL views. The simulator accepts it in every
# configuration view as an alias of `clear configuration candidate` (the reference's [INF]).

# §6: answering the uncommitted-changes question with Y commits; if that commit fails, the
# failure output is printed and the session stays in the view it was in.

# §8.1: `screen-length N temporary` is accepted and remembered, but the simulator never pages
# output (the "more" prompt text is unknown, and automation always disables paging).

# scrapli's huawei_vrp on_open writes `screen-width 256\ny\n\n`: some VRP builds ask for
# confirmation. The simulator accepts `screen-width <80-256>` in user view and asks this
# question; `y`/`yes` applies it, any other answer leaves the width unchanged.
SCREEN_WIDTH_RANGE = (80, 256)
SCREEN_WIDTH_QUESTION = (
    "Warning: This operation will change the screen width of the current terminal. Continue? [Y/N]:"
)

# §7.1: the longest input line kept; characters past it are dropped without echo.
MAX_LINE_CHARS = 65536

# §7.1: an interface name of the right form that the device does not have (a physical port
# that is not in the chassis) is a `Wrong parameter` at the number.

# §7.3: `exit` is not a VRP command (scrapli's on_close sends it before closing; the simulator
# answers it as an unrecognized command, like any unknown word).

# §3.1, §3.11: RBS and RBP names are documented as letters, digits, '_', '-', '.' (no
# spaces), 1-32 and 1-128 characters; the reference leaves open which letters count and
# what a refused name prints. The simulator takes ASCII letters only, and a name too long
# or with another character (`?`, `/`, a non-ASCII letter) is `Wrong parameter` with the
# caret under the name, like any out-of-range value (§7.1).

# Parameter ranges the reference does not give.
SYSNAME_LENGTH = (1, 246)
DESCRIPTION_LENGTH = (1, 242)
HOLD_ON_FAILURE_MULTIPLIER_RANGE = (3, 50)
LOOPBACK_ID_RANGE = (0, 2147483647)
PING_COUNT_RANGE = (1, 4294967295)
PING_SIZE_RANGE = (20, 9600)
PING_TIMEOUT_MS_RANGE = (0, 65535)

# `display current-configuration`: order of sections and of lines inside them, where no
# sample shows it. Sections: sysname, e-trunk(s), remote-backup-service(s),
# remote-backup-profile(s), interfaces (Eth-Trunk, physical by slot/card/port, LoopBack,
# NULL0), `return`. Inside an interface: description, shutdown state, IPv4, IPv6,
# trunk work mode, member `eth-trunk`, `e-trunk`, `e-trunk mode`, `remote-backup-profile`.
# Inside an E-Trunk (order from the samples, revert delay placed after the other timers):
# priority, peer, timer hello, timer hold-on-failure, timer revert delay, description.
# A physical port shows `undo shutdown` when up and `shutdown` when down; an Eth-Trunk or
# LoopBack shows only `shutdown`. `ipv6 enable` is shown before the IPv6 addresses, and
# `ipv6 address` works without typing `ipv6 enable` first.

# `display this` shows the committed configuration of the current view's object, framed by
# `#` lines and followed by `return`; in the system view it shows the whole configuration.

# Refusals whose exact text the reference does not have (§3.18 "not found"). Each is a
# complete message after `Error: `.
REFUSE_RBS_MISSING = "The remote backup service does not exist."
REFUSE_RBS_IN_USE = "The remote backup service is being used by a remote backup profile."
REFUSE_RBP_MISSING = "The remote backup profile does not exist."
REFUSE_RBP_IN_USE = "The remote backup profile is bound to an interface."
REFUSE_RBP_INCOMPLETE = (
    "The backup-id and the E-Trunk binding of the remote backup profile must be configured first."
)
REFUSE_RBP_OTHER_BOUND = "Another remote backup profile has been bound to the interface."
REFUSE_RBP_NOT_BOUND = "The remote backup profile is not bound to the interface."
REFUSE_BACKUP_ID_USED = "The backup-id has been used by another remote backup profile."
REFUSE_BACKUP_ID_MISMATCH = "The backup-id or the remote backup service does not match."
REFUSE_RBP_ETRUNK_CONFLICT = "An E-Trunk binding has been configured for the profile."
REFUSE_RBP_ETRUNK_MISMATCH = "The E-Trunk binding does not exist."
REFUSE_ETRUNK_MISSING = "The E-Trunk does not exist."
REFUSE_ETRUNK_IN_USE = "The E-Trunk is used by a remote backup profile."
REFUSE_ETH_TRUNK_MISSING = "The Eth-Trunk interface does not exist."
REFUSE_ETH_TRUNK_NO_MEMBER = "The Eth-Trunk interface has no member port."
REFUSE_ETH_TRUNK_NOT_IN_ETRUNK = "The Eth-Trunk interface has not been added to the E-Trunk."
REFUSE_ETH_TRUNK_IN_OTHER_ETRUNK = "The Eth-Trunk interface has been added to another E-Trunk."
REFUSE_ETH_TRUNK_HAS_MEMBERS = "The Eth-Trunk interface has member ports. Delete them first."
REFUSE_ETH_TRUNK_IN_RBP = "The Eth-Trunk interface is used by a remote backup profile."
REFUSE_ETRUNK_MODE_NOT_MEMBER = (
    "The Eth-Trunk interface must be added to an E-Trunk before its E-Trunk mode is set."
)
REFUSE_TRUNK_MODE_IN_ETRUNK = (
    "The work mode cannot be changed because the Eth-Trunk interface is in an E-Trunk."
)
REFUSE_MEMBER_HAS_L3 = "The interface has layer 3 configurations. Delete them first."
REFUSE_MEMBER_OF_OTHER_TRUNK = "The interface has been added to another Eth-Trunk."
REFUSE_MEMBER_NOT_IN_TRUNK = "The interface is not a member of an Eth-Trunk."
REFUSE_TRUNK_FULL = "The number of member ports in the Eth-Trunk has reached the upper limit."
REFUSE_L3_ON_MEMBER = "The interface is an Eth-Trunk member and cannot be configured with IP."
REFUSE_INTERFACE_MISSING = "The interface does not exist."
REFUSE_PEER_MISMATCH = "The peer address does not exist."
REFUSE_PEER_EQUALS_SOURCE = "The peer address cannot be the same as the source address."
REFUSE_ADDRESS_MISSING = "The address does not exist."
REFUSE_INVALID_ADDRESS = "The specified IP address is invalid."
REFUSE_SERVICE_TYPE_MISSING = "The service type has not been configured."
# §6 documents this one for a commit conflict; the CLI uses it for the same address typed on
# a second interface too.
REFUSE_ADDRESS_EXISTS = "The address already exists."

# --------------------------------------------------------------------------------------------
# Lab fabric and live displays (issue 4)
# --------------------------------------------------------------------------------------------

# §4.1 `TCP-State` of an RBS that is not connected. The reference lists Initial, Connecting,
# Listening and `--` as "down" values without saying which applies when.
RBS_STATE_UNCONFIGURED = "--"  # peer, source or port not configured
RBS_STATE_SHUTDOWN = "Initial"  # `shutdown` in the RBS view
# Which side of an idle pair listens is undocumented. The one documented `Listening` example
# has source 1.1.1.1 and peer 2.2.2.2, so the side with the lower source address listens and
# the other one connects.
RBS_LOWER_SOURCE_LISTENS = True
# Lab seconds from "both sides ready" to `Connected` (TCP handshake and RBS negotiation).
RBS_CONNECT_DELAY_S = 1.0
# Lab seconds a session survives a broken inter-PE path before its echo times out.
RBS_ECHO_TIMEOUT_S = 3.0
# `Last down reason`: the echo text is documented; the configuration texts are invented.
RBS_DOWN_ECHO = "TCP closed for echo time out"
RBS_DOWN_LOCAL = "TCP closed for configuration change"
RBS_DOWN_PEER = "TCP closed by peer"
# Fields of an RBS/RBP that are not configured show this; `verbose` adds no line (which lines
# it adds is undocumented).
DISPLAY_UNSET = "--"

# §4.6 Backed-up ARP entries (how they render is undocumented): listed on the local
# Eth-Trunk bound to the RBP, with the MAC the peer learned, TYPE `R-<slot>` (slot as in
# `D-<slot>`: the slot of the Eth-Trunk's first member port), EXPIRE counting down the
# owner's aging, and counted in `Remote:`; `Total:` is Dynamic + Static + Interface + Remote.
ARP_REMOTE_TYPE = "R-{slot}"
# The table's rule lines: the command reference shows 78 dashes, both real NE40E VRP8
# captures 88; the simulator follows the captures.
ARP_RULE_WIDTH = 88
# Order of `display arp all`: interfaces by name, each with its own address first, then the
# learned entries by address. Host learning model (what makes the feature's absence visible):
# a PE learns a host only from ARP that reaches it (the host's periodic ARP, or the reply to
# a rate-limited ARP-miss request), never from data traffic.

# §4.3 `display e-trunk`: the command reference's newest layout (`E-Trunk-ID :`), without the
# `VPN-Instance` and `Description` lines when they are not configured. Peer fields before
# any hello: priority 0, system ID 0000-0000-0000, fail time 0; once the peer is lost they
# keep the last hello's values. Member `Remote-ID` is the peer's member Eth-Trunk id, or
# this when no hello has told it.
ETRUNK_UNKNOWN_REMOTE_ID = "-"
# `display e-trunk brief` VPN-Instance column without a VPN instance.
ETRUNK_NO_VPN = "--"
# A device's MAC (also its E-Trunk system ID): Huawei's OUI 00e0-fc and three bytes derived
# from the lab seed and the device name.
DEVICE_OUI = bytes.fromhex("00e0fc")
# §9 log lines: the `CID=0x…` field is 0x80 followed by a checksum of MODULE/sev/MNEMONIC;
# an interface coming back up logs `IFNET/2/linkDown_clear` with Reason `The interface is up`.

# §4.5 Interfaces. An Eth-Trunk held down by its E-Trunk (member Backup) shows PHY `down(E)`
# in `display interface brief` (the legend defines `(E)`; no example shows it) and
# `current state : DOWN` in `display interface`. Eth-Trunk bandwidth uses the NE20 capture's
# `Mbps` unit at every speed (`Maximal BW: 2000Mbps`). Physical ports show no transceiver
# lines; a port that never went down shows this as its last physical down time.
ETRUNK_BLOCKED_PHY = "down(E)"
NEVER = "--"
# NULL0 and LoopBacks show Protocol `up(s)` (spoofing), as in the real NE40E capture;
# `display interface LoopBackN` prints only the head lines, address and `Physical is Loopback`.
# `display remote-backup-profile` of an E-Trunk-tracked RBP prints
# `Forwarding Configured: Slave Forwarding`, as the IGMP/MLD E-Trunk examples do (no ARP
# example shows whether it appears for `service-type arp`).
# The CE stops hashing onto the members of an Eth-Trunk that is administratively down or held
# down by its E-Trunk (as LACP would tell it), after `simulation.link_detection_s`.

# §8.3 ping toward CE hosts: replies come from a Linux host (ttl 64) in 1 ms; a PE's own or
# its peer's addresses answer with ttl 255; echo requests go out every 500 ms of lab time;
# without `-detail` a lost reply prints `Request time out`.
# An echo to a host the PE has no ARP entry for is lost while the ping's own ARP request
# resolves it (learned only if the reply, hashed by the CE, comes back to this PE).
PING_HOST_TTL = 64
PING_ROUTER_TTL = 255
PING_RTT_MS = 1
PING_INTERVAL_S = 0.5
PING_TIMED_OUT = "Request time out"
REFUSE_PING_SOURCE = "The source address is not a local address."

# Not a device behaviour: a simulated PE that no lab fabric drives (SimLab without the
# fabric attached) refuses displays of live state and ping with this line.
REFUSE_NO_FABRIC = "The device is not attached to a lab fabric."

# Not a device behaviour: the line printed if the simulator itself fails on a command
# (a bug); the session goes on.
INTERNAL_ERROR = "Failed to execute the command."

# Output filters (`| include|exclude|begin REGEX`): the reference does not say what a device
# answers to a regular expression too costly to match. All sessions of a simulated lab share
# one event loop, so one filter application may spend at most FILTER_BUDGET_S of that
# thread's CPU time matching, all its lines together; past it the output kept so far ends
# with this error line. CPU time, not wall time: on a busy machine the wall time of the same
# match doubles, and an ordinary filter must not be refused for the machine's load. A budget
# of 0.5 s, not less: an ordinary filter over 64 000 ARP entries (the lab's largest display)
# already costs about 0.25 s. A pattern whose `{m,n}` counts multiply past
# FILTER_MAX_REPEATS gets the same error without being matched (its compilation alone would
# take seconds).
FILTER_BUDGET_S = 0.5
FILTER_MAX_REPEATS = 10_000
REFUSE_FILTER_TOO_COSTLY = "The regular expression is too complex to match."

# --------------------------------------------------------------------------------------------
# OTG endpoint (nornir_arpha.sim.otg): what the OTG spec leaves to the implementation
# --------------------------------------------------------------------------------------------

# `GET /capabilities/version` answers the API spec and SDK version of the installed snappi
# (the endpoint is built from its models) and this application version.
OTG_APP_VERSION = "nornir-arpha-sim"

# `set_config` replaces everything: every flow stops and its counters are dropped, and
# protocols stop; with `options.protocol_options.auto_start_all` (snappi's default: true)
# protocols then start at once, as ixia-c does.
# Starting protocols makes every CE-host device send an ARP request for its gateway, over
# the CE link its flows hash to: the PE at that link's end learns (or refreshes) the host's
# entry at the device's MAC, and backs it up to its peer. An ipv4 ping action from a CE
# host does the same first (the host resolves its gateway); its result is `succeeded` when
# that ARP reached a PE. Core-side devices send nothing into the fabric.
# A flow `start`ed from stopped counts from zero; `pause` then `resume` (or `start`) goes on
# counting; `stop` keeps the counts readable until the next start (ixia-c's behaviour).
# Traffic may start before protocols: frames are counted as the fabric delivers them.
# `ipv4_neighbors` lists the CE-host devices: their gateway resolves, once protocols run, to
# the MAC of the PE their flows hash to now (unresolved while no CE link carries them).
# Port metrics count a flow on its device's port; a device on a LAG counts on the LAG's first
# member port.
OTG_PORT_LINK = "up"

# --------------------------------------------------------------------------------------------
# Firmware personalities (issue 17; nornir_arpha.sim.personality)
# --------------------------------------------------------------------------------------------

# `terminal monitor` / `undo terminal monitor` (user view) switch the printing of log lines
# into the session on and off; both print nothing. Every personality accepts them; only a
# personality with `terminal_monitor` prints logs until `undo terminal monitor`.
# A log line printed into a session follows REFERENCE §9's layout; the harsh personality
# prints the documented RBS channel log (its channelState alternates), dated with the wall
# clock, between two lines of a display.
SESSION_LOG = (
    "{date} {sysname} %%01RBS/4/RBS_CHANNEL_STATUS_CHANGE(l):CID=0x80ae0401;The state of the "
    "RBS channel changed. (serviceName=rbs1, channelState={state})"
)
SESSION_LOG_DATE = "%b %d %Y %H:%M:%S"
# The busy answer: the text real NE40E/NE8000 sessions print under load is widely reported as
# this line (no reference page has it); the same command repeated later works.
REFUSE_BUSY = "The system is busy. Please try again later."
# Lines after a successful commit on the harsh personality: VRP8 prints Info/Warning notes
# after some commits (texts invented, in the style of the documented ones).
COMMIT_INFO = "Info: The configuration has been committed and takes effect."
COMMIT_WARNING = "Warning: The configuration will take effect after the interface status changes."

# NetEngine 8000 V800R023 (personality `ne8000-v8r23`). Release wording where the samples show
# two spellings: `display eth-trunk` prints `Operating Status` in the CE6800 V300R023 captures
# (tests/data/vrp/samples/display_eth-trunk/hwdoc-ce6800-v300r023c00-*) and `Operate status`
# in the NE40E V800R012 reference; `Number Of Up Port In Trunk` in the ntc-templates, netdoc
# and CX300 captures, `Ports` in the NE40E reference. Which spelling NE8000 V800R023 prints is
# not shown by any sample: the personality takes the other release's spellings, so that the
# client meets both.
NE8000_ETH_TRUNK_STATUS = "Operating Status"
NE8000_ETH_TRUNK_UP_PORTS = "Number Of Up Port In Trunk"
# `display interface brief` names a port with its running rate, `GigabitEthernet1/0/0(10G)`
# (NE40E command reference example, napalm and ntc-templates captures). The personality
# prints it on every physical port. NE8000 port names: a dual-rate port is named by both rates
# (`50|100GE0/1/0`) and runs at the higher; a breakout channel (`100GE0/1/1:1`) runs at a
# quarter of its port's rate (a 4 x 25G breakout); neither is shown by a sample with its rate.
BREAKOUT_RATE_SHARE = 4
# A backed-up ARP entry's TYPE on NE8000: no sample shows one (as for `R-<slot>`); invented,
# distinct from the NE40E personality's so that the lab's platform profile decides.
NE8000_ARP_BACKUP_TYPE = "RMT-{slot}"
# Personality `unflagged-backup`: firmware that prints backed-up entries exactly like learned
# ones, and a footer without `Remote:`. Evidence that such footers exist: several samples end
# `Total:N  Dynamic:N  Static:N  Interface:N` with no Remote count
# (tests/data/vrp/samples/display_arp*/); how those releases flag backups is not shown.
UNFLAGGED_ARP_BACKUP_TYPE = "D-{slot}"
