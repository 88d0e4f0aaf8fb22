"""Configuration commands: each validates against a configuration and then changes it.

An edit is `fn(config, view, match) -> view to enter or None`. It raises `CommandRefused`
(an `Error:` line) or `ParamFault` (a caret error at one parameter) before touching
anything, so the session can run it on its candidate, and a commit can replay it on the
current running configuration, with the same checks (REFERENCE §3, §6).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import TypeVar

from nornir_arpha.sim import inferred
from nornir_arpha.sim.cli.command_views import View
from nornir_arpha.sim.cli.grammar import Match
from nornir_arpha.sim.device_config import (
    DeviceConfig,
    ETrunk,
    Interface,
    RemoteBackupProfile,
    RemoteBackupService,
    TrunkWorkMode,
)
from nornir_arpha.sim.device_runtime import CommandRefused

Edit = Callable[[DeviceConfig, View, Match], View | None]
T = TypeVar("T")

MAX_TRUNK_MEMBERS = 64


class ParamFault(Exception):
    """The parameter `arg` has the right form but names something the device lacks."""

    def __init__(self, arg: str) -> None:
        super().__init__(arg)
        self.arg = arg


def _lookup(items: dict[str, T], name: str) -> str | None:
    """The stored key matching `name` case-insensitively (RBS/RBP names are)."""
    lowered = name.lower()
    return next((key for key in items if key.lower() == lowered), None)


def _interface(config: DeviceConfig, name: str) -> Interface:
    found = config.interfaces.get(name)
    if found is None:
        raise CommandRefused(inferred.REFUSE_INTERFACE_MISSING)
    return found


def _rbs(config: DeviceConfig, view: View) -> RemoteBackupService:
    found = config.rbs.get(view.key)
    if found is None:
        raise CommandRefused(inferred.REFUSE_RBS_MISSING)
    return found


def _rbp(config: DeviceConfig, view: View) -> RemoteBackupProfile:
    found = config.rbps.get(view.key)
    if found is None:
        raise CommandRefused(inferred.REFUSE_RBP_MISSING)
    return found


def _e_trunk(config: DeviceConfig, view: View) -> ETrunk:
    found = config.e_trunks.get(int(view.key))
    if found is None:
        raise CommandRefused(inferred.REFUSE_ETRUNK_MISSING)
    return found


def _peer_source(match: Match) -> tuple[str, str]:
    peer, source = str(match.args["peer"]), str(match.args["source"])
    if peer == source:
        raise CommandRefused(inferred.REFUSE_PEER_EQUALS_SOURCE)
    return peer, source


# ---- system view ---------------------------------------------------------------------------


def sysname(config: DeviceConfig, view: View, match: Match) -> None:
    config.sysname = match.args.get("name", inferred.DEFAULT_SYSNAME)


def enter_rbs(config: DeviceConfig, view: View, match: Match) -> View:
    name = _lookup(config.rbs, match.args["name"]) or match.args["name"]
    config.rbs.setdefault(name, RemoteBackupService(name=name))
    return View("rbs", name)


def delete_rbs(config: DeviceConfig, view: View, match: Match) -> None:
    name = _lookup(config.rbs, match.args["name"])
    if name is None:
        raise CommandRefused(inferred.REFUSE_RBS_MISSING)
    if any(rbp.rbs == name for rbp in config.rbps.values()):
        raise CommandRefused(inferred.REFUSE_RBS_IN_USE)
    del config.rbs[name]


def enter_rbp(config: DeviceConfig, view: View, match: Match) -> View:
    name = _lookup(config.rbps, match.args["name"]) or match.args["name"]
    config.rbps.setdefault(name, RemoteBackupProfile(name=name))
    return View("rbp", name)


def delete_rbp(config: DeviceConfig, view: View, match: Match) -> None:
    name = _lookup(config.rbps, match.args["name"])
    if name is None:
        raise CommandRefused(inferred.REFUSE_RBP_MISSING)
    if any(i.rbp == name for i in config.interfaces.values()):
        raise CommandRefused(inferred.REFUSE_RBP_IN_USE)
    del config.rbps[name]


def enter_e_trunk(config: DeviceConfig, view: View, match: Match) -> View:
    etrunk_id: int = match.args["etrunk"]
    config.e_trunks.setdefault(etrunk_id, ETrunk(id=etrunk_id))
    return View("e-trunk", str(etrunk_id))


def delete_e_trunk(config: DeviceConfig, view: View, match: Match) -> None:
    etrunk_id: int = match.args["etrunk"]
    if etrunk_id not in config.e_trunks:
        raise CommandRefused(inferred.REFUSE_ETRUNK_MISSING)
    if any(rbp.e_trunk == etrunk_id for rbp in config.rbps.values()):
        raise CommandRefused(inferred.REFUSE_ETRUNK_IN_USE)
    for interface in config.interfaces.values():  # members leave it (REFERENCE §3.5)
        if interface.e_trunk == etrunk_id:
            interface.e_trunk, interface.e_trunk_mode = None, "auto"
    del config.e_trunks[etrunk_id]


def enter_interface(config: DeviceConfig, view: View, match: Match) -> View:
    name: str = match.args["interface"]
    if name not in config.interfaces:
        if Interface(name=name).kind == "physical":
            raise ParamFault("interface")  # not in this chassis
        config.interfaces[name] = Interface(name=name)
    return View("interface", name)


def delete_interface(config: DeviceConfig, view: View, match: Match) -> None:
    name: str = match.args["interface"]
    interface = config.interfaces.get(name)
    if interface is None or interface.kind == "physical":
        raise ParamFault("interface")
    trunk_id = interface.trunk_id
    if trunk_id is not None:
        if config.trunk_members(trunk_id):
            raise CommandRefused(inferred.REFUSE_ETH_TRUNK_HAS_MEMBERS)
        if any(rbp.eth_trunk == trunk_id for rbp in config.rbps.values()):
            raise CommandRefused(inferred.REFUSE_ETH_TRUNK_IN_RBP)
    del config.interfaces[name]


# ---- RBS view ------------------------------------------------------------------------------


def rbs_peer(config: DeviceConfig, view: View, match: Match) -> None:
    rbs = _rbs(config, view)
    rbs.peer, rbs.source = _peer_source(match)
    rbs.port, rbs.ipv6 = match.args["port"], match.has("peer-ipv6")


def rbs_undo_peer(config: DeviceConfig, view: View, match: Match) -> None:
    rbs = _rbs(config, view)
    ipv6 = match.has("peer-ipv6")
    if rbs.peer != str(match.args["peer"]) or rbs.ipv6 != ipv6:
        raise CommandRefused(inferred.REFUSE_PEER_MISMATCH)
    if "source" in match.args and (
        rbs.source != str(match.args["source"]) or rbs.port != match.args["port"]
    ):
        raise CommandRefused(inferred.REFUSE_PEER_MISMATCH)
    rbs.peer = rbs.source = rbs.port = None
    rbs.ipv6 = False


def rbs_shutdown(config: DeviceConfig, view: View, match: Match) -> None:
    _rbs(config, view).shutdown = not match.has("undo")


# ---- E-Trunk view --------------------------------------------------------------------------


def etrunk_peer(config: DeviceConfig, view: View, match: Match) -> None:
    e_trunk = _e_trunk(config, view)
    e_trunk.peer, e_trunk.source = _peer_source(match)
    e_trunk.ipv6 = match.has("peer-ipv6")


def etrunk_undo_peer(config: DeviceConfig, view: View, match: Match) -> None:
    e_trunk = _e_trunk(config, view)
    if e_trunk.peer is None or e_trunk.ipv6 != match.has("peer-ipv6"):
        raise CommandRefused(inferred.REFUSE_PEER_MISMATCH)
    if "peer" in match.args and (e_trunk.peer, e_trunk.source) != (
        str(match.args["peer"]),
        str(match.args["source"]),
    ):
        raise CommandRefused(inferred.REFUSE_PEER_MISMATCH)
    e_trunk.peer = e_trunk.source = None
    e_trunk.ipv6 = False


def etrunk_setting(config: DeviceConfig, view: View, match: Match) -> None:
    """`priority`, `timer …` and `description` and their undo forms (back to the default)."""
    e_trunk = _e_trunk(config, view)
    defaults = ETrunk(id=e_trunk.id)
    undo = match.has("undo")
    for keyword, attribute in (
        ("priority", "priority"),
        ("hello", "hello_100ms"),
        ("hold-on-failure", "fail_multiplier"),
        ("revert", "revert_delay_s"),
        ("description", "description"),
    ):
        if match.has(keyword):
            value = getattr(defaults, attribute) if undo else match.args["value"]
            setattr(e_trunk, attribute, value)
            return


# ---- interface views -----------------------------------------------------------------------


def interface_shutdown(config: DeviceConfig, view: View, match: Match) -> None:
    _interface(config, view.key).shutdown = not match.has("undo")


def interface_description(config: DeviceConfig, view: View, match: Match) -> None:
    _interface(config, view.key).description = match.args.get("text")


def _l3_interface(config: DeviceConfig, view: View) -> Interface:
    interface = _interface(config, view.key)
    if interface.eth_trunk is not None:
        raise CommandRefused(inferred.REFUSE_L3_ON_MEMBER)
    return interface


def _address_owner(config: DeviceConfig, address: str) -> Interface | None:
    host = address.split("/")[0]
    for interface in config.interfaces.values():
        if any(a.split("/")[0] == host for a in (*interface.ipv4, *interface.ipv6)):
            return interface
    return None


def ip_address(config: DeviceConfig, view: View, match: Match) -> None:
    interface = _l3_interface(config, view)
    address = ipaddress.IPv4Interface((match.args["address"], match.args["mask"]))
    if address.network.prefixlen < 31 and address.ip in (
        address.network.network_address,
        address.network.broadcast_address,
    ):
        raise CommandRefused(inferred.REFUSE_INVALID_ADDRESS)
    text = str(address)
    owner = _address_owner(config, text)
    if owner is not None and owner is not interface:
        raise CommandRefused(inferred.REFUSE_ADDRESS_EXISTS)
    if text in interface.ipv4:
        return
    if match.has("sub"):
        interface.ipv4.append(text)
    elif interface.ipv4:
        interface.ipv4[0] = text
    else:
        interface.ipv4.append(text)


def undo_ip_address(config: DeviceConfig, view: View, match: Match) -> None:
    interface = _interface(config, view.key)
    if "address" not in match.args:
        interface.ipv4.clear()
        return
    text = str(ipaddress.IPv4Interface((match.args["address"], match.args["mask"])))
    if text not in interface.ipv4:
        raise CommandRefused(inferred.REFUSE_ADDRESS_MISSING)
    interface.ipv4.remove(text)


def _ipv6_argument(match: Match) -> str:
    if "prefix" in match.args:
        return str(match.args["prefix"])
    return str(ipaddress.IPv6Interface((match.args["address"], match.args["length"])))


def ipv6_enable(config: DeviceConfig, view: View, match: Match) -> None:
    """`ipv6 enable` only checks (it is shown with the addresses); the undo drops them."""
    if match.has("undo"):
        _interface(config, view.key).ipv6.clear()
    else:
        _l3_interface(config, view)


def ipv6_address(config: DeviceConfig, view: View, match: Match) -> None:
    interface = _l3_interface(config, view)
    text = _ipv6_argument(match)
    owner = _address_owner(config, text)
    if owner is not None and owner is not interface:
        raise CommandRefused(inferred.REFUSE_ADDRESS_EXISTS)
    if text not in interface.ipv6:
        interface.ipv6.append(text)


def undo_ipv6_address(config: DeviceConfig, view: View, match: Match) -> None:
    interface = _interface(config, view.key)
    if "prefix" not in match.args and "address" not in match.args:
        interface.ipv6.clear()
        return
    text = _ipv6_argument(match)
    if text not in interface.ipv6:
        raise CommandRefused(inferred.REFUSE_ADDRESS_MISSING)
    interface.ipv6.remove(text)


def join_eth_trunk(config: DeviceConfig, view: View, match: Match) -> None:
    port = _interface(config, view.key)
    trunk_id: int = match.args["trunk"]
    if config.eth_trunk(trunk_id) is None:
        raise CommandRefused(inferred.REFUSE_ETH_TRUNK_MISSING)
    if port.eth_trunk == trunk_id:
        return
    if port.eth_trunk is not None:
        raise CommandRefused(inferred.REFUSE_MEMBER_OF_OTHER_TRUNK)
    if port.ipv4 or port.ipv6:
        raise CommandRefused(inferred.REFUSE_MEMBER_HAS_L3)
    if len(config.trunk_members(trunk_id)) >= MAX_TRUNK_MEMBERS:
        raise CommandRefused(inferred.REFUSE_TRUNK_FULL)
    port.eth_trunk = trunk_id


def leave_eth_trunk(config: DeviceConfig, view: View, match: Match) -> None:
    port = _interface(config, view.key)
    if port.eth_trunk is None:
        raise CommandRefused(inferred.REFUSE_MEMBER_NOT_IN_TRUNK)
    port.eth_trunk = None


def join_e_trunk(config: DeviceConfig, view: View, match: Match) -> None:
    trunk = _interface(config, view.key)
    etrunk_id: int = match.args["etrunk"]
    if etrunk_id not in config.e_trunks:
        raise CommandRefused(inferred.REFUSE_ETRUNK_MISSING)
    if trunk.e_trunk not in (None, etrunk_id):
        raise CommandRefused(inferred.REFUSE_ETH_TRUNK_IN_OTHER_ETRUNK)
    trunk.e_trunk = etrunk_id


def leave_e_trunk(config: DeviceConfig, view: View, match: Match) -> None:
    trunk = _interface(config, view.key)
    if trunk.e_trunk is None:
        raise CommandRefused(inferred.REFUSE_ETH_TRUNK_NOT_IN_ETRUNK)
    trunk.e_trunk, trunk.e_trunk_mode = None, "auto"  # the mode goes with it (§3.10)


def e_trunk_mode(config: DeviceConfig, view: View, match: Match) -> None:
    trunk = _interface(config, view.key)
    if trunk.e_trunk is None:
        raise CommandRefused(inferred.REFUSE_ETRUNK_MODE_NOT_MEMBER)
    trunk.e_trunk_mode = "auto" if match.has("undo") else match.args["mode"]


def trunk_work_mode(config: DeviceConfig, view: View, match: Match) -> None:
    trunk = _interface(config, view.key)
    mode: TrunkWorkMode = "manual load-balance" if match.has("undo") else match.args["trunk_mode"]
    if trunk.e_trunk is not None and mode != trunk.trunk_mode:
        raise CommandRefused(inferred.REFUSE_TRUNK_MODE_IN_ETRUNK)
    trunk.trunk_mode = mode


def bind_rbp(config: DeviceConfig, view: View, match: Match) -> None:
    trunk = _interface(config, view.key)
    name = _lookup(config.rbps, match.args["name"])
    if name is None:
        raise CommandRefused(inferred.REFUSE_RBP_MISSING)
    rbp = config.rbps[name]
    if rbp.backup_id is None or rbp.rbs is None or rbp.e_trunk is None:
        raise CommandRefused(inferred.REFUSE_RBP_INCOMPLETE)
    if trunk.rbp not in (None, name):
        raise CommandRefused(inferred.REFUSE_RBP_OTHER_BOUND)
    trunk.rbp = name


def unbind_rbp(config: DeviceConfig, view: View, match: Match) -> None:
    trunk = _interface(config, view.key)
    name = _lookup(config.rbps, match.args["name"])
    if name is None or trunk.rbp != name:
        raise CommandRefused(inferred.REFUSE_RBP_NOT_BOUND)
    trunk.rbp = None


# ---- RBP view ------------------------------------------------------------------------------


def backup_id(config: DeviceConfig, view: View, match: Match) -> None:
    rbp = _rbp(config, view)
    rbs = _lookup(config.rbs, match.args["rbs"])
    if rbs is None:
        raise CommandRefused(inferred.REFUSE_RBS_MISSING)
    wanted: int = match.args["backup_id"]
    if any(o.backup_id == wanted for o in config.rbps.values() if o is not rbp):
        raise CommandRefused(inferred.REFUSE_BACKUP_ID_USED)
    rbp.backup_id, rbp.rbs = wanted, rbs


def undo_backup_id(config: DeviceConfig, view: View, match: Match) -> None:
    rbp = _rbp(config, view)
    rbs = _lookup(config.rbs, match.args["rbs"])
    if rbp.backup_id != match.args["backup_id"] or rbp.rbs is None or rbp.rbs != rbs:
        raise CommandRefused(inferred.REFUSE_BACKUP_ID_MISMATCH)
    if any(i.rbp == rbp.name for i in config.interfaces.values()):
        raise CommandRefused(inferred.REFUSE_RBP_IN_USE)
    rbp.backup_id = rbp.rbs = None


def service_type(config: DeviceConfig, view: View, match: Match) -> None:
    rbp = _rbp(config, view)
    service: str = match.args["service"]
    if match.has("undo"):
        if service not in rbp.service_types:
            raise CommandRefused(inferred.REFUSE_SERVICE_TYPE_MISSING)
        rbp.service_types.remove(service)
    elif service not in rbp.service_types:
        rbp.service_types.append(service)


def peer_backup(config: DeviceConfig, view: View, match: Match) -> None:
    _rbp(config, view).peer_backup = "hot" if match.has("undo") else match.args["backup_mode"]


def rbp_e_trunk(config: DeviceConfig, view: View, match: Match) -> None:
    rbp = _rbp(config, view)
    etrunk_id: int = match.args["etrunk"]
    trunk_id: int = match.args["trunk"]
    if etrunk_id not in config.e_trunks:
        raise CommandRefused(inferred.REFUSE_ETRUNK_MISSING)
    trunk = config.eth_trunk(trunk_id)
    if trunk is None:
        raise CommandRefused(inferred.REFUSE_ETH_TRUNK_MISSING)
    if not config.trunk_members(trunk_id):
        raise CommandRefused(inferred.REFUSE_ETH_TRUNK_NO_MEMBER)
    if trunk.e_trunk != etrunk_id:
        raise CommandRefused(inferred.REFUSE_ETH_TRUNK_NOT_IN_ETRUNK)
    if rbp.e_trunk is not None and (rbp.e_trunk, rbp.eth_trunk) != (etrunk_id, trunk_id):
        raise CommandRefused(inferred.REFUSE_RBP_ETRUNK_CONFLICT)
    rbp.e_trunk, rbp.eth_trunk = etrunk_id, trunk_id


def undo_rbp_e_trunk(config: DeviceConfig, view: View, match: Match) -> None:
    rbp = _rbp(config, view)
    if (rbp.e_trunk, rbp.eth_trunk) != (match.args["etrunk"], match.args["trunk"]):
        raise CommandRefused(inferred.REFUSE_RBP_ETRUNK_MISMATCH)
    if any(i.rbp == rbp.name for i in config.interfaces.values()):
        raise CommandRefused(inferred.REFUSE_RBP_IN_USE)
    rbp.e_trunk = rbp.eth_trunk = None
