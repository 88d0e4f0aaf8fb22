"""What a session does when it opens: the terminal set up for automation.

scrapli-community's huawei_vrp opening (`screen-length 0 temporary`, then `screen-width 256`
answered `y`), then `undo terminal monitor`: the device stops printing its log lines into
the session (VRP prints them there by default on many builds, also in the middle of a
display). A device that refuses it is logged and used anyway: every parser drops log lines
too (`nornir_arpha.parsers.terminal_noise`), and the transcript keeps them.
"""

from __future__ import annotations

import logging

from scrapli.driver import NetworkDriver
from scrapli_community.huawei.vrp.sync_driver import default_sync_on_open

from nornir_arpha.device.vrp import error_text, send_display

logger = logging.getLogger(__name__)

LOGS_OFF_COMMAND = "undo terminal monitor"


def open_terminal(conn: NetworkDriver) -> None:
    """scrapli `on_open`: paging off, wide screen, terminal logging off."""
    default_sync_on_open(conn)
    response = send_display(conn, conn.host, LOGS_OFF_COMMAND)
    if response.failed:
        logger.warning(
            "%s: '%s' refused (%s); log lines in displays are dropped by the parsers",
            conn.host,
            LOGS_OFF_COMMAND,
            error_text(response.result),
        )
