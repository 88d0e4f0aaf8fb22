"""Every command the simulated PE knows, per view: the grammar as one table.

Each row is (views, spec, action). Specs use the notation of `grammar.py`; parameter types
and their ranges (REFERENCE §3, §11.3) are in `TYPES`. Actions are:

* `EditAction`: a configuration change on the session's candidate (`edits.py`);
* `ShowAction`: a display that the device's runtime answers (`device_runtime.py` requests);
* `PingAction`: `ping`, answered by the runtime;
* `LocalAction`: anything the session itself answers (`local_commands.py`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from nornir_arpha.sim import inferred
from nornir_arpha.sim.cli import edits
from nornir_arpha.sim.cli import local_commands as s
from nornir_arpha.sim.cli.grammar import Command, Match, Node, build_tree
from nornir_arpha.sim.cli.params import (
    RBP_NAME,
    RBS_NAME,
    Host,
    Integer,
    IPAddress,
    IPv4,
    IPv6,
    IPv6Prefix,
    MaskOrLength,
    ParamType,
    Text,
    Word,
)
from nornir_arpha.sim.cli.reply import Reply
from nornir_arpha.sim.device_runtime import (
    PingRequest,
    ShowArp,
    ShowArpStatistics,
    ShowEthTrunk,
    ShowETrunk,
    ShowInterface,
    ShowInterfaceBrief,
    ShowRbp,
    ShowRbs,
    ShowRequest,
)

TYPES: dict[str, ParamType] = {
    "sysname": Word(*inferred.SYSNAME_LENGTH),
    "description": Text(*inferred.DESCRIPTION_LENGTH),
    "regex": Text(1, 255, regex=True),
    "rbs_name": RBS_NAME,
    "rbp_name": RBP_NAME,
    "rbs_port": Integer(1024, 55535),
    "etrunk_id": Integer(1, 128),
    "trunk_id": Integer(0, 65535),
    "backup_id": Integer(1, 4095),
    "priority": Integer(1, 254),
    "hello": Integer(5, 100),
    "multiplier": Integer(*inferred.HOLD_ON_FAILURE_MULTIPLIER_RANGE),
    "revert": Integer(0, 10800),
    "ipv4": IPv4(),
    "ipv6": IPv6(),
    "ipv6_prefix": IPv6Prefix(),
    "ipv6_length": Integer(1, 128),
    "mask": MaskOrLength(),
    "screen_length": Integer(0, 512),
    "screen_width": Integer(*inferred.SCREEN_WIDTH_RANGE),
    "host": Host(),
    "ip": IPAddress(),
    "ping_count": Integer(*inferred.PING_COUNT_RANGE),
    "ping_size": Integer(*inferred.PING_SIZE_RANGE),
    "ping_timeout": Integer(*inferred.PING_TIMEOUT_MS_RANGE),
}


@dataclass(frozen=True)
class EditAction:
    edit: edits.Edit


@dataclass(frozen=True)
class ShowAction:
    request: Callable[[Match], ShowRequest]


@dataclass(frozen=True)
class PingAction:
    pass


@dataclass(frozen=True)
class LocalAction:
    run: Callable[[s.Session, Match], Reply]


Action = EditAction | ShowAction | PingAction | LocalAction


# ---- runtime requests ----------------------------------------------------------------------


def _e_trunk(m: Match) -> ShowRequest:
    return ShowETrunk(m.args.get("etrunk"))


def _rbs(m: Match) -> ShowRequest:
    return ShowRbs(m.args.get("name"), verbose=m.has("verbose"))


def _rbp(m: Match) -> ShowRequest:
    return ShowRbp(m.args.get("name"))


def _eth_trunk(m: Match) -> ShowRequest:
    return ShowEthTrunk(m.args.get("trunk"), brief=m.has("brief"), verbose=m.has("verbose"))


def _interface(m: Match) -> ShowRequest:
    return ShowInterfaceBrief() if m.has("brief") else ShowInterface(m.args.get("interface"))


def _arp(m: Match) -> ShowRequest:
    return ShowArpStatistics() if m.has("statistics") else ShowArp(m.args.get("interface"))


def ping_request(m: Match) -> PingRequest:
    """The runtime request for a parsed `ping`."""
    defaults = PingRequest(target="")
    source = m.args.get("source")
    return PingRequest(
        target=str(m.args["host"]),
        count=m.args.get("count", defaults.count),
        source=None if source is None else str(source),
        size=m.args.get("size", defaults.size),
        timeout_ms=m.args.get("timeout", defaults.timeout_ms),
    )


# ---- the table -----------------------------------------------------------------------------

INTERFACE_VIEWS = ("eth-trunk", "physical", "loopback")
CONFIG_VIEWS = ("system", "rbs", "rbp", "e-trunk", *INTERFACE_VIEWS)
ALL_VIEWS = ("user", *CONFIG_VIEWS)

_PING_OPTIONS = (
    "-c <count:ping_count>",
    "-a <source:ip>",
    "-s <size:ping_size>",
    "-t <timeout:ping_timeout>",
)
PING_SPECS = tuple(
    " ".join(("ping", *options, "<host:host>"))
    for size in range(len(_PING_OPTIONS) + 1)
    for options in itertools.permutations(_PING_OPTIONS, size)
)

_SERVICE_TYPES = (
    "arp | nd | igmp | igmp-snooping | mld | ipsec | bras | multicast | l2tp"
    " | no-host-multicast | dhcp-server | dhcpv6-relay"
)
_ETRUNK_SETTINGS = (
    "priority <value:priority> | timer hello <value:hello>"
    " | timer hold-on-failure multiplier <value:multiplier>"
    " | timer revert delay <value:revert> | description <value:description>"
)
_ETRUNK_SETTING_NAMES = (
    "priority | timer hello | timer hold-on-failure multiplier | timer revert delay | description"
)
_IPV6_ADDRESS = "<prefix:ipv6_prefix> | <address:ipv6> <length:ipv6_length>"

Row = tuple[tuple[str, ...], str, Action]


def _rows() -> list[Row]:
    local = LocalAction
    edit = EditAction
    rows: list[Row] = [
        # displays, in every view (their output can be filtered: see `PIPED`)
        (ALL_VIEWS, "display current-configuration", local(s.show_current)),
        (ALL_VIEWS, "display version", local(s.show_version)),
        (CONFIG_VIEWS, "display this", local(s.show_this)),
        (CONFIG_VIEWS, "display configuration candidate", local(s.show_candidate)),
        (ALL_VIEWS, "display e-trunk { <etrunk:etrunk_id> | brief }", ShowAction(_e_trunk)),
        (
            ALL_VIEWS,
            "display remote-backup-service [ <name:rbs_name> [ verbose ] ]",
            ShowAction(_rbs),
        ),
        (ALL_VIEWS, "display remote-backup-profile [ <name:rbp_name> ]", ShowAction(_rbp)),
        (
            ALL_VIEWS,
            "display eth-trunk [ <trunk:trunk_id> [ verbose ] | brief ]",
            ShowAction(_eth_trunk),
        ),
        (
            ALL_VIEWS,
            "display interface [ brief | <interface:interface> ]",
            ShowAction(_interface),
        ),
        (
            ALL_VIEWS,
            "display arp { all | interface <interface:interface> | statistics all }",
            ShowAction(_arp),
        ),
        # user view
        (("user",), "system-view", local(s.system_view)),
        (("user",), "quit", local(s.logout)),
        (("user",), "screen-length <lines:screen_length> temporary", local(s.screen_length)),
        (("user",), "undo screen-length temporary", local(s.screen_length)),
        (("user",), "screen-width <width:screen_width>", local(s.screen_width)),
        (("user",), "terminal monitor", local(s.terminal_monitor)),
        (("user",), "undo terminal monitor", local(s.terminal_monitor)),
        # every configuration view
        (CONFIG_VIEWS, "quit", local(s.quit_view)),
        (CONFIG_VIEWS, "return", local(s.return_to_user)),
        (CONFIG_VIEWS, "commit", local(s.commit)),
        (CONFIG_VIEWS, "clear configuration candidate", local(s.clear_candidate)),
        (CONFIG_VIEWS, "abort", local(s.clear_candidate)),
        # system view
        (("system",), "sysname <name:sysname>", edit(edits.sysname)),
        (("system",), "undo sysname", edit(edits.sysname)),
        (("system",), "remote-backup-service <name:rbs_name>", edit(edits.enter_rbs)),
        (("system",), "undo remote-backup-service <name:rbs_name>", edit(edits.delete_rbs)),
        (("system",), "remote-backup-profile <name:rbp_name>", edit(edits.enter_rbp)),
        (("system",), "undo remote-backup-profile <name:rbp_name>", edit(edits.delete_rbp)),
        (("system",), "e-trunk <etrunk:etrunk_id>", edit(edits.enter_e_trunk)),
        (("system",), "undo e-trunk <etrunk:etrunk_id>", edit(edits.delete_e_trunk)),
        (("system",), "interface <interface:interface>", edit(edits.enter_interface)),
        (("system",), "undo interface <interface:interface>", edit(edits.delete_interface)),
        # RBS view
        (
            ("rbs",),
            "peer <peer:ipv4> source <source:ipv4> port <port:rbs_port>",
            edit(edits.rbs_peer),
        ),
        (
            ("rbs",),
            "peer-ipv6 <peer:ipv6> source-ipv6 <source:ipv6> port <port:rbs_port>",
            edit(edits.rbs_peer),
        ),
        (("rbs",), "undo peer <peer:ipv4>", edit(edits.rbs_undo_peer)),
        (
            ("rbs",),
            "undo peer-ipv6 <peer:ipv6> [ source-ipv6 <source:ipv6> port <port:rbs_port> ]",
            edit(edits.rbs_undo_peer),
        ),
        (("rbs",), "[ undo ] shutdown", edit(edits.rbs_shutdown)),
        # E-Trunk view
        (
            ("e-trunk",),
            "peer-address <peer:ipv4> source-address <source:ipv4>",
            edit(edits.etrunk_peer),
        ),
        (("e-trunk",), "peer-ipv6 <peer:ipv6> source-ipv6 <source:ipv6>", edit(edits.etrunk_peer)),
        (("e-trunk",), "undo peer-address", edit(edits.etrunk_undo_peer)),
        (
            ("e-trunk",),
            "undo peer-ipv6 [ <peer:ipv6> source-ipv6 <source:ipv6> ]",
            edit(edits.etrunk_undo_peer),
        ),
        (("e-trunk",), f"{{ {_ETRUNK_SETTINGS} }}", edit(edits.etrunk_setting)),
        (("e-trunk",), f"undo {{ {_ETRUNK_SETTING_NAMES} }}", edit(edits.etrunk_setting)),
        # interface views
        (INTERFACE_VIEWS, "[ undo ] shutdown", edit(edits.interface_shutdown)),
        (INTERFACE_VIEWS, "description <text:description>", edit(edits.interface_description)),
        (INTERFACE_VIEWS, "undo description", edit(edits.interface_description)),
        (INTERFACE_VIEWS, "ip address <address:ipv4> <mask:mask> [ sub ]", edit(edits.ip_address)),
        (
            INTERFACE_VIEWS,
            "undo ip address [ <address:ipv4> <mask:mask> [ sub ] ]",
            edit(edits.undo_ip_address),
        ),
        (INTERFACE_VIEWS, "[ undo ] ipv6 enable", edit(edits.ipv6_enable)),
        (INTERFACE_VIEWS, f"ipv6 address {{ {_IPV6_ADDRESS} }}", edit(edits.ipv6_address)),
        (
            INTERFACE_VIEWS,
            f"undo ipv6 address [ {_IPV6_ADDRESS} ]",
            edit(edits.undo_ipv6_address),
        ),
        (("physical",), "eth-trunk <trunk:trunk_id>", edit(edits.join_eth_trunk)),
        (("physical",), "undo eth-trunk", edit(edits.leave_eth_trunk)),
        (("eth-trunk",), "e-trunk <etrunk:etrunk_id>", edit(edits.join_e_trunk)),
        (("eth-trunk",), "undo e-trunk", edit(edits.leave_e_trunk)),
        (
            ("eth-trunk",),
            "e-trunk mode { auto | force-master | force-backup }:mode",
            edit(edits.e_trunk_mode),
        ),
        (("eth-trunk",), "undo e-trunk mode", edit(edits.e_trunk_mode)),
        (
            ("eth-trunk",),
            "mode { lacp-static | manual load-balance }:trunk_mode",
            edit(edits.trunk_work_mode),
        ),
        (("eth-trunk",), "undo mode", edit(edits.trunk_work_mode)),
        (("eth-trunk",), "remote-backup-profile <name:rbp_name>", edit(edits.bind_rbp)),
        (("eth-trunk",), "undo remote-backup-profile <name:rbp_name>", edit(edits.unbind_rbp)),
        # RBP view
        (
            ("rbp",),
            "backup-id <backup_id:backup_id> remote-backup-service <rbs:rbs_name>",
            edit(edits.backup_id),
        ),
        (
            ("rbp",),
            "undo backup-id <backup_id:backup_id> remote-backup-service <rbs:rbs_name>",
            edit(edits.undo_backup_id),
        ),
        (
            ("rbp",),
            f"[ undo ] service-type {{ {_SERVICE_TYPES} }}:service",
            edit(edits.service_type),
        ),
        (("rbp",), "peer-backup { hot | warm | virtual }:backup_mode", edit(edits.peer_backup)),
        (("rbp",), "undo peer-backup", edit(edits.peer_backup)),
        (
            ("rbp",),
            "e-trunk <etrunk:etrunk_id> eth-trunk <trunk:trunk_id>",
            edit(edits.rbp_e_trunk),
        ),
        (
            ("rbp",),
            "undo e-trunk <etrunk:etrunk_id> eth-trunk <trunk:trunk_id>",
            edit(edits.undo_rbp_e_trunk),
        ),
    ]
    rows += [(ALL_VIEWS, spec, PingAction()) for spec in PING_SPECS]
    return rows


def build_grammars() -> dict[str, Node]:
    """The compiled keyword tree of every view grammar (`View.grammar` keys)."""
    rows = _rows()
    trees: dict[str, Node] = {}
    for view in ALL_VIEWS:
        commands = [
            Command(spec, action, pipe=spec.startswith("display"))
            for views, spec, action in rows
            if view in views
        ]
        trees[view] = build_tree(commands, TYPES)
    return trees
