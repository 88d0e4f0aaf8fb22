"""``display version`` (header lines), via the ntc-templates ``huawei_vrp`` template."""

from __future__ import annotations

from nornir_arpha.parsers.base import NTC_PREFIX, opt_str, required, run_template, single
from nornir_arpha.parsers.records import VersionInfo

_COMMAND = "display version"
# The ntc-templates template reads the VRP/product/model/uptime/patch header lines of VRP5 and
# VRP8 (NE40E, NetEngine 8000, CX600, ATN, AR, S, CE) and stops at the per-board section.
_TEMPLATE = f"{NTC_PREFIX}huawei_vrp_display_version"


def parse_version(text: str) -> VersionInfo:
    """Parse the header of ``display version``.

    Args:
        text: the command output, with or without the echoed command line.

    Returns:
        ``vrp_version`` e.g. ``'8.200'``, ``product_version`` e.g. ``'NE40E V800R012C10'``,
        ``model`` e.g. ``'NE40E-X16'``, ``uptime`` as printed, and the patch if any.

    Raises:
        UnsupportedLayout: the ``VRP (R) software, Version`` or uptime line is missing, or the
            header holds a line the template does not know.
        ParseError: the device replied with an error.
    """
    row = single(run_template(_TEMPLATE, text, _COMMAND), _COMMAND)
    return VersionInfo(
        vrp_version=required(row, "VRP_VERSION", _COMMAND, "VRP (R) software, Version"),
        product_version=required(row, "PRODUCT_VERSION", _COMMAND, "VRP (R) software, Version"),
        model=required(row, "MODEL", _COMMAND, "<model> uptime is"),
        uptime=required(row, "UPTIME", _COMMAND, "<model> uptime is"),
        patch_version=opt_str(row["PATCH_VERSION"]),
    )
