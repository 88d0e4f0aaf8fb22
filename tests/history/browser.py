"""A headless Debian chromium driven over the DevTools protocol (websocket-client): open a
page, collect console errors and network requests, evaluate JS, take a screenshot."""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import websocket

from nornir_arpha.tasks.polling import Deadline, poll

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


def chromium() -> str | None:
    """The browser's path, or None."""
    return next((found for name in CHROMIUM if (found := shutil.which(name))), None)


class Page:
    """One tab: its DevTools socket and everything it reported."""

    def __init__(self, socket: websocket.WebSocket) -> None:
        self.socket = socket
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a command; keep the events that arrive meanwhile. Returns: its result."""
        number = next(self.ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))
            self.events.append(message)

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        path.write_bytes(base64.b64decode(data["data"]))
        return path

    def console_errors(self) -> list[str]:
        errors = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                errors.append(str(params.get("exceptionDetails")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                errors.append(str(params.get("args")))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                errors.append(str(params["entry"].get("text")))
        return errors

    def requests(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]


@contextmanager
def open_page(url: str, binary: str) -> Iterator[Page]:
    """Start headless chromium, open `url` in its tab with the Runtime, Log, Network and
    Page domains on, and close everything afterwards."""
    with tempfile.TemporaryDirectory() as profile:
        process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                f"--user-data-dir={profile}",
                "--window-size=1280,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            port_file = Path(profile) / "DevToolsActivePort"
            started = poll(
                lambda: port_file.exists() and port_file.read_text().count("\n") >= 1,
                bool,
                Deadline(timeout_s=30, interval_s=0.1),
            )
            assert started.met, "chromium did not open its DevTools port within 30 s"
            port = port_file.read_text().splitlines()[0]
            targets = json.loads(_get(f"http://127.0.0.1:{port}/json/list"))
            tab = next(t for t in targets if t.get("type") == "page")
            socket = websocket.create_connection(tab["webSocketDebuggerUrl"], timeout=30)
            page = Page(socket)
            for domain in ("Runtime", "Log", "Network", "Page"):
                page.send(f"{domain}.enable")
            page.send("Page.navigate", url=url)
            loaded = poll(
                lambda: page.evaluate("document.readyState"),
                lambda state: state == "complete",
                Deadline(timeout_s=30, interval_s=0.1),
            )
            assert loaded.met, f"{url} did not load within 30 s"
            yield page
            socket.close()
        finally:
            process.terminate()
            process.wait(timeout=30)


def _get(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as answer:
        return str(answer.read().decode())
