"""A Nornir inventory plugin that serves a validated lab (`ArphaInventory`).

Register-free use: `InitNornir(inventory={"plugin": "ArphaInventory", "options": {"lab": lab}})`
where `lab` is a `Lab` or a lab folder path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nornir.core.inventory import (
    ConnectionOptions,
    Defaults,
    Groups,
    Host,
    Hosts,
    Inventory,
)

from nornir_arpha.lab.loader import load_lab
from nornir_arpha.lab.model import Lab

# Proven settings for scrapli against an SSH server we do not control the keys of.
SCRAPLI_EXTRAS: dict[str, Any] = {"auth_strict_key": False, "ssh_config_file": False}


class ArphaInventory:
    """Nornir inventory built from a lab; each PE's validated intent is in `data["intent"]`."""

    def __init__(self, lab: Lab | str | Path) -> None:
        self.lab = lab if isinstance(lab, Lab) else load_lab(lab)

    def load(self) -> Inventory:
        hosts = Hosts()
        for name, lab_host in self.lab.hosts.items():
            extras = {**SCRAPLI_EXTRAS, **lab_host.connection_options.get("scrapli", {})}
            hosts[name] = Host(
                name=name,
                hostname=lab_host.hostname,
                port=lab_host.port,
                username=lab_host.username,
                password=lab_host.password.get_secret_value(),
                platform=lab_host.platform,
                data={**lab_host.data, "intent": lab_host.intent, "lab": self.lab.name},
                connection_options={
                    "scrapli": ConnectionOptions(
                        platform=lab_host.platform,
                        extras=extras,
                    )
                },
            )
        return Inventory(hosts=hosts, groups=Groups(), defaults=Defaults())
