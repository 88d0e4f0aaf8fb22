"""Locate the project's VRP output samples (tests/data/vrp/samples; provenance: SOURCES.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "data" / "vrp" / "samples"
OUTPUT_SUFFIXES = (".txt", ".raw", ".conf")


def sample_params(command: str) -> list[Any]:
    """One pytest param per output sample of ``command`` (a samples subfolder), id = file name.

    A command folder with no samples is an error, so renamed samples cannot silently
    disable tests.
    """
    folder = SAMPLES_DIR / command
    files = sorted(p for p in folder.iterdir() if p.suffix in OUTPUT_SUFFIXES)
    if not files:
        raise FileNotFoundError(f"no output samples in {folder}")
    return [pytest.param(path, id=path.name) for path in files]


def ntc_params(command: str) -> list[Any]:
    """The ntc-templates ``.raw`` samples of ``command`` that come with an expected ``.yml``."""
    return [
        param for param in sample_params(command) if param.values[0].with_suffix(".yml").exists()
    ]


_ABBREVIATIONS = {  # longest first: the first matching prefix is replaced
    "hwdoc-ne40e-v800r012c10-cfgguide_Example_for_Configuring_": "CFG_",
    "hwdoc-ne40e-v800r012c10-cfgguide_Example_for_": "CFG_",
    "hwdoc-ne40e-v800r012c10-cfgguide_": "CFG_",
    "hwdoc-ne40e-v800r012c10-cmdref_": "REF_",
    "hwdoc-ce6800-v300r023c00-cfgguide_Example_for_Configuring_": "CE_CFG_",
    "hwdoc-ce6800-v300r023c00-cfgguide_": "CE_CFG_",
}


def short_name(path: Path) -> str:
    """The file name with the long Huawei-doc prefixes abbreviated, for expectation tables."""
    for prefix, short in _ABBREVIATIONS.items():
        if path.name.startswith(prefix):
            return short + path.name.removeprefix(prefix)
    return path.name


def read(path: Path) -> str:
    """A sample's text, exactly as stored."""
    return path.read_text(encoding="utf-8")


def sample_text(command: str, name: str) -> str:
    """The text of one named sample."""
    return read(SAMPLES_DIR / command / name)


def expected_parse(path: Path) -> list[dict[str, Any]]:
    """The ntc-templates expected parse (``.yml`` next to a ``.raw``)."""
    data = yaml.safe_load(path.with_suffix(".yml").read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = data["parsed_sample"]
    return rows
