"""display version (header), via the ntc-templates huawei_vrp template."""

from __future__ import annotations

from pathlib import Path

import pytest

from nornir_arpha.parsers import UnsupportedLayout, VersionInfo, parse_version
from tests.parsers.samples import expected_parse, ntc_params, read, sample_params, short_name

VERSIONS = {
    "galizanet-napalm-huawei-vrp_display_version.txt": VersionInfo(
        "5.170", "S6730 V200R019C10SPC500", "S6730-H48X6C", "0 day, 12 hours, 0 minute", None
    ),
    "CFG_Performing_Software_Upgrade_that_Takes_Effect_at_the_Next_Startup_1.txt": VersionInfo(
        "8.230", "NE40EV800R023C00SPC500", "NE40E", "0 day, 3 hours, 37 minutes", None
    ),
    "REF_displayVersion_SPMOM_ex1.txt": VersionInfo(
        "8.200", "NE40E V800R012C10", "NE40E-X16", "7 days, 1 hour, 18 minutes", None
    ),
    "napalm-ce_display_version.txt": VersionInfo(
        "8.100", "CE6850HI V100R005C10SPC200", "CE6850-48S6Q-HI", "0 day, 12 hours, 0 minute", None
    ),
    "napalm-huawei-vrp_display_version.txt": VersionInfo(
        "8.211",
        "NE40E V800R021C10SPC600",
        "NE40E-X8A",
        "405 days, 12 hours, 9 minutes",
        "V800R021SPH016",
    ),
}


@pytest.mark.parametrize("path", sample_params("display_version"))
def test_version_samples(path: Path) -> None:
    version = parse_version(read(path))
    key = short_name(path)
    if key in VERSIONS:
        assert version == VERSIONS[key]
    else:  # the ntc-templates samples: compared with their expected parse below
        assert path.with_suffix(".yml").exists()


@pytest.mark.parametrize("path", ntc_params("display_version"))
def test_matches_ntc_templates_expected_parse(path: Path) -> None:
    [row] = expected_parse(path)
    version = parse_version(read(path))
    assert (
        version.vrp_version,
        version.product_version,
        version.model,
        version.uptime,
        version.patch_version or "",
    ) == (
        row["vrp_version"],
        row["product_version"],
        row["model"],
        row["uptime"],
        row["patch_version"],
    )


def test_netengine_8000_header() -> None:
    text = (
        "<PE1>    display version\r\n"
        "Huawei Versatile Routing Platform Software\r\n"
        "VRP (R) software, Version 8.230 (NetEngine 8000 V800R023C00SPC500)\r\n"
        "Copyright (C) 2012-2023 Huawei Technologies Co., Ltd.\r\n"
        "HUAWEI NetEngine 8000 M14 uptime is 63 days, 17 hours, 30 minutes\r\n"
        "Patch Version: V800R023SPH180\r\n"
        "\r\n"
        "NetEngine 8000 M14 version information:\r\n"
    )
    assert parse_version(text) == VersionInfo(
        "8.230",
        "NetEngine 8000 V800R023C00SPC500",
        "NetEngine 8000 M14",
        "63 days, 17 hours, 30 minutes",
        "V800R023SPH180",
    )


def test_other_output_is_rejected() -> None:
    with pytest.raises(UnsupportedLayout, match="display version: unrecognised line 'Hello'"):
        parse_version("Hello\n")
