"""What a session does when it opens: the terminal set up for automation.

scrapli-community's huawei_vrp opening sends `screen-length 0 temporary`, then writes
`screen-width 256` and `y` blindly, whatever the device answers. Here each is a command whose
answer is read (`nornir_arpha.device.conversation`): paging off (a device that pages anyway
has its "more" prompt answered); `screen-width 256` with its question answered by the
confirmation policy, and when the device refuses it (some builds lack it), output lines cut
at the lab's `session.screen_width` are joined again. Then `undo terminal monitor`: the
device stops printing its log lines into the session (VRP prints them there by default on
many builds, also in the middle of a display). A device that refuses it is logged and used
anyway: every parser drops log lines too (`nornir_arpha.parsers.terminal_noise`), and the
transcript keeps them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from scrapli.driver import NetworkDriver

from nornir_arpha.device.conversation import Terminal, set_terminal
from nornir_arpha.device.vrp import error_text, send_display
from nornir_arpha.lab.intent import SessionSettings

logger = logging.getLogger(__name__)

PAGING_OFF_COMMAND = "screen-length 0 temporary"
WIDE_SCREEN = 256
WIDTH_COMMAND = f"screen-width {WIDE_SCREEN}"
LOGS_OFF_COMMAND = "undo terminal monitor"


def open_terminal(conn: NetworkDriver, settings: SessionSettings | None = None) -> None:
    """scrapli `on_open`: paging off, wide screen (or the lab's width), terminal logging off.

    Args:
        conn: the session just opened
        settings: the lab's `session` settings (the defaults when not given)
    """
    settings = settings or SessionSettings()
    conn.acquire_priv(desired_priv=conn.default_desired_privilege_level)
    set_terminal(conn, Terminal.from_settings(settings))
    refused = set()
    for command, consequence in (
        (PAGING_OFF_COMMAND, "its pager prompt is answered"),
        (LOGS_OFF_COMMAND, "log lines in displays are dropped by the parsers"),
        (WIDTH_COMMAND, f"lines cut at {settings.screen_width} columns are joined again"),
    ):
        response = send_display(conn, conn.host, command)
        if response.failed:
            refused.add(command)
            logger.warning(
                "%s: '%s' refused (%s); %s",
                conn.host,
                command,
                error_text(response.result),
                consequence,
            )
    if WIDTH_COMMAND not in refused:
        set_terminal(conn, Terminal.from_settings(settings, WIDE_SCREEN))


@dataclass(frozen=True)
class TerminalOpener:
    """scrapli `on_open` for one lab: `open_terminal` with its session settings (compared by
    value, so two entries that configure the same lab give equal connection options)."""

    settings: SessionSettings

    def __call__(self, conn: NetworkDriver) -> None:
        open_terminal(conn, self.settings)
