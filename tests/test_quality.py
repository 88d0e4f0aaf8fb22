"""Lint, types and architecture are part of the test run, so CI enforces them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nornir_arpha"
LINTED = ["nornir_arpha", "tests", "testcases", "bench", "conftest.py"]

# Client code talks to devices only over SSH; it must work unchanged against real PEs.
CLIENT_PACKAGES = ["lab", "parsers", "tasks", "checks", "plan", "suite"]
CLIENT_MODULES = [
    "connection.py",
    "transport.py",
    "vrp.py",
    "state.py",
    "polling.py",
    "pair.py",
]


def _existing(paths: list[str]) -> list[str]:
    return [p for p in paths if (ROOT / p).exists()]


CHECKS = {
    "ruff-lint": ["ruff", "check", *_existing(LINTED)],
    "ruff-format": ["ruff", "format", "--check", *_existing(LINTED)],
    "mypy-strict": ["mypy", "nornir_arpha"],
}


@pytest.mark.parametrize("command", CHECKS.values(), ids=CHECKS.keys())
def test_code_quality(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _client_files() -> list[Path]:
    files = [f for pkg in CLIENT_PACKAGES for f in (PACKAGE / pkg).rglob("*.py")]
    return files + [PACKAGE / m for m in CLIENT_MODULES if (PACKAGE / m).exists()]


def _imports(file: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("file", _client_files(), ids=lambda f: str(f.relative_to(PACKAGE)))
def test_client_code_never_imports_the_simulator(file: Path) -> None:
    offending = {name for name in _imports(file) if name.startswith("nornir_arpha.sim")}
    assert not offending, f"{file} imports {offending}; client code must go over SSH only"
