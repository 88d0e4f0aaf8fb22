"""One way into Nornir: `InitNornir` with `ArphaInventory` gives what `open_nornir` gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from nornir import InitNornir
from nornir.core import Nornir

from nornir_arpha.device.inventory import ArphaInventory, open_nornir
from nornir_arpha.device.session import CONNECTION
from nornir_arpha.device.transport import OPERATION_TIMEOUT_OPTION, NodelayTransport
from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.provision import open_lab
from nornir_arpha.tasks import ChangeReport, configure_hot_backup
from nornir_arpha.tasks.results import payload

pytestmark = pytest.mark.timeout(120)


def _init_nornir(lab: Lab | str | Path, transcripts: Path | None = None) -> Nornir:
    options: dict[str, object] = {"lab": lab, "transcripts": transcripts}
    return InitNornir(
        inventory={"plugin": "ArphaInventory", "options": options},
        logging={"enabled": False},
    )


def _options(nr: Nornir) -> dict[str, dict[str, object]]:
    """Every host's scrapli connection options, comparable between two Nornir objects."""
    compared: dict[str, dict[str, object]] = {}
    for name, host in nr.inventory.hosts.items():
        options = host.connection_options[CONNECTION]
        extras = dict(options.extras or {})
        levels = extras.pop("privilege_levels")
        extras["privilege_levels"] = {k: (v.pattern, v.name) for k, v in levels.items()}
        compared[name] = {"platform": options.platform, "extras": extras}
    return compared


def test_both_entries_configure_the_sessions_identically(tmp_path: Path) -> None:
    lab = load_lab(SHIPPED_LABS / "sim")
    by_plugin = _options(_init_nornir(lab, tmp_path))
    assert by_plugin == _options(open_nornir(lab, transcripts=tmp_path))
    extras = by_plugin["PE1"]["extras"]
    assert isinstance(extras, dict)
    assert extras["transport"] == "nodelay"
    assert extras["transport_options"] == {
        OPERATION_TIMEOUT_OPTION: lab.settings.budgets.command_timeout_s
    }


def test_the_plugin_takes_a_shipped_labs_name() -> None:
    assert ArphaInventory("sim").lab.name == "sim"


def test_init_nornir_configures_the_simulated_lab_over_nodelay_with_the_watchdog() -> None:
    with open_lab(load_lab(SHIPPED_LABS / "sim")) as live:
        nr = _init_nornir(live)
        try:
            result = nr.run(task=configure_hot_backup)
            for name in live.pair:
                report = payload(result[name][0], ChangeReport)
                assert report.committed and report.error is None
                driver = nr.inventory.hosts[name].connections[CONNECTION].connection
                assert isinstance(driver.transport, NodelayTransport)
                watchdog = live.settings.budgets.command_timeout_s
                assert driver.transport._op_timeout == watchdog  # the operation watchdog is on
        finally:
            nr.close_connections()
