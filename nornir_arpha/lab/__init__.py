"""Lab definitions: one folder format for the simulator and for real labs."""

from __future__ import annotations

from nornir_arpha.lab.errors import LabError, LabIssue
from nornir_arpha.lab.intent import (
    CeSide,
    EthTrunkIntent,
    ETrunkIntent,
    HotBackupIntent,
    LabSettings,
    PlatformProfile,
    RbpIntent,
    RbsIntent,
)
from nornir_arpha.lab.loader import load_lab
from nornir_arpha.lab.model import Lab, LabHost

__all__ = [
    "CeSide",
    "ETrunkIntent",
    "EthTrunkIntent",
    "HotBackupIntent",
    "Lab",
    "LabError",
    "LabHost",
    "LabIssue",
    "LabSettings",
    "PlatformProfile",
    "RbpIntent",
    "RbsIntent",
    "load_lab",
]
