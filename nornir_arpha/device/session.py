"""Nornir + scrapli sessions to a lab's PEs: transport, timeouts, transcripts and reconnects.

Transport: ``nodelay`` (``nornir_arpha.device.transport``), paramiko with TCP_NODELAY, chosen by
measurement (``bench/transport.py``; README "Connection handling" has the numbers): unlike
paramiko and ssh2 it never waits on Nagle's algorithm (paramiko: ~96 ms to open against the
simulator, nodelay ~13 ms), and ``system`` (OpenSSH) takes ~112 ms to open.

Connections are opened on first use and kept by Nornir for the whole run (one SSH session
per PE). `with_connection` retries an operation once on a fresh session when the session
drops, then raises `ConnectionLost`. A session that cannot be opened at all is
`DeviceUnreachable` at once: one line naming the PE, its address, the cause (refused, no
answer, no SSH banner, authentication, host key) and what to check. It is not retried:
credentials and host keys do not change between two attempts, and a second wait for a
silent device would double the time to the error.

Opening is bounded by the lab's ``command_timeout_s`` too (scrapli's ``timeout_socket``, which
the nodelay transport applies to the whole open: connect, banner, key exchange,
authentication, channel).

Timeouts: the lab's ``command_timeout_s`` is the transport's operation watchdog (no output
within that many seconds of the last output or input, or no prompt within ten times that of
the last input: `ScrapliTimeout`, the session is closed and counts as failed); scrapli's
``timeout_ops`` is 0, because its timeout wrapper runs every channel operation in a new
thread when called off the main thread, as under Nornir's threaded runner.

Transcripts: with a transcript folder every PE's channel (what the device sends, which
includes the echo of what we type) goes to ``<folder>/<host>.log``, appended across
reconnects. Passwords go through SSH authentication, never through the channel, so they do
not appear there (tests/tasks/test_integration.py checks it).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

from nornir.core import Nornir
from nornir.core.inventory import Host
from nornir.core.task import Result, Task
from paramiko.ssh_exception import AuthenticationException, BadHostKeyException, SSHException
from scrapli.driver import NetworkDriver
from scrapli.driver.network.base_driver import PrivilegeLevel
from scrapli.exceptions import (
    ScrapliAuthenticationFailed,
    ScrapliConnectionError,
    ScrapliConnectionNotOpened,
    ScrapliTimeout,
)
from scrapli_community.huawei.vrp.huawei_vrp import DEFAULT_PRIVILEGE_LEVELS

from nornir_arpha.device.terminal import TerminalOpener
from nornir_arpha.device.transport import OPERATION_TIMEOUT_OPTION, TRANSPORT_NAME
from nornir_arpha.lab import Lab

logger = logging.getLogger(__name__)

CONNECTION = "scrapli"
TRANSPORT = TRANSPORT_NAME

# Errors after which the session is unusable: reconnect (once).
SESSION_ERRORS: tuple[type[BaseException], ...] = (
    ScrapliConnectionError,
    ScrapliConnectionNotOpened,
    ScrapliTimeout,
    SSHException,
    OSError,
    EOFError,
)
# Errors of a session that could not be opened: `DeviceUnreachable`.
OPEN_ERRORS: tuple[type[BaseException], ...] = (*SESSION_ERRORS, ScrapliAuthenticationFailed)

T = TypeVar("T")


class ConnectionLost(Exception):
    """A PE's SSH session failed, and failed again after one reconnect."""

    def __init__(self, host: str, detail: str) -> None:
        self.host = host
        super().__init__(
            f"{host}: the SSH session failed twice (reconnected once): {detail}. "
            "Check that the device is reachable and its SSH service answers."
        )


class DeviceUnreachable(Exception):
    """A PE's SSH session could not be opened; the message is one line.

    Attributes:
        host: inventory name of the PE
        address: `host:port` as connected to
        cause: what failed, e.g. "connection refused"
        hint: what to check
    """

    def __init__(self, host: str, address: str, cause: str, hint: str) -> None:
        self.host = host
        self.address = address
        self.cause = cause
        self.hint = hint
        super().__init__(f"{host} ({address}): {cause} — {hint}")


class LabUnreachable(Exception):
    """Sessions to some PEs of the lab could not be opened; one line per PE.

    Attributes:
        devices: one `DeviceUnreachable` per PE that could not be reached
    """

    def __init__(self, devices: Sequence[DeviceUnreachable]) -> None:
        self.devices = tuple(devices)
        super().__init__("\n".join(str(device) for device in self.devices))


_CHECK_ADDRESS = "is the address/port in hosts.yaml right?"
_CHECK_CREDENTIALS = (
    "check the username and password for this PE (defaults.yaml, hosts.yaml or the "
    "environment variables they name)"
)


