"""`display version` of a simulated NE40E (REFERENCE §8.2 layout; values in `inferred`)."""

from __future__ import annotations

from nornir_arpha.sim import inferred

RULE = "- " * 32 + "-"


def _plural(count: int, unit: str) -> str:
    # VRP prints "0 day", "1 hour", "2 hours", "1 minute" (samples)
    return f"{count} {unit}{'s' if count > 1 else ''}"


def uptime_text(seconds: float) -> str:
    """`7 days, 1 hour, 18 minutes`."""
    minutes_total = int(seconds) // 60
    days, rest = divmod(minutes_total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    return f"{_plural(days, 'day')}, {_plural(hours, 'hour')}, {_plural(minutes, 'minute')}"


def display_version(uptime_s: float) -> list[str]:
    """The output lines of `display version` for a device up for `uptime_s` seconds."""
    uptime = uptime_text(uptime_s)
    model = inferred.VERSION_MODEL
    return [
        "Huawei Versatile Routing Platform Software",
        f"VRP (R) software, Version {inferred.VERSION_SOFTWARE}",
        inferred.VERSION_COPYRIGHT,
        f"HUAWEI {model} uptime is {uptime}",
        "",
        f"{model} version information:",
        RULE,
        "BKP  version information:",
        "  PCB         Version : CR5BBKP0832 REV B",
        "  MPU  Slot  Quantity : 2",
        "  LPU  Slot  Quantity : 8",
        RULE,
        "MPU version information:",
        "",
        f"MPU (Master) 9 : uptime is {uptime}",
        "  SDRAM Memory Size   : 16384 M bytes",
        "  FLASH Memory Size   : 128 M bytes",
        "  CFCARD Memory Size  : 4096 M bytes",
        "  PCB         Version : CR5D0MPUB170 REV A",
        "  EPLD        Version : 103",
        "  FPGA        Version : 105",
        "  BootROM     Version : 19.06",
    ]
