"""Figure 4: the failover suite's wall time vs the waits the lab imposes and declares.

The suite runs as a QA engineer runs it, `pytest testcases --lab LAB` in its own process.
LAB is a copy of labs/sim whose PEs have fixed ports (so the plugin connects instead of
starting a simulator) served by a `SimLabThread` in this process, where commit listeners
on both PEs see every change the suite makes. The unavoidable part is derived from those
commits and the lab's delays:

- a commit that takes a PE's CE Eth-Trunk out of forwarding (the Eth-Trunk shut, or its last
  member) or brings it back: the core moves that PE's traffic to the peer, or back, only
  `route_convergence_s` later. A failover's verdict needs the moved traffic, and the next
  case needs the pair sharing the load again, so the suite must sit out that delay;
- a commit that shuts a member while another member still forwards: the core keeps sending
  to that PE, but the CE keeps hashing hosts onto the dead link until it detects the loss,
  `link_detection_s` later, and a failover's verdict needs the upstream whole again;
- a commit that completes the RBS on both PEs (configured, or un-shut): backups flow only
  once the channel connects, `RBS_CONNECT_DELAY_S` later.

Each such commit opens a wait of that many lab seconds, divided by the time scale. The
suite's deliberate waits count too: the verdict windows a lab declares and the suite must let
pass in full (the convergence and restore budgets plus the tester's settle window, the span a
rate is taken over, a held outage), which the suite records per case in summary.json
(`deliberate_waits`, `nornir_arpha/suite/waits.py`). Overlapping waits count once (the union
of the intervals). Everything else (Python and pytest start-up, the SSH sessions, configure,
displays, pings, polling) is the suite's own time.

The full run uses time scale 1, real-firmware timing, where these waits are real seconds;
it also runs the suite at the lab's own time scale (10), reported in the details. The quick
run takes one failover case at the lab's time scale.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from bench.common import LAB_DIR, ROOT, Figure, base_lab, lab_variant
from nornir_arpha.cli.sim import write_inventory
from nornir_arpha.lab import Lab, load_lab
from nornir_arpha.sim import SimDevice, SimLabThread
from nornir_arpha.sim.device_config import DeviceConfig
from nornir_arpha.sim.inferred import RBS_CONNECT_DELAY_S

TARGET = 1.3
QUICK_SELECTION = "test_whole_eth_trunk_shutdown and PE1"


def forwarding(config: DeviceConfig, trunk_id: int) -> bool:
    """Whether the config lets the Eth-Trunk forward: not shut, with a member not shut."""
    trunk = config.eth_trunk(trunk_id)
    members = config.trunk_members(trunk_id)
    return trunk is not None and not trunk.shutdown and any(not m.shutdown for m in members)


def live_members(config: DeviceConfig, trunk_id: int) -> frozenset[str]:
    """The Eth-Trunk's members that are not shut."""
    return frozenset(m.name for m in config.trunk_members(trunk_id) if not m.shutdown)


def rbs_ready(config: DeviceConfig) -> bool:
    """Whether the config holds an RBS with its peer and port, not shut."""
    return any(r.peer and r.port and not r.shutdown for r in config.rbs.values())


class ImposedWaits:
    """The lab's convergence waits, opened by the PEs' commits (see the module docstring).

    Args:
        lab: the lab (delays, time scale, each PE's CE Eth-Trunk)
        devices: the simulated PEs; a commit listener is added to each
    """

    def __init__(self, lab: Lab, devices: Mapping[str, SimDevice]) -> None:
        self._devices = devices
        self._trunks = {name: lab.intent(name).eth_trunk.id for name in devices}
        self._scale = lab.settings.simulation.time_scale
        self._route_s = lab.settings.simulation.route_convergence_s
        self._detection_s = lab.settings.simulation.link_detection_s
        self._forwarding = {n: forwarding(d.running, self._trunks[n]) for n, d in devices.items()}
        self._members = {n: live_members(d.running, self._trunks[n]) for n, d in devices.items()}
        self._rbs = self._rbs_pair()
        self.intervals: list[tuple[float, float]] = []
        self.counts: Counter[str] = Counter()
        for device in devices.values():
            device.add_commit_listener(self._committed)

    def _rbs_pair(self) -> bool:
        return all(rbs_ready(device.running) for device in self._devices.values())

    def _wait(self, reason: str, lab_seconds: float) -> None:
        now = time.time()  # the clock summary.json's deliberate waits are dated by
        self.intervals.append((now, now + lab_seconds / self._scale))
        self.counts[reason] += 1

    def _committed(self, device: SimDevice, old: DeviceConfig, new: DeviceConfig) -> None:
        forwards = forwarding(new, self._trunks[device.name])
        members = live_members(new, self._trunks[device.name])
        lost_member = bool(self._members[device.name] - members)
        self._members[device.name] = members
        if forwards != self._forwarding[device.name]:
            self._forwarding[device.name] = forwards
            self._wait("traffic moves back" if forwards else "traffic moves away", self._route_s)
        elif forwards and lost_member:
            self._wait("CE rehashes off a shut member", self._detection_s)
        rbs = self._rbs_pair()
        if rbs and not self._rbs:
            self._wait("RBS connects", RBS_CONNECT_DELAY_S)
        self._rbs = rbs

    def total_s(self, deliberate: list[tuple[float, float]] | None = None) -> float:
        """Wall seconds covered by at least one wait (with the suite's `deliberate` ones)."""
        total, reach = 0.0, float("-inf")
        for start, end in sorted(self.intervals + (deliberate or [])):
            if end > reach:
                total += end - max(start, reach)
                reach = end
        return total


