"""The CE hosts of a lab, in compact per-host arrays (one lab may hold 64 000 of them).

Host `h` is an index. Everything random about a host (MAC, which CE link its flows hash
to, when it sends its own ARP) comes from the lab seed, so a lab is reproducible.

Hosts can join and leave while the lab runs (a traffic generator's configuration decides
which hosts exist): a joining host takes the next index, a leaving one keeps its index but
is absent, so every per-host array only ever grows.

Flow hashing is rendezvous hashing: each host ranks the CE links once; the CE (and the
core, symmetrically) sends a host's flows over the first link of its ranking that it
believes usable. Losing a link moves only the hosts that were on it, spread evenly over
the rest, as a real LAG with resilient hashing does.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import random
from array import array
from collections.abc import Sequence

from nornir_arpha.lab import Lab
from nornir_arpha.lab.intent import CeSide

NO_LINK = 255  # "no usable link" in an assignment


def format_mac(raw: bytes) -> str:
    """Huawei's dotted MAC form: `00e0-fc12-3456`."""
    text = raw.hex()
    return f"{text[0:4]}-{text[4:8]}-{text[8:12]}"


class HostTable:
    """The hosts behind the CE.

    Args:
        ce: the lab's CE side (subnet, gateway, number of hosts)
        link_count: how many CE links the hosts' flows hash over
        seed: the lab seed
        refresh_slots: host ARP interval in whole lab seconds; each host sends its ARP in
            one one-second slot of that cycle

    Raises:
        ValueError: the CE subnet is not IPv4 (hosts are resolved with ARP), or there are
            more CE links than an assignment byte can name
    """

    def __init__(self, ce: CeSide, link_count: int, seed: int, refresh_slots: int) -> None:
        if ce.subnet.version != 4:
            raise ValueError(f"the simulated fabric needs an IPv4 CE subnet, not {ce.subnet}")
        if not 0 < link_count < NO_LINK:
            raise ValueError(f"{link_count} CE links: the fabric supports 1 to {NO_LINK - 1}")
        self.count = ce.hosts
        self.link_count = link_count
        self.refresh_slots = max(1, refresh_slots)
        self.ips = [str(ip) for ip in ce.host_ips()]
        macs = random.Random(f"{seed}:host-macs").randbytes(6 * self.count)
        self.macs = [
            format_mac(bytes([macs[6 * h] & 0xFC]) + macs[6 * h + 1 : 6 * h + 6])
            for h in range(self.count)
        ]
        self.index = {ip: h for h, ip in enumerate(self.ips)}
        self.seed = seed
        self.preferences = self._rank_links(random.Random(f"{seed}:host-flows"), self.count)
        self.present = bytearray([1]) * self.count
        order = list(range(self.count))
        random.Random(f"{seed}:host-arp").shuffle(order)
        self.refresh_order = array("I", order)
        self._booted = self.count  # hosts whose ARP slots follow `refresh_order`
        self._joined: list[list[int]] = [[] for _ in range(self.refresh_slots)]
        self._assignments: dict[int, bytes] = {}

    def _rank_links(self, rng: random.Random, hosts: int) -> bytearray:
        ranked = bytearray()
        links = range(self.link_count)
        for _ in range(hosts):
            weights = [rng.random() for _ in links]
            ranked.extend(sorted(links, key=weights.__getitem__, reverse=True))
        return ranked

    def add(self, ip: str, mac: str) -> int:
        """A new host `ip` with MAC `mac` (Huawei form) joins; its ranking comes from the seed.

        Returns:
            its index (the next free one)
        """
        host = self.count
        self.count += 1
        self.ips.append(ip)
        self.macs.append(mac)
        self.index[ip] = host
        self.preferences += self._rank_links(random.Random(f"{self.seed}:host-flows:{ip}"), 1)
        self.present.append(1)
        self._joined[host % self.refresh_slots].append(host)
        self._assignments.clear()
        return host

    def set_present(self, host: int, present: bool) -> None:
        """Let `host` leave (it sends nothing and nothing is sent to it) or come back."""
        if self.present[host] != present:
            self.present[host] = present
            self._assignments.clear()

    def host_of(self, ip: str) -> int | None:
        """The index of the host with address `ip`, if it is one."""
        return self.index.get(ip)

    def assignment(self, usable: int) -> bytes:
        """Which link carries each host's flows when the links in bitmask `usable` are usable.

        Returns:
            one byte per host: a link index, or NO_LINK when no link is usable
        """
        cached = self._assignments.get(usable)
        if cached is None:
            cached = self._assignments[usable] = self._assign(usable)
        return cached

    def _assign(self, usable: int) -> bytes:
        width = self.link_count
        ranked = self.preferences
        result = bytearray([NO_LINK]) * self.count
        if usable == 0:
            return bytes(result)
        present = self.present
        for host in range(self.count):
            if not present[host]:
                continue
            for link in ranked[host * width : host * width + width]:
                if usable >> link & 1:
                    result[host] = link
                    break
        return bytes(result)

    def slot_hosts(self, slot: int) -> Sequence[int]:
        """The hosts that send their own ARP in one-second slot `slot` of the cycle."""
        start = slot * self._booted // self.refresh_slots
        stop = (slot + 1) * self._booted // self.refresh_slots
        joined = self._joined[slot]
        return (
            [*self.refresh_order[start:stop], *joined] if joined else self.refresh_order[start:stop]
        )


def mask_of(links: Sequence[int]) -> int:
    """The bitmask of a collection of link indices."""
    mask = 0
    for link in links:
        mask |= 1 << link
    return mask


def lab_with_hosts(lab: Lab, hosts: int) -> Lab:
    """A copy of `lab` with `hosts` CE hosts: in its own subnet when it has room, else in
    10.128.0.0/16 (gateway 10.128.0.1), for scale tests and benchmarks.

    Raises:
        ValueError: more hosts than a /16 holds
    """
    ce = lab.settings.ce
    if hosts > ce.subnet.num_addresses - 3:
        subnet = ipaddress.ip_network("10.128.0.0/16")
        if hosts > subnet.num_addresses - 3:
            raise ValueError(f"{hosts} hosts do not fit in {subnet}")
        ce = ce.model_copy(update={"subnet": subnet, "gateway": subnet[1]})
    ce = ce.model_copy(update={"hosts": hosts})
    return dataclasses.replace(lab, settings=lab.settings.model_copy(update={"ce": ce}))
