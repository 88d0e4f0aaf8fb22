"""`arpha sim` as a user runs it: a foreground process that serves the lab until SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from scrapli import Scrapli

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"(PE\d)\s*│\s*([\d.]+):(\d+)\s*│\s*(\S+)\s*│\s*(\S+)")

pytestmark = pytest.mark.timeout(60)


def test_arpha_sim_serves_until_sigterm() -> None:
    env = {**os.environ, "COLUMNS": "120", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from nornir_arpha.cli import main; main()",
            "sim",
            "--lab",
            "sim",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    rows: dict[str, tuple[str, int, str, str]] = {}
    printed = []
    try:
        for line in process.stdout:  # bounded by the test timeout
            printed.append(line)
            found = ROW.search(line)
            if found:
                rows[found[1]] = (found[2], int(found[3]), found[4], found[5])
            if "Serving" in line:
                break
        assert set(rows) == {"PE1", "PE2"}
        assert any(line.startswith("OTG traffic generator: http://127.0.0.1:") for line in printed)
        host, port, username, password = rows["PE1"]
        with Scrapli(
            host=host,
            port=port,
            auth_username=username,
            auth_password=password,
            platform="huawei_vrp",
            transport="system",
            auth_strict_key=False,
            ssh_config_file=False,
        ) as conn:
            assert "sysname PE1" in conn.send_command("display current-configuration").result
    finally:
        process.send_signal(signal.SIGTERM)
        timer = threading.Timer(20, process.kill)
        timer.start()
        out, err = process.communicate()
        timer.cancel()
    assert process.returncode == 0, err
    assert "Simulator stopped." in out