def _lab_copy(folder: Path, lab: Lab, sim: SimLabThread) -> Path:
    """labs/sim copied to `folder`, its PEs and OTG tester at the running simulator's
    endpoints, with `lab`'s time scale."""
    write_inventory(load_lab(LAB_DIR), sim.endpoints, folder, sim.otg_location)
    lab_file = folder / "lab.yaml"
    settings = yaml.safe_load(lab_file.read_text())
    settings["simulation"]["time_scale"] = lab.settings.simulation.time_scale
    lab_file.write_text(yaml.safe_dump(settings, sort_keys=False))
    return folder


def run_suite(time_scale: float, selection: str | None = None) -> dict[str, Any]:
    """Run `pytest testcases` (or a `-k` selection) against a lab at `time_scale`.

    Raises:
        RuntimeError: the suite failed (its output's tail is in the message)
    """
    lab = lab_variant(base_lab(), time_scale=time_scale)
    with SimLabThread(lab) as sim, tempfile.TemporaryDirectory() as tmp:
        waits = ImposedWaits(lab, sim.devices)
        folder = _lab_copy(Path(tmp) / "lab", lab, sim)
        command = [
            sys.executable,
            "-m",
            "pytest",
            "nornir_arpha/testcases",
            "-q",
            "-p",
            "no:cacheprovider",
        ]
        command += ["--lab", str(folder), "--artifacts", str(Path(tmp) / "artifacts")]
        command += ["-k", selection] if selection else []
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        summary = json.loads((Path(tmp) / "artifacts" / "summary.json").read_text())
    if done.returncode != 0:
        raise RuntimeError(f"the suite failed ({done.returncode}):\n{done.stdout[-3000:]}")
    deliberate = [
        (start, end) for case in summary["tests"] for start, end in case["deliberate_waits"]
    ]
    imposed = waits.total_s()
    unavoidable = waits.total_s(deliberate)
    return {
        "time_scale": time_scale,
        "selection": selection or "all (default markers)",
        "wall_s": wall,
        "imposed_s": imposed,
        "deliberate_s": sum(end - start for start, end in deliberate),
        "unavoidable_s": unavoidable,
        "ratio": wall / unavoidable,
        "ratio_imposed_only": wall / imposed,
        "waits": dict(waits.counts),
        "summary": done.stdout.strip().splitlines()[-1],
    }


def figure(quick: bool) -> Figure:
    lab_scale = base_lab().settings.simulation.time_scale
    if quick:
        runs = [run_suite(lab_scale, QUICK_SELECTION)]
    else:
        runs = [run_suite(1.0), run_suite(lab_scale)]
    head = runs[0]
    return Figure(
        key="suite",
        title="Failover suite wall time vs the waits the lab imposes and the verdict "
        "windows it declares",
        measured=head["wall_s"],
        baseline=head["unavoidable_s"],
        ratio=head["ratio"],
        target=f"≤ {TARGET}×",
        met=head["ratio"] <= TARGET,
        unit="s",
        note=(
            f"`pytest testcases` ({head['selection']}, {head['summary']}) at time scale "
            f"{head['time_scale']:g}; waits: "
            + ", ".join(f"{count} × {reason}" for reason, count in head["waits"].items())
            + f" ({head['imposed_s']:.1f} s), and the suite's deliberate verdict windows "
            f"({head['deliberate_s']:.1f} s); union {head['unavoidable_s']:.1f} s. Against the "
            f"imposed waits alone: {head['ratio_imposed_only']:.2f}×"
        ),
        details={"runs": runs},
    )
