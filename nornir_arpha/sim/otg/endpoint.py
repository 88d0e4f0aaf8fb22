"""The OTG HTTP API over a `Tester`, as snappi's HTTP transport speaks it.

Requests are parsed with snappi's own models and answers serialized by them (metrics, the hot
path, as the same JSON built directly; tests read it back through snappi), so the endpoint
cannot drift from the OTG models snappi ships. The server runs in a daemon thread;
each call into the tester runs on the lab's event loop, where the fabric lives.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import snappi

from nornir_arpha.sim.otg import snappi_speed
from nornir_arpha.sim.otg.otg_errors import INTERNAL, OtgError
from nornir_arpha.sim.otg.tester import Tester, tester_version

logger = logging.getLogger(__name__)

snappi_speed.install()  # decoding a pushed configuration: 0.5 s → 0.07 s (see the module)

# Wall seconds a request may wait for the lab's event loop.
LOOP_TIMEOUT_S = 30.0
# Wall seconds between the server's checks for shutdown.
SHUTDOWN_POLL_S = 0.05


def _routes(tester: Tester) -> dict[tuple[str, str], tuple[Any, Callable[..., Any]]]:
    """(method, path) → (the snappi request model or None, the tester call)."""
    return {
        ("POST", "/config"): (snappi.Config, tester.set_config),
        ("GET", "/config"): (None, lambda: tester.config),
        ("POST", "/control/state"): (snappi.ControlState, tester.set_state),
        ("POST", "/control/action"): (snappi.ControlAction, tester.action),
        ("POST", "/monitor/metrics"): (snappi.MetricsRequest, tester.metrics),
        ("POST", "/monitor/states"): (snappi.StatesRequest, tester.states),
        ("GET", "/capabilities/version"): (None, tester_version),
    }


def parse_request(model: Any, body: bytes) -> Any:
    """A request body as a snappi object of class `model`.

    Raises:
        OtgError: the body is not JSON, has a field `model` lacks, or a wrong value
    """
    try:
        sent = json.loads(body or b"{}")
    except ValueError as error:
        raise OtgError(f"the request body is not JSON: {error}") from None
    if not isinstance(sent, dict):
        raise OtgError(f"the request body must be a JSON object, not {type(sent).__name__}")
    try:
        parsed = model().deserialize(sent)
        known = parsed.serialize(parsed.DICT)
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        raise OtgError(f"{model.__name__}: {error}".strip()) from None
    unknown = _unknown_fields(sent, known, "")
    if unknown:
        raise OtgError(*(f"{model.__name__}: unknown field '{path}'" for path in unknown))
    return parsed


def _unknown_fields(sent: Any, known: Any, path: str) -> list[str]:
    """Paths of the fields in `sent` that snappi's model dropped (it ignores unknown keys)."""
    if isinstance(sent, dict):
        if not isinstance(known, dict):
            return [path]
        found: list[str] = []
        for key, value in sent.items():
            where = f"{path}.{key}" if path else key
            if key not in known:
                if value is not None:
                    found.append(where)
            else:
                found += _unknown_fields(value, known[key], where)
        return found
    if isinstance(sent, list) and isinstance(known, list):
        return [
            field
            for index, (item, kept) in enumerate(zip(sent, known, strict=False))
            for field in _unknown_fields(item, kept, f"{path}[{index}]")
        ]
    return []


class OtgEndpoint:
    """The OTG HTTP server of one simulated lab.

    Args:
        tester: the emulated traffic generator
        loop: the lab's event loop (where `tester` must be called)
        host: the address to listen on (loopback only by default)
    """

    def __init__(
        self, tester: Tester, loop: asyncio.AbstractEventLoop, host: str = "127.0.0.1"
    ) -> None:
        self.tester = tester
        self.loop = loop
        self.host = host
        self.routes = _routes(tester)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def location(self) -> str:
        """The URL snappi connects to (`snappi.api(location=...)`).

        Raises:
            RuntimeError: the endpoint is not started
        """
        if self._server is None:
            raise RuntimeError("the OTG endpoint is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> str:
        """Listen on a free port of `host`.

        Returns:
            the endpoint's location
        """
        endpoint = self

        class Handler(_OtgHandler):
            owner = endpoint

        self._server = ThreadingHTTPServer((self.host, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL_S},
            name="arpha-otg",
            daemon=True,
        )
        self._thread.start()
        logger.info("OTG endpoint at %s", self.location)
        return self.location

    def stop(self) -> None:
        """Stop serving and close the socket (blocks until the server thread ends)."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def answer(self, method: str, path: str, body: bytes) -> tuple[int, str]:
        """Serve one request (on a server thread).

        Returns:
            the HTTP status and the JSON body
        """
        route = self.routes.get((method, path.split("?", 1)[0]))
        try:
            if route is None:
                raise OtgError(f"{method} {path} is not an OTG API call", code=404)
            model, call = route
            arguments = () if model is None else (parse_request(model, body),)
            result = self._on_loop(call, arguments)
            # Serialized here, off the lab's event loop, which also serves the PEs' sessions.
            text = json.dumps(result) if isinstance(result, dict) else result.serialize()
            return 200, str(text)
        except OtgError as error:
            return error.code, error.body()
        except Exception as error:
            logger.exception("OTG %s %s failed", method, path)
            failure = OtgError(f"{method} {path}: {error!r}", code=500, kind=INTERNAL)
            return failure.code, failure.body()

    def _on_loop(self, call: Callable[..., Any], arguments: tuple[Any, ...]) -> Any:
        async def run() -> Any:
            return call(*arguments)

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(LOOP_TIMEOUT_S)


class _OtgHandler(BaseHTTPRequestHandler):
    """One HTTP/1.1 connection; every request is answered with JSON."""

    owner: OtgEndpoint
    protocol_version = "HTTP/1.1"
    # The headers and the body go out as two writes: with Nagle on, the body waits for the
    # client's delayed ACK of the headers, ~40 ms a request (a metrics read took 49 ms, 7 ms
    # without). Testers' own servers (ixia-c's, in Go) set TCP_NODELAY too.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, text = self.owner.answer(method, self.path, body)
        payload = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("OTG %s", format % args)
