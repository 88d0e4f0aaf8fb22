"""The one way into Nornir: the `ArphaInventory` plugin, and `open_nornir` built on it.

Both give the same sessions: the inventory puts every connection option on the hosts (the
`nodelay` transport with its operation watchdog, long view names in the prompt pattern,
transcripts), so `InitNornir` with the plugin works like `open_nornir`::

    InitNornir(
        inventory={"plugin": "ArphaInventory", "options": {"lab": "sim"}},
        runner={"plugin": "InterruptibleRunner"},  # Ctrl-C acts at once, as in open_nornir
    )

`lab` is a `Lab`, a lab folder or a shipped lab's name; the lab's PEs must answer (a
simulated lab with `port: 0` needs `nornir_arpha.provision.open_lab` first).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path
from typing import Any

from nornir.core import Nornir
from nornir.core.configuration import Config
from nornir.core.inventory import (
    ConnectionOptions,
    Defaults,
    Groups,
    Host,
    Hosts,
    Inventory,
)
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.core.state import GlobalState

from nornir_arpha.device.runner import InterruptibleRunner
from nornir_arpha.device.session import CONNECTION, scrapli_extras
from nornir_arpha.journal import Journal
from nornir_arpha.lab.loader import load_lab
from nornir_arpha.lab.model import Lab
from nornir_arpha.lab.shipped import resolve_lab

# The name `InitNornir(runner={"plugin": ...})` knows `InterruptibleRunner` by (entry point).
RUNNER_PLUGIN = "InterruptibleRunner"

# Where a host's data holds the lab's change journal (read by `nornir_arpha.tasks.journaled`).
JOURNAL_KEY = "journal"

# Proven settings for scrapli against an SSH server we do not control the keys of.
SCRAPLI_EXTRAS: dict[str, Any] = {"auth_strict_key": False, "ssh_config_file": False}


class ArphaInventory:
    """Nornir inventory built from a lab; each PE's validated intent is in `data["intent"]`.

    Args:
        lab: a loaded lab, a lab folder, or a shipped lab's name
        transcripts: folder receiving one channel transcript per host (`<host>.log`)
        channel_logs: per-host file-like transcript sinks instead
    """

    def __init__(
        self,
        lab: Lab | str | Path,
        transcripts: Path | None = None,
        channel_logs: Mapping[str, BytesIO] | None = None,
    ) -> None:
        self.lab = lab if isinstance(lab, Lab) else load_lab(resolve_lab(lab))
        self.transcripts = transcripts
        self.channel_logs = channel_logs or {}

    def _extras(self, name: str) -> dict[str, Any]:
        own = {**SCRAPLI_EXTRAS, **self.lab.hosts[name].connection_options.get("scrapli", {})}
        ours = scrapli_extras(self.lab, name, self.transcripts, self.channel_logs.get(name))
        # The lab's own transport options (e.g. paramiko's enable_rsa2) are kept.
        ours["transport_options"] = {
            **own.get("transport_options", {}),
            **ours["transport_options"],
        }
        return {**own, **ours}

    def load(self) -> Inventory:
        hosts = Hosts()
        for name, lab_host in self.lab.hosts.items():
            hosts[name] = Host(
                name=name,
                hostname=lab_host.hostname,
                port=lab_host.port,
                username=lab_host.username,
                password=lab_host.password.get_secret_value(),
                platform=lab_host.platform,
                data={**lab_host.data, "intent": lab_host.intent, "lab": self.lab.name},
                connection_options={
                    CONNECTION: ConnectionOptions(
                        platform=lab_host.platform, extras=self._extras(name)
                    )
                },
            )
        return Inventory(hosts=hosts, groups=Groups(), defaults=Defaults())


def open_nornir(
    lab: Lab,
    *,
    transcripts: Path | None = None,
    channel_logs: Mapping[str, BytesIO] | None = None,
    journal: Journal | None = None,
) -> Nornir:
    """A Nornir over the lab's hosts, one worker per host (`InterruptibleRunner`); what
    `InitNornir` with `ArphaInventory` gives, without its entry-point scan.

    Nornir's own log file is off. Connections open lazily; close them with
    `nr.close_connections()` (or use the Nornir object as a context manager).

    Args:
        lab: the lab, with live endpoints (see `nornir_arpha.provision.open_lab`)
        transcripts: folder receiving one channel transcript per host
        channel_logs: per-host file-like transcript sinks instead
        journal: the lab's change journal (`nornir_arpha.journal.open_journal`); every
            commit and shutdown the tasks make is recorded in it before it is sent

    Returns:
        the Nornir object
    """
    _register_connection_plugins()
    workers = max(1, len(lab.hosts))
    inventory = ArphaInventory(lab, transcripts, channel_logs).load()
    if journal is not None:
        for host in inventory.hosts.values():
            host.data[JOURNAL_KEY] = journal
    return Nornir(
        inventory=inventory,
        runner=InterruptibleRunner(num_workers=workers),
        config=Config.from_dict(
            runner={"plugin": RUNNER_PLUGIN, "options": {"num_workers": workers}},
            logging={"enabled": False},
        ),
        data=GlobalState(),
    )


_registered = threading.Lock()


def _register_connection_plugins() -> None:
    """Register Nornir's connection plugins (scrapli's among them) once per process.

    `InitNornir` rescans every installed entry point on each call (~19 ms); a process that
    opens many labs pays that once here instead.
    """
    with _registered:
        if CONNECTION not in ConnectionPluginRegister.available:
            ConnectionPluginRegister.auto_register()
