"""`[[ATTACHMENT|path]]` lines in the JUnit file: Jenkins and GitLab show them as links to
the HTML report and each case's transcripts.

The junitxml plugin writes the file at the session's end; this adds a `<system-out>` to each
test case afterwards (pytest keeps captured output out of the file by default).
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from pathlib import Path

logger = logging.getLogger(__name__)


def junit_names(nodeid: str) -> tuple[str, str]:
    """Args: nodeid: a pytest test id. Returns: its JUnit (classname, name), as junitxml
    derives them."""
    path, *names = nodeid.split("::")
    module = path.replace("/", ".").removesuffix(".py")
    return ".".join([module, *names[:-1]]), names[-1] if names else path


def add_attachments(junit: Path, attachments: Mapping[str, Sequence[Path]]) -> int:
    """Append one `[[ATTACHMENT|abs path]]` line per file to each test case's system-out.

    Args:
        junit: the JUnit XML file
        attachments: per test id, the files to link

    Returns:
        how many test cases got links
    """
    by_name = {junit_names(nodeid): files for nodeid, files in attachments.items() if files}
    tree = ET.parse(junit)
    linked = 0
    for case in tree.getroot().iter("testcase"):
        files = by_name.get((case.get("classname", ""), case.get("name", "")))
        if not files:
            continue
        out = case.find("system-out")
        if out is None:
            out = ET.SubElement(case, "system-out")
        lines = "\n".join(f"[[ATTACHMENT|{file.resolve()}]]" for file in files)
        out.text = f"{out.text}\n{lines}" if out.text else lines
        linked += 1
    tree.write(junit, encoding="utf-8", xml_declaration=True)
    return linked
