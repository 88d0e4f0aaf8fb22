"""A device's log buffer: the VRP log lines (REFERENCE §9) the lab's events produce."""

from __future__ import annotations

import logging
import zlib
from collections import deque
from collections.abc import Callable
from datetime import datetime

logger = logging.getLogger(__name__)

LOG_BUFFER_LINES = 1024


def format_log(at: datetime, sysname: str, tag: str, text: str) -> str:
    """One log line: `Apr  8 2013 00:41:32 PE1 %%01RBS/4/RBS_CHANNEL_STATUS_CHANGE(l):CID=…;…`.

    Args:
        at: when it happened (device time)
        sysname: the device name
        tag: MODULE/severity/MNEMONIC
        text: the message
    """
    cid = 0x80000000 | (zlib.crc32(tag.encode()) & 0xFFFFFF)
    stamp = f"{at:%b} {at.day:>2} {at:%Y %H:%M:%S}"
    return f"{stamp} {sysname} %%01{tag}(l):CID={cid:#010x};{text}"


class DeviceLog:
    """The newest log lines of one device, also passed to Python logging.

    Args:
        sysname: the device name printed in each line
        clock_now: returns the device time of "now"
    """

    def __init__(self, sysname: str, clock_now: Callable[[], datetime]) -> None:
        self.sysname = sysname
        self.lines: deque[str] = deque(maxlen=LOG_BUFFER_LINES)
        self._now = clock_now

    def log(self, tag: str, text: str) -> None:
        """Record one event."""
        line = format_log(self._now(), self.sysname, tag, text)
        self.lines.append(line)
        logger.info("%s", line)
