"""Start a lab's simulated PEs, each behind its own SSH listener.

Async::

    async with SimLab(load_lab(resolve_lab("sim"))) as sim:
        lab = sim.lab.with_endpoints(sim.endpoints)   # then connect with scrapli

Sync (the event loop runs in a background thread; for pytest fixtures and scripts)::

    with SimLabThread(load_lab(resolve_lab("sim"))) as sim:
        sim.endpoints["PE1"]                          # ("127.0.0.1", 40123)
        sim.call(lambda: sim.devices["PE1"].running)  # run code on the loop thread
        snappi.api(location=sim.otg_location, verify=False)  # the lab's traffic generator
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable, Iterable, Mapping
from types import TracebackType
from typing import TypeVar

from nornir_arpha.lab import Lab
from nornir_arpha.sim import inferred
from nornir_arpha.sim.baseline import baseline_config
from nornir_arpha.sim.defects import Defects
from nornir_arpha.sim.device_runtime import CommandRefused, DeviceRuntime, PingRequest, ShowRequest
from nornir_arpha.sim.fabric import LabFabric, PeRuntime, RealtimeClock
from nornir_arpha.sim.otg import OtgEndpoint, Tester
from nornir_arpha.sim.personality import personality
from nornir_arpha.sim.server import Credentials, DeviceListener
from nornir_arpha.sim.sim_device import SimDevice

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Gives every device of a lab its runtime (live state for displays and ping); returns the
# lab fabric that drives them, if any (the OTG endpoint serves it).
RuntimeAttacher = Callable[[Lab, Mapping[str, SimDevice]], LabFabric | None]


class NotAttached:
    """The runtime of a device that no lab fabric drives: live displays are refused."""

    def show(self, request: ShowRequest) -> Iterable[str]:
        raise CommandRefused(inferred.REFUSE_NO_FABRIC)

    async def ping(self, request: PingRequest) -> list[str]:
        raise CommandRefused(inferred.REFUSE_NO_FABRIC)


# ============================================================================================
# THE place where device runtimes are created. The lab fabric (issue 4) plugs in here:
# build it from `lab`, attach each device, and set `device.runtime`.
# ============================================================================================
def attach_runtimes(lab: Lab, devices: Mapping[str, SimDevice]) -> LabFabric:
    """Give each simulated device of `lab` its runtime: the lab fabric's live state.

    Runs on the lab's event loop, which then drives the fabric's clock.

    Returns:
        the lab fabric
    """
    clock = RealtimeClock(lab.settings.simulation.time_scale)
    fabric = LabFabric(lab, clock)
    for name, device in devices.items():
        device.runtime = PeRuntime(fabric, name)
        fabric.attach(device)
    clock.attach(asyncio.get_running_loop())
    return fabric


class SimLab:
    """A lab's simulated PEs served over SSH, and its traffic generator over the OTG HTTP API
    (at `otg_location`, when a lab fabric drives the PEs); an async context manager.

        Args:
            lab: the lab definition; each PE listens on its inventory port (0: a free one), and
                runs with the lab's `simulation.defects`
            attach: replaces `attach_runtimes` (tests use a fake runtime)
            host: the address to listen on

        Raises:
            UnknownDefect: `simulation.defects` names a defect that does not exist
            UnknownPersonality: `simulation.personality` names no personality
    """

    def __init__(
        self,
        lab: Lab,
        attach: RuntimeAttacher = attach_runtimes,
        host: str = "127.0.0.1",
    ) -> None:
        self.lab = lab
        self.host = host
        placeholder: DeviceRuntime = NotAttached()
        self.defects = Defects.parse(lab.settings.simulation.defects)
        self.personality = personality(lab.settings.simulation.personality)
        self.devices = {
            name: SimDevice(
                name,
                baseline_config(lab, name),
                placeholder,
                self.defects,
                self.personality,
                lab.settings.simulation.time_scale,
            )
            for name in lab.pair
        }
        self._attach = attach
        self._listeners: dict[str, DeviceListener] = {}
        self.endpoints: dict[str, tuple[str, int]] = {}
        self.otg: OtgEndpoint | None = None
        self.otg_location: str | None = None

    def credentials(self, name: str) -> Credentials:
        """The login of device `name` (the lab's credentials for that host)."""
        host = self.lab.hosts[name]
        return Credentials(host.username, host.password.get_secret_value())

    async def start(self) -> None:
        """Attach the runtimes, open one SSH listener per device and the OTG endpoint.

        Raises:
            OSError: a listening port is taken
        """
        fabric = self._attach(self.lab, self.devices)
        try:
            if fabric is not None:
                self.otg = OtgEndpoint(Tester(fabric), asyncio.get_running_loop(), self.host)
                self.otg_location = self.otg.start()
            for name, device in self.devices.items():
                listener = DeviceListener(device, self.credentials(name))
                self.endpoints[name] = await listener.start(self.host, self.lab.hosts[name].port)
                self._listeners[name] = listener
        except BaseException:
            await self.stop()
            raise
        logger.info("lab %s: %d simulated devices up", self.lab.name, len(self.devices))

    async def stop(self) -> None:
        """Close every listener and connection, and the OTG endpoint."""
        listeners, self._listeners = self._listeners, {}
        await asyncio.gather(*(listener.stop() for listener in listeners.values()))
        otg, self.otg = self.otg, None
        if otg is not None:
            await asyncio.to_thread(otg.stop)

    async def __aenter__(self) -> SimLab:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()


class SimLabThread:
    """A `SimLab` on an event loop in a background thread; a sync context manager.

    Args:
        lab: the lab definition
        attach: replaces `attach_runtimes` (tests use a fake runtime)
    """

    def __init__(self, lab: Lab, attach: RuntimeAttacher = attach_runtimes) -> None:
        self.sim = SimLab(lab, attach)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="arpha-sim", daemon=True
        )

    @property
    def lab(self) -> Lab:
        return self.sim.lab

    @property
    def devices(self) -> dict[str, SimDevice]:
        return self.sim.devices

    @property
    def endpoints(self) -> dict[str, tuple[str, int]]:
        return self.sim.endpoints

    @property
    def otg_location(self) -> str | None:
        """The OTG endpoint's URL (`http://127.0.0.1:PORT`), None without a lab fabric."""
        return self.sim.otg_location

    def run(self, coroutine: Awaitable[T], timeout: float | None = 30.0) -> T:
        """Run `coroutine` on the lab's loop and wait for its result.

        Raises:
            TimeoutError: it did not finish within `timeout` seconds
        """

        async def wrapper() -> T:
            return await coroutine

        return asyncio.run_coroutine_threadsafe(wrapper(), self._loop).result(timeout)

    def call(self, function: Callable[[], T], timeout: float | None = 30.0) -> T:
        """Call `function` on the lab's loop thread (where all simulator state lives)."""

        async def wrapper() -> T:
            return function()

        return self.run(wrapper(), timeout)

    def __enter__(self) -> SimLabThread:
        self._thread.start()
        try:
            self.run(self.sim.start())
        except BaseException:
            self._shutdown()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.run(self.sim.stop())
        finally:
            self._shutdown()

    def _shutdown(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