def _chain(exc: BaseException) -> list[BaseException]:
    """`exc` and its causes/contexts, outermost first."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def unreachable_cause(exc: BaseException, budget_s: float) -> tuple[str, str]:
    """The cause and the hint for a session that could not be opened.

    Args:
        exc: what opening the session raised (scrapli's, paramiko's or the socket's error)
        budget_s: the time the open was given (the lab's `command_timeout_s`)

    Returns:
        (cause, hint), each a phrase for `DeviceUnreachable`
    """
    chain = _chain(exc)
    text = " | ".join(str(error) for error in chain).lower()

    def raised(*kinds: type[BaseException]) -> bool:
        return any(isinstance(error, kinds) for error in chain)

    if raised(BadHostKeyException) or "does not match" in text:
        return (
            "host key mismatch (the device's SSH key differs from known_hosts)",
            "if the device was replaced or re-keyed, update known_hosts; otherwise do not connect",
        )
    if "not in known_hosts" in text:
        return (
            "host key unknown (not in known_hosts)",
            "add the device's key to the known_hosts file, or set auth_strict_key false in the "
            "PE's connection_options",
        )
    if raised(AuthenticationException, ScrapliAuthenticationFailed):
        return "authentication failed", _CHECK_CREDENTIALS
    if raised(ConnectionRefusedError):
        return "connection refused", f"is the device's SSH service up, and {_CHECK_ADDRESS}"
    if raised(ScrapliTimeout):
        return f"logged in, but no prompt within {budget_s:g} s", "is the device's CLI responsive?"
    if "protocol banner" in text and raised(EOFError, ConnectionResetError):
        return (
            "closed the connection before sending an SSH banner",
            f"is that port the device's SSH service, and {_CHECK_ADDRESS}",
        )
    if "protocol banner" in text:
        return (
            f"no SSH banner within {budget_s:g} s",
            f"something accepts TCP there but does not speak SSH; {_CHECK_ADDRESS}",
        )
    if raised(TimeoutError) or "timed out" in text:
        return (
            f"no answer within {budget_s:g} s",
            f"is the device up and routable from here, and {_CHECK_ADDRESS}",
        )
    if "address family" in text:
        return "the host name does not resolve", _CHECK_ADDRESS
    return _name(exc), "see the debug log for the full error"


# A sysname inside the prompt: VRP takes 1-246 printable characters; the prompt's own
# brackets and blanks are the only ones that cannot be part of it. scrapli-community's
# huawei_vrp refuses `|`, `#`, `+` (and `(` in the system view).
_SYSNAME = r"[^\s<>\[\]]"
PRIVILEGE_EXEC_PATTERN = rf"^(?:hrp_[ams])?<{_SYSNAME}{{1,255}}>\s*$"
# `[~PE1]`, `[*PE1-Eth-Trunk10]`; not the `[V800R012C10...]` line some builds print at the
# top of `display current-configuration` (scrapli-community's reason for its lookahead).
CONFIGURATION_PATTERN = (
    rf"^(?!\[V\d{{3}}R\d{{3}}C\d{{2,3}}.*\])(?:hrp_[ams])?\[[~*]?{_SYSNAME}{{1,255}}\]\s*$"
)


def _privilege_levels() -> dict[str, PrivilegeLevel]:
    """huawei_vrp's levels, with prompts any sysname can give.

    scrapli-community allows 48 characters inside `<...>` and 64 inside `[~...]`, of a small
    set; an RBP view prompt is `[*<sysname>-rm-backup-prf-<name>]` with RBP names of up to
    128 characters, and sysnames may hold `|`, `(`, `#`, `+`.
    """
    levels = dict(DEFAULT_PRIVILEGE_LEVELS)
    for name, pattern in (
        ("privilege_exec", PRIVILEGE_EXEC_PATTERN),
        ("configuration", CONFIGURATION_PATTERN),
    ):
        level = levels[name]
        levels[name] = PrivilegeLevel(
            pattern=pattern,
            name=level.name,
            previous_priv=level.previous_priv,
            deescalate=level.deescalate,
            escalate=level.escalate,
            escalate_auth=level.escalate_auth,
            escalate_prompt=level.escalate_prompt,
        )
    return levels


def scrapli_extras(
    lab: Lab, host: str, transcripts: Path | None = None, channel_log: BytesIO | None = None
) -> dict[str, Any]:
    """scrapli arguments for one PE of `lab`.

    Args:
        lab: the lab (its budgets give the per-command timeout)
        host: inventory name of the PE
        transcripts: folder for `<host>.log` channel transcripts
        channel_log: a file-like sink instead (takes precedence over `transcripts`)

    Returns:
        the extras to merge into the host's scrapli connection options
    """
    timeout = lab.settings.budgets.command_timeout_s
    extras: dict[str, Any] = {
        "transport": TRANSPORT,
        # The nodelay transport bounds the whole open with it (connect to channel).
        "timeout_socket": timeout,
        "timeout_transport": max(timeout, 30.0),
        # The per-command budget is enforced by the transport (clock from the last input);
        # scrapli's own timeout_ops would run every channel operation in a new thread.
        "timeout_ops": 0,
        "transport_options": {OPERATION_TIMEOUT_OPTION: timeout},
        "privilege_levels": _privilege_levels(),
        "on_open": TerminalOpener(lab.settings.session),
    }
    if channel_log is not None:
        extras["channel_log"] = channel_log
    elif transcripts is not None:
        transcripts.mkdir(parents=True, exist_ok=True)
        extras["channel_log"] = str(transcripts / f"{host}.log")
        extras["channel_log_mode"] = "append"
    return extras


def _drop(task: Task) -> None:
    """Forget a broken session without the polite close (which would wait on a dead channel)."""
    plugin = task.host.connections.pop(CONNECTION, None)
    conn = getattr(plugin, "connection", None)
    if conn is not None:
        with suppress(Exception):
            conn.transport.close()


_session_locks: dict[int, threading.RLock] = {}
_session_locks_guard = threading.Lock()


def _session_lock(host: Host) -> threading.RLock:
    """The lock that serialises the use of `host`'s session (Host objects take no weakref)."""
    with _session_locks_guard:
        return _session_locks.setdefault(id(host), threading.RLock())


def _address(host: Host) -> str:
    hostname = host.hostname or host.name
    return f"[{hostname}]:{host.port}" if ":" in hostname else f"{hostname}:{host.port}"


def open_session(task: Task) -> NetworkDriver:
    """The host's session, opened on first use.

    Raises:
        DeviceUnreachable: the session could not be opened (one line: PE, address, cause, hint)
    """
    host = task.host
    try:
        conn: NetworkDriver = host.get_connection(CONNECTION, task.nornir.config)
    except OPEN_ERRORS as exc:
        extras = host.connection_options[CONNECTION].extras or {}
        cause, hint = unreachable_cause(exc, float(extras.get("timeout_socket") or 0))
        raise DeviceUnreachable(host.name, _address(host), cause, hint) from exc
    return conn


def _open(task: Task) -> Result:
    with _session_lock(task.host):
        open_session(task)
    return Result(host=task.host)


def open_sessions(nr: Nornir, hosts: Sequence[str]) -> None:
    """Open the sessions to `hosts` all at once, before any work starts.

    One Nornir worker per host, so PEs that do not answer cost one open budget together, and
    every unreachable PE is named, not only the first.

    Raises:
        LabUnreachable: naming each PE that could not be reached
    """
    results = nr.filter(filter_func=lambda host: host.name in hosts).run(task=_open, on_failed=True)
    nr.data.reset_failed_hosts()
    errors = [results[name][0].exception for name in hosts]
    unreachable = [error for error in errors if isinstance(error, DeviceUnreachable)]
    if unreachable:
        raise LabUnreachable(unreachable)
    for error in errors:
        if error is not None:
            raise error


def with_connection(task: Task, operation: Callable[[NetworkDriver], T]) -> T:
    """Run `operation` on the host's session; on a session failure reconnect once and rerun it.

    The operation must be safe to rerun from the start: a dropped session loses its
    uncommitted candidate on the device, and every task here re-reads the device first.

    One operation at a time per host: when Ctrl-C or SIGTERM interrupts `nr.run` in the main
    thread, Nornir's worker thread carries on with its operation; a restore started meanwhile
    waits for it here instead of interleaving its commands with the worker's on one channel.

    Raises:
        DeviceUnreachable: the session could not be opened (not retried; see module docstring)
        ConnectionLost: the session failed, and failed again after the reconnect (or the
            reconnect could not open it)
    """
    with _session_lock(task.host):
        try:
            return operation(open_session(task))
        except SESSION_ERRORS as exc:
            _drop(task)
            logger.warning("%s: session failed (%s); reconnecting once", task.host.name, _name(exc))
        try:
            return operation(open_session(task))
        except DeviceUnreachable as exc:
            raise ConnectionLost(task.host.name, f"the reconnect failed: {exc.cause}") from exc
        except SESSION_ERRORS as exc:
            _drop(task)
            raise ConnectionLost(task.host.name, _name(exc)) from exc


def _name(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
