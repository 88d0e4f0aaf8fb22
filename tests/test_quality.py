"""Lint, types and architecture are part of the test run, so CI enforces them."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nornir_arpha"
LINTED = ["nornir_arpha", "tests", "bench", "conftest.py"]

# Client code talks to devices only over SSH; it must work unchanged against real PEs.
CLIENT_PACKAGES = [
    "lab",
    "device",
    "parsers",
    "plan",
    "tasks",
    "checks",
    "suite",
    "logs",
    "journal",
    "traffic",
    "history",
    "html_report",
    "reservations",
]


def _existing(paths: list[str]) -> list[str]:
    return [p for p in paths if (ROOT / p).exists()]


CHECKS = {
    "ruff-lint": ["ruff", "check", *_existing(LINTED)],
    "ruff-format": ["ruff", "format", "--check", *_existing(LINTED)],
    "mypy-strict": ["mypy", "nornir_arpha"],
}


STARTED_CHECKS = pytest.StashKey[dict[str, subprocess.Popen[str]]]()


def start_check(name: str) -> subprocess.Popen[str]:
    """The check `name`, started. tests/conftest.py starts every selected check as soon as
    the run is collected: they use the CPU the lab tests leave idle while they wait on their
    labs' clocks, instead of adding their time (mypy from a clean clone: 15 s) at the end."""
    return subprocess.Popen(
        [sys.executable, "-m", *CHECKS[name]],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.parametrize("name", CHECKS)
def test_code_quality(name: str, request: pytest.FixtureRequest) -> None:
    started = request.config.stash.setdefault(STARTED_CHECKS, {})
    check = started.pop(name, None) or start_check(name)
    output, _ = check.communicate(timeout=600)
    assert check.returncode == 0, output


def _client_files() -> list[Path]:
    return [f for pkg in CLIENT_PACKAGES for f in (PACKAGE / pkg).rglob("*.py")]


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


# The pytest plugin is wiring (options, fixtures, reports): only the test cases use it.
PLUGIN_USERS = [PACKAGE / "pytest_plugin", PACKAGE / "testcases", ROOT / "tests"]


def _package_files() -> list[Path]:
    files = [*PACKAGE.rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    return [f for f in files if not any(f.is_relative_to(user) for user in PLUGIN_USERS)]


@pytest.mark.parametrize("file", _package_files(), ids=lambda f: str(f.relative_to(ROOT)))
def test_nothing_but_the_test_cases_imports_the_pytest_plugin(file: Path) -> None:
    offending = {n for n in _imports(file) if n.startswith("nornir_arpha.pytest_plugin")}
    assert not offending, f"{file} imports {offending}; move what it needs out of the plugin"


def _tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed if not name.startswith("tests/data/")]


# A path into the reference folder next to the checkout, in any spelling a file could use.
SHARED_PATH_RE = re.compile(r"\.\./shared|[\"']shared[\"']|/work/shared")


def test_no_file_reads_the_reference_folder_outside_the_project() -> None:
    """Users clone the project without ../shared: everything the project uses is inside it."""
    offending = [
        f"{file.relative_to(ROOT)}:{number}: {line.strip()}"
        for file in _tracked_files()
        if file.is_file() and file.suffix not in {".md"}
        for number, line in enumerate(
            file.read_text(encoding="utf-8", errors="replace").splitlines(), 1
        )
        if SHARED_PATH_RE.search(line) and file.name != "test_quality.py"
    ]
    assert not offending, "files referring to ../shared:\n" + "\n".join(offending)
