"""Parsers for the VRP8 display output the framework reads (NE40E / NetEngine 8000).

Each ``parse_*`` function takes the raw command output (with or without the echoed
``<PE1> display ...`` line, ``\\n`` or ``\\r\\n`` line ends) and returns typed, immutable
records. Output in a layout these parsers do not know raises UnsupportedLayout, naming the
command and what was not recognised.
"""

from __future__ import annotations

from nornir_arpha.parsers.arp import (
    ArpEngine,
    parse_arp_statistics,
    parse_arp_table,
    parse_arp_timeout,
)
from nornir_arpha.parsers.backup import parse_rbp, parse_rbp_list, parse_rbs, parse_rbs_list
from nornir_arpha.parsers.base import strip_echo
from nornir_arpha.parsers.config import parse_config
from nornir_arpha.parsers.eth_trunk import (
    parse_eth_trunk,
    parse_eth_trunk_brief,
    parse_eth_trunks,
)
from nornir_arpha.parsers.etrunk import parse_etrunk, parse_etrunk_brief, parse_etrunks
from nornir_arpha.parsers.exceptions import ParseError, UnsupportedLayout
from nornir_arpha.parsers.interface import (
    parse_interface,
    parse_interface_brief,
    parse_interfaces,
)
from nornir_arpha.parsers.ping import parse_ping
from nornir_arpha.parsers.records import (
    ArpEntry,
    ArpStatistics,
    ArpTable,
    ConfigSection,
    ConfigTree,
    EthTrunkBrief,
    EthTrunkInfo,
    ETrunkBrief,
    ETrunkInfo,
    ETrunkMember,
    InterfaceBrief,
    InterfaceInfo,
    PingResult,
    RbpInfo,
    RbpSummary,
    RbsInfo,
    RbsSummary,
    TrunkPort,
    VersionInfo,
)
from nornir_arpha.parsers.version import parse_version

__all__ = [
    "ArpEngine",
    "ArpEntry",
    "ArpStatistics",
    "ArpTable",
    "ConfigSection",
    "ConfigTree",
    "ETrunkBrief",
    "ETrunkInfo",
    "ETrunkMember",
    "EthTrunkBrief",
    "EthTrunkInfo",
    "InterfaceBrief",
    "InterfaceInfo",
    "ParseError",
    "PingResult",
    "RbpInfo",
    "RbpSummary",
    "RbsInfo",
    "RbsSummary",
    "TrunkPort",
    "UnsupportedLayout",
    "VersionInfo",
    "parse_arp_statistics",
    "parse_arp_table",
    "parse_arp_timeout",
    "parse_config",
    "parse_eth_trunk",
    "parse_eth_trunk_brief",
    "parse_eth_trunks",
    "parse_etrunk",
    "parse_etrunk_brief",
    "parse_etrunks",
    "parse_interface",
    "parse_interface_brief",
    "parse_interfaces",
    "parse_ping",
    "parse_rbp",
    "parse_rbp_list",
    "parse_rbs",
    "parse_rbs_list",
    "parse_version",
    "strip_echo",
]
