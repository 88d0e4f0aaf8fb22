"""Polling, VRP answer helpers and scrapli settings (no device needed)."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapli_community.huawei.vrp.huawei_vrp import DEFAULT_PRIVILEGE_LEVELS

from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.device.session import TRANSPORT, scrapli_extras, with_connection
from nornir_arpha.device.vrp import DeviceError, config_lines, error_text
from nornir_arpha.lab import load_lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.tasks.polling import MIN_POLL_INTERVAL_S, Deadline, poll

REFUSED = """\
[*PE1] remote-backup-service a-name-that-is-far-longer-than-thirty-two
                                ^
Error: Wrong parameter found at '^' position."""


def test_poll_returns_as_soon_as_the_condition_holds() -> None:
    readings = iter(range(100))
    polled = poll(lambda: next(readings), lambda value: value == 3, Deadline(5.0, 0.001))
    assert (polled.value, polled.met, polled.attempts) == (3, True, 4)
    assert polled.elapsed_s < 1.0


def test_poll_gives_up_at_the_deadline_with_the_last_reading() -> None:
    start = time.monotonic()
    polled = poll(lambda: "DOWN", lambda value: value == "UP", Deadline(0.05, 0.01))
    waited = time.monotonic() - start
    assert not polled.met and polled.value == "DOWN"
    assert 0.05 <= polled.elapsed_s <= waited < 1.0
    assert polled.attempts >= 2


def test_poll_reads_once_without_a_deadline() -> None:
    polled = poll(lambda: 1, lambda value: False, Deadline(0.0, 0.0))
    assert (polled.met, polled.attempts) == (False, 1)


def test_deadline_converts_lab_seconds_on_a_simulated_lab() -> None:
    lab = load_lab(SHIPPED_LABS / "sim")
    scale = lab.settings.simulation.time_scale
    deadline = Deadline.from_lab(lab, 5.0)
    assert deadline.timeout_s == pytest.approx(5.0 / scale)
    interval = lab.settings.budgets.poll_interval_s / scale
    assert deadline.interval_s == pytest.approx(max(interval, MIN_POLL_INTERVAL_S))


@pytest.mark.parametrize(
    ("poll_interval_s", "time_scale", "wall_interval_s"),
    [(0.5, 1.0, 0.5), (0.5, 10.0, 0.05), (0.1, 10.0, MIN_POLL_INTERVAL_S), (0.1, 1.0, 0.1)],
    ids=["real-time", "scaled", "floored", "fine-real-time"],
)
def test_the_poll_interval_is_lab_time_with_a_wall_floor(
    poll_interval_s: float, time_scale: float, wall_interval_s: float
) -> None:
    lab = load_lab(SHIPPED_LABS / "sim")
    settings = lab.settings.model_copy(
        update={
            "budgets": lab.settings.budgets.model_copy(update={"poll_interval_s": poll_interval_s}),
            "simulation": lab.settings.simulation.model_copy(update={"time_scale": time_scale}),
        }
    )
    deadline = Deadline.from_lab(replace(lab, settings=settings), 2.0)
    assert deadline.interval_s == pytest.approx(wall_interval_s)
    assert deadline.timeout_s == pytest.approx(2.0 / time_scale)


def test_device_error_names_host_command_and_error_line() -> None:
    error = DeviceError("PE1", "remote-backup-service x", REFUSED)
    assert error.error == "Error: Wrong parameter found at '^' position."
    assert str(error) == (
        "PE1: the device refused 'remote-backup-service x': "
        "Error: Wrong parameter found at '^' position."
    )
    assert error_text("no error here\nlast line") == "last line"


def test_config_lines_ignore_comment_lines_and_blanks() -> None:
    one = "!Last configuration was updated at 10:00\n#\nsysname PE1\n#\r\nreturn  \n"
    two = "!Last configuration was updated at 11:00\n\n#\nsysname PE1\n#\nreturn\n"
    assert config_lines(one) == config_lines(two) == ("#", "sysname PE1", "#", "return")
    assert config_lines(two) != config_lines(two.replace("PE1", "PE2"))


def test_scrapli_extras_transport_timeouts_and_transcripts(tmp_path: Path) -> None:
    lab = load_lab(SHIPPED_LABS / "sim")
    extras = scrapli_extras(lab, "PE1", transcripts=tmp_path / "run")
    assert extras["transport"] == TRANSPORT == "nodelay"
    # The command budget is the transport's watchdog; scrapli's thread-per-operation timeout
    # wrapper stays off (tests/tasks/test_watchdog.py runs both against a misbehaving device).
    assert extras["timeout_ops"] == 0
    assert extras["transport_options"] == {
        "operation_timeout": lab.settings.budgets.command_timeout_s
    }
    assert extras["timeout_transport"] >= lab.settings.budgets.command_timeout_s
    assert extras["channel_log"] == str(tmp_path / "run" / "PE1.log")
    assert extras["channel_log_mode"] == "append"  # a reconnect keeps the earlier transcript
    sink = BytesIO()
    assert scrapli_extras(lab, "PE1", tmp_path, channel_log=sink)["channel_log"] is sink


def test_nornir_keeps_the_inventorys_own_transport_options() -> None:
    lab = load_lab(SHIPPED_LABS / "sim")
    pe1 = lab.hosts["PE1"]
    own = {"scrapli": {"transport_options": {"enable_rsa2": True}}}
    lab = replace(lab, hosts={**lab.hosts, "PE1": replace(pe1, connection_options=own)})
    extras = open_nornir(lab).inventory.hosts["PE1"].connection_options["scrapli"].extras or {}
    assert extras["transport_options"] == {
        "enable_rsa2": True,
        "operation_timeout": lab.settings.budgets.command_timeout_s,
    }


def test_configuration_prompt_accepts_long_rbp_view_names() -> None:
    levels = scrapli_extras(load_lab(SHIPPED_LABS / "sim"), "PE1")["privilege_levels"]
    pattern = re.compile(levels["configuration"].pattern, re.IGNORECASE | re.MULTILINE)
    assert pattern.search(f"[*PE1-rm-backup-prf-{'r' * 128}]")
    assert pattern.search("[~PE1-Eth-Trunk10]")
    assert not pattern.search("<PE1>")


def test_nornir_hosts_get_the_settings_and_the_nodelay_transport_loads() -> None:
    lab = load_lab(SHIPPED_LABS / "sim")
    nr = open_nornir(lab)
    extras = nr.inventory.hosts["PE2"].connection_options["scrapli"].extras or {}
    assert extras["transport"] == "nodelay"
    assert extras["auth_strict_key"] is False  # the inventory's own extras are kept
    assert extras["timeout_ops"] == 0
    assert extras["transport_options"] == {
        "operation_timeout": lab.settings.budgets.command_timeout_s
    }
    from nornir_arpha.device.transport import NodelayTransport as Implementation
    from scrapli_nodelay.transport import NodelayTransport

    assert NodelayTransport is Implementation


def test_one_operation_at_a_time_per_host_session() -> None:
    """An orphaned worker (its nr.run interrupted by a signal) still holds the session: a
    restore started meanwhile waits for it instead of interleaving on the channel."""
    nr = open_nornir(load_lab(SHIPPED_LABS / "sim"))
    host = nr.inventory.hosts["PE1"]
    nr.inventory.hosts["PE1"].connections["scrapli"] = SimpleNamespace(connection="session")
    task = SimpleNamespace(host=host, nornir=nr)
    inside, release, second_ran = threading.Event(), threading.Event(), threading.Event()

    def orphaned(conn: object) -> None:
        inside.set()
        release.wait(timeout=30)

    def restore(conn: object) -> str:
        second_ran.set()
        return f"restored on {conn}"

    worker = threading.Thread(target=with_connection, args=(task, orphaned))
    worker.start()
    assert inside.wait(timeout=30)
    restorer = threading.Thread(target=with_connection, args=(task, restore))
    restorer.start()
    restorer.join(timeout=0.3)
    assert restorer.is_alive() and not second_ran.is_set()  # waiting for the worker
    release.set()
    worker.join(timeout=30)
    restorer.join(timeout=30)
    assert second_ran.is_set()


ODD_SYSNAMES = ("PE|1", "PE(1)", "PE#1", "PE+1", "NE8000-X8|core(a)#+")


@pytest.mark.parametrize("sysname", ODD_SYSNAMES)
def test_prompts_accept_sysnames_with_bars_parentheses_hashes_and_pluses(sysname: str) -> None:
    levels = scrapli_extras(load_lab(SHIPPED_LABS / "sim"), "PE1")["privilege_levels"]
    flags = re.IGNORECASE | re.MULTILINE
    user = re.compile(levels["privilege_exec"].pattern, flags)
    config = re.compile(levels["configuration"].pattern, flags)
    assert user.search(f"<{sysname}>") and not config.search(f"<{sysname}>")
    for prompt in (f"[~{sysname}]", f"[*{sysname}-Eth-Trunk10]"):
        assert config.search(prompt) and not user.search(prompt)
    assert not config.search("[V800R012C10SPC300]")  # a version line, not a prompt
    # scrapli-community's own patterns (the handling switched off) refuse them.
    stock = re.compile(DEFAULT_PRIVILEGE_LEVELS["configuration"].pattern, flags)
    assert not stock.search(f"[~{sysname}]")
