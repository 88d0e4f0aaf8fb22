"""A PE whose session cannot be opened is one line: the PE, host:port, the cause and a hint.

Every failure is made on loopback: a closed port (refused), a listener that accepts and says
nothing (no SSH banner), a listener whose backlog is full (the TCP connect gets no answer),
the simulator with a wrong password, and the simulator behind a strict known_hosts check.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from paramiko import RSAKey
from paramiko.ssh_exception import BadHostKeyException
from pydantic import SecretStr

from nornir_arpha.device.inventory import open_nornir
from nornir_arpha.device.session import (
    DeviceUnreachable,
    LabUnreachable,
    open_sessions,
    unreachable_cause,
)
from nornir_arpha.lab import Lab
from nornir_arpha.lab.shipped import SHIPPED_LABS
from nornir_arpha.sim import SimLabThread

BUDGET_S = 1.0
ARPHA = [sys.executable, "-c", "from nornir_arpha.cli import main; main()"]
LOOPBACK = "127.0.0.1"


def with_budget(lab: Lab, seconds: float = BUDGET_S) -> Lab:
    budgets = lab.settings.budgets.model_copy(update={"command_timeout_s": seconds})
    return dataclasses.replace(lab, settings=lab.settings.model_copy(update={"budgets": budgets}))


def unreachable(lab: Lab) -> tuple[DeviceUnreachable, float]:
    """Open PE1's session on `lab`; the error it gives, and the seconds it took."""
    nr = open_nornir(lab)
    started = time.monotonic()
    try:
        with pytest.raises(LabUnreachable) as raised:
            open_sessions(nr, ("PE1",))
    finally:
        nr.close_connections()
    (device,) = raised.value.devices
    return device, time.monotonic() - started


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def silent() -> Iterator[int]:
    """A port that accepts TCP connections (the kernel does, into the backlog) and never sends."""
    with socket.socket() as listener:
        listener.bind((LOOPBACK, 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


@pytest.fixture
def full() -> Iterator[int]:
    """A port whose accept queue is full: the kernel drops new SYNs, so a connect hangs."""
    with socket.socket() as listener, socket.socket() as filler:
        listener.bind((LOOPBACK, 0))
        listener.listen(0)
        port = int(listener.getsockname()[1])
        filler.connect((LOOPBACK, port))
        yield port


@pytest.fixture(scope="module")
def sim(lab_v4: Lab) -> Iterator[SimLabThread]:
    with SimLabThread(lab_v4) as running:
        yield running


def at(lab: Lab, port: int) -> Lab:
    return with_budget(lab.with_endpoints({"PE1": (LOOPBACK, port)}))


def assert_one_line(error: DeviceUnreachable, port: int, cause: str) -> None:
    message = str(error)
    assert "\n" not in message
    assert error.cause.startswith(cause), message
    assert message == f"PE1 ({LOOPBACK}:{port}): {error.cause} — {error.hint}"


def test_a_closed_port_is_connection_refused(lab_v4: Lab) -> None:
    port = closed_port()
    error, _ = unreachable(at(lab_v4, port))
    assert_one_line(error, port, "connection refused")
    assert "SSH service up" in error.hint


def test_a_silent_listener_is_no_ssh_banner_within_the_budget(lab_v4: Lab, silent: int) -> None:
    error, elapsed = unreachable(at(lab_v4, silent))
    assert_one_line(error, silent, f"no SSH banner within {BUDGET_S:g} s")
    assert elapsed < 10 * BUDGET_S  # generous: the budget used is the one named above


def test_a_connect_without_answer_is_no_answer_within_the_budget(lab_v4: Lab, full: int) -> None:
    error, elapsed = unreachable(at(lab_v4, full))
    assert_one_line(error, full, f"no answer within {BUDGET_S:g} s")
    assert elapsed < 10 * BUDGET_S


def test_a_wrong_password_is_authentication_failed(lab_v4: Lab, sim: SimLabThread) -> None:
    live = lab_v4.with_endpoints(sim.endpoints)
    wrong = dataclasses.replace(live.hosts["PE1"], password=SecretStr("not-the-password"))
    error, _ = unreachable(
        with_budget(dataclasses.replace(live, hosts={**live.hosts, "PE1": wrong}))
    )
    assert_one_line(error, sim.endpoints["PE1"][1], "authentication failed")
    assert "not-the-password" not in str(error)


@pytest.mark.parametrize(
    ("known_hosts", "cause"),
    [
        (f"{LOOPBACK} ssh-rsa {RSAKey.generate(1024).get_base64()}\n", "host key mismatch"),
        ("", "host key unknown"),
    ],
    ids=["mismatch", "unknown"],
)
def test_a_strict_host_key_check_names_the_key_problem(
    lab_v4: Lab, sim: SimLabThread, tmp_path: Path, known_hosts: str, cause: str
) -> None:
    (tmp_path / "known_hosts").write_text(known_hosts)
    options = {
        "scrapli": {"auth_strict_key": True, "ssh_known_hosts_file": str(tmp_path / "known_hosts")}
    }
    live = lab_v4.with_endpoints(sim.endpoints)
    strict = dataclasses.replace(live.hosts["PE1"], connection_options=options)
    error, _ = unreachable(
        with_budget(dataclasses.replace(live, hosts={**live.hosts, "PE1": strict}))
    )
    assert_one_line(error, sim.endpoints["PE1"][1], cause)
    assert "known_hosts" in error.hint


def test_paramikos_bad_host_key_is_a_host_key_mismatch() -> None:
    key = RSAKey.generate(1024)
    cause, hint = unreachable_cause(BadHostKeyException("PE1", key, RSAKey.generate(1024)), 5.0)
    assert cause.startswith("host key mismatch")
    assert "known_hosts" in hint


def unreachable_lab(tmp_path: Path, port: int | None = None, budget_s: float = BUDGET_S) -> Path:
    """A copy of the sim lab whose PEs are at `port` (default: closed ports) on loopback, with
    no traffic generator (the PEs are what is unreachable here)."""
    folder = tmp_path / "lab"
    shutil.copytree(SHIPPED_LABS / "sim", folder)
    hosts = yaml.safe_load((folder / "hosts.yaml").read_text())
    for host in hosts.values():
        host["port"] = port or closed_port()
    (folder / "hosts.yaml").write_text(yaml.safe_dump(hosts))
    settings = yaml.safe_load((folder / "lab.yaml").read_text())
    settings["budgets"]["command_timeout_s"] = budget_s
    del settings["traffic"]
    (folder / "lab.yaml").write_text(yaml.safe_dump(settings))
    return folder


@pytest.mark.parametrize("command", ["configure", "verify", "teardown"])
def test_the_cli_prints_one_line_per_pe_and_exits_1(tmp_path: Path, command: str) -> None:
    lab = unreachable_lab(tmp_path)
    ports = {
        name: host["port"]
        for name, host in yaml.safe_load((lab / "hosts.yaml").read_text()).items()
    }
    done = subprocess.run(
        [*ARPHA, command, "--lab", str(lab), "--transcripts", str(tmp_path / "t")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "80"},
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output
    errors = [line for line in done.stderr.splitlines() if "connection refused" in line]
    assert errors == [
        f"PE1 ({LOOPBACK}:{ports['PE1']}): connection refused — is the device's SSH service up, "
        "and is the address/port in hosts.yaml right?",
        f"PE2 ({LOOPBACK}:{ports['PE2']}): connection refused — is the device's SSH service up, "
        "and is the address/port in hosts.yaml right?",
    ]
    log = tmp_path / "t" / "arpha-debug.log"
    assert f"Full errors: {log}" in done.stderr
    assert "Traceback" in log.read_text()
