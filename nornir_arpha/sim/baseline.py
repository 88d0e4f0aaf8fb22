"""The configuration a simulated PE boots with, derived from the lab definition.

It is what a real lab PE has before this framework touches it: sysname, a loopback carrying
the hot-backup source addresses, the inter-PE link, and the CE-facing Eth-Trunk with the
gateway address and its member ports. The hot-backup objects themselves are not there.
"""

from __future__ import annotations

import ipaddress

from nornir_arpha.lab import Lab
from nornir_arpha.sim.device_config import DeviceConfig, Interface

INTER_PE_V4 = ipaddress.ip_network("10.0.12.0/30")
INTER_PE_V6 = ipaddress.ip_network("2001:db8:12::/64")


def baseline_config(lab: Lab, pe: str) -> DeviceConfig:
    """Boot configuration of PE `pe` of `lab`."""
    intent = lab.intent(pe)
    ce = lab.settings.ce
    config = DeviceConfig(sysname=pe)
    index = lab.pair.index(pe) + 1  # 1 or 2: the PE's address in the inter-PE /30

    loopback = Interface(name="LoopBack0")
    addresses = {intent.rbs.source, intent.e_trunk.source}
    for address in sorted(addresses, key=str):
        if address.version == 4:
            loopback.ipv4.append(f"{address}/32")
        else:
            loopback.ipv6.append(f"{address}/128")
    config.interfaces[loopback.name] = loopback

    for link in lab.settings.topology.links:
        for near, far in ((link.a, link.b), (link.b, link.a)):
            host, _, port = near.partition(":")
            if host != pe:
                continue
            interface = Interface(name=port)
            if far.partition(":")[0] in lab.pair:
                interface.ipv4.append(f"{INTER_PE_V4[index]}/{INTER_PE_V4.prefixlen}")
                interface.ipv6.append(f"{INTER_PE_V6[index]}/{INTER_PE_V6.prefixlen}")
            config.interfaces[port] = interface

    trunk = Interface(name=intent.eth_trunk.name)
    gateway = f"{ce.gateway_ip}/{ce.subnet.prefixlen}"
    (trunk.ipv6 if ce.subnet.version == 6 else trunk.ipv4).append(gateway)
    config.interfaces[trunk.name] = trunk
    for member in intent.eth_trunk.members:
        config.interfaces[member].eth_trunk = intent.eth_trunk.id
    return config
