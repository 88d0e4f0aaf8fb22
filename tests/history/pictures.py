"""The lines a report's timeline picture draws, read back from its SVG by their ids."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from nornir_arpha.html_report.timeline import element_id

SVG = "{http://www.w3.org/2000/svg}"


def drawn_lines(page: str, case: str) -> dict[str, int]:
    """The ids of a case's picture's lines (without the case's prefix), each with the
    vertices of its path."""
    anchor = element_id("case", case)
    figure = page.split(f"<h3 id='{anchor}'>", 1)[1].split("</figure>", 1)[0]
    svg = ET.fromstring(figure[figure.index("<svg") : figure.index("</svg>") + 6])
    lines = {}
    for group in svg.iter(f"{SVG}g"):
        ident = group.get("id", "")
        if ident.startswith(anchor + "-"):
            path = next(group.iter(f"{SVG}path"))
            lines[ident.removeprefix(anchor + "-")] = len(re.findall(r"[ML]", path.get("d", "")))
    return lines
