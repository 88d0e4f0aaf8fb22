"""Render ARP entries as VRP8 (NE40E) ``display arp all`` output, for tests and bench/."""

from __future__ import annotations

from collections.abc import Sequence

from nornir_arpha.parsers import ArpEntry

RULE = "-" * 78


def render_arp_table(
    entries: Sequence[ArpEntry], *, echo: str | None = "<PE1> display arp all", crlf: bool = False
) -> str:
    """The two-line header, one row per entry (its VLAN on the next line), rule, footer.

    Columns are padded as on the device but always keep one blank between fields, and the
    footer counts I / D / S / R types in Interface / Dynamic / Static / Remote.
    """
    lines = [echo] if echo else []
    lines += [
        "IP ADDRESS      MAC ADDRESS     EXPIRE(M) TYPE        INTERFACE   VPN-INSTANCE",
        "                                          VLAN/CEVLAN PVC",
        RULE,
    ]
    lines += render_rows(entries)
    kinds = [e.type[0] for e in entries]
    lines += [
        RULE,
        f"Total:{len(entries):<10}Dynamic:{kinds.count('D'):<8}Static:{kinds.count('S'):<5}"
        f"Interface:{kinds.count('I'):<5}Remote:{kinds.count('R')}",
        "Redirect:0",
    ]
    return ("\r\n" if crlf else "\n").join(lines) + "\n"


def render_rows(entries: Sequence[ArpEntry]) -> list[str]:
    """The table lines of the entries: a row each, and its VLAN on the next line."""
    lines = []
    for e in entries:
        expire = "" if e.expire_min is None else str(e.expire_min)
        row = f"{e.ip:<15} {e.mac:<15} {expire:<9} {e.type:<11} {e.interface or '':<13} "
        lines.append((row + (e.vpn_instance or "")).rstrip())
        if e.vlan:
            lines.append(" " * 42 + e.vlan)
    return lines


def generated_entries(count: int) -> list[ArpEntry]:
    """A PE's table after a big backup.

    Half the entries are learned locally (``D-1``), half backed up from the peer (``R-1``);
    every 8th sits on a VLAN sub-interface in a VPN, so its VLAN is printed on a second line.
    """
    entries = []
    for n in range(count):
        ip = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        mac = f"00e0-fc{n >> 16 & 255:02x}-{n & 0xFFFF:04x}"
        expire, type_ = (None, "R-1") if n % 2 else (n % 21, "D-1")
        if n % 8 == 7:
            entries.append(ArpEntry(ip, mac, expire, type_, "Eth-Trunk10.100", "vpn1", "100/-"))
        else:
            entries.append(ArpEntry(ip, mac, expire, type_, "Eth-Trunk10", None, None))
    return entries
