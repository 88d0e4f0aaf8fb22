"""What a terminal adds to a display's output that is not the display: log lines.

With terminal logging on (`terminal monitor`, the default on many VRP builds), the device
prints its log lines into the session at any moment, also between two lines of a display
(REFERENCE §9 gives the layout)::

    Apr 23 2020 09:37:53 R27 %%01ISIS/4/ISIS_LDP_SYNC_EVENT(l):CID=0x808604c5;Interface ...
    Apr  8 2013 00:41:32.946 HUAWEI %%01RBS/7/RBS_DBG_RBP_MSG(d):CID=0x80af2735;RBP ...

The session turns terminal logging off when it opens (`undo terminal monitor`), but a log
printed before that, or by firmware that ignores it, must not break a parse: every parser
drops these lines first (:func:`strip_logs`). The transcript keeps them: it is written from
the channel, before any parsing.
"""

from __future__ import annotations

import re

# `<Mon dd yyyy hh:mm:ss[.mmm][+hh:mm]> <sysname> %%<2 digits><MODULE>/<sev>/<MNEMONIC>(<l|s|d|t>)
# [<n>]:...`; the date and the sysname are optional (some builds print `%%01...` alone).
_LOG_LINE = re.compile(
    r"^[ \t]*(?:[A-Z][a-z]{2}[ \t]+\d{1,2}[ \t]+\d{4}[ \t]+\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?"
    r"(?:[+-]\d{2}:\d{2})?(?:[ \t]+DST)?[ \t]+\S+[ \t]+)?"
    r"%%\d{2}[A-Z0-9_]+/\d/[A-Za-z0-9_]+(?:\([a-z]\))?(?:\[\d+\])?:.*(?:\n|\Z)",
    re.MULTILINE,
)
_LOG_MARK = "%%"


def strip_logs(text: str) -> str:
    """`text` without the device's log lines (`\\n` line ends expected).

    Args:
        text: a display's output, line ends already normalised to ``\\n``

    Returns:
        the same text with every log line (and its line end) removed; unchanged, without
        a regex pass, when no line holds ``%%``
    """
    if _LOG_MARK not in text:
        return text
    return _LOG_LINE.sub("", text)
