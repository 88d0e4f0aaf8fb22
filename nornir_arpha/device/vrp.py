"""VRP8 over a scrapli connection: display commands and two-stage-commit config sessions.

A `ConfigSession` enters the system view, sends commands one by one and stops at the first
`Error:`. Leaving it without a successful commit always discards the candidate
(`clear configuration candidate`; if the device refuses that, `return` and answer N to
"commit them before exiting? [Y(yes)/N(no)/C(cancel)]"), so the running config is exactly as
it was (REFERENCE.md §6). If even that fails, or the session itself broke, the connection is
closed: VRP drops a session's uncommitted candidate with the session.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import TracebackType

from scrapli.driver import NetworkDriver
from scrapli.exceptions import ScrapliException
from scrapli.response import Response

from nornir_arpha.device.conversation import UnansweredQuestion, converse

logger = logging.getLogger(__name__)

# Answers that mean "not now", not "no": the device is busy, or another user holds the
# configuration lock. The command is sent again at once (a busy moment is usually over by
# then, and a reading of the lab's clock must not be held up), then after a pause that
# doubles each time, at most BUSY_ATTEMPTS times in all; each retry is logged (debug log),
# naming the PE and command.
_RETRYABLE = re.compile(
    r"Error:.*(?:system is busy|is busy now|configuration is locked|locked by (?:other|another))",
    re.IGNORECASE,
)
BUSY_ATTEMPTS = 5
BUSY_FIRST_PAUSE_S = 0.05
BUSY_MAX_PAUSE_S = 2.0
ERROR_MARK = "Error:"
EXIT_QUESTION = "[Y(yes)/N(no)/C(cancel)]:"
CANDIDATE_COMMAND = "display configuration candidate"
DISCARD_COMMAND = "clear configuration candidate"


class DeviceError(Exception):
    """The device answered a command with `Error: ...`.

    Attributes:
        host: the inventory host
        command: the command as sent
        output: the device's whole answer
        error: the `Error:` line(s) of the answer
    """

    def __init__(self, host: str, command: str, output: str) -> None:
        self.host = host
        self.command = command
        self.output = output
        self.error = error_text(output)
        super().__init__(f"{host}: the device refused '{command}': {self.error}")


class QuestionRefused(DeviceError):
    """A configuration command stopped at a question the confirmation policy does not answer
    (answered N): a refusal like `Error:`, so the candidate is discarded; the message is the
    question's (`UnansweredQuestion`)."""

    def __init__(self, exc: UnansweredQuestion) -> None:
        super().__init__(exc.host, exc.command, exc.question)
        self.args = (str(exc),)


def error_text(output: str) -> str:
    """The `Error:` lines of an answer (or its last non-blank line when there is none)."""
    errors = [line.strip() for line in output.splitlines() if ERROR_MARK in line]
    if errors:
        return " / ".join(errors)
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def retrying(host: str, command: str, send: Callable[[], Response]) -> Response:
    """`send()`'s response, sent again with bounded backoff while the device answers busy or
    configuration-locked.

    Returns:
        the first answer that is not busy/locked, or the last one after BUSY_ATTEMPTS
    """
    pause = 0.0
    for attempt in range(1, BUSY_ATTEMPTS + 1):
        response = send()
        if not (response.failed and _RETRYABLE.search(response.result)):
            return response
        if attempt < BUSY_ATTEMPTS:
            logger.warning(
                "%s: '%s' answered %r (attempt %d of %d); sending it again in %.2f s",
                host,
                command,
                error_text(response.result),
                attempt,
                BUSY_ATTEMPTS,
                pause,
            )
            time.sleep(pause)
            pause = min(max(pause * 2, BUSY_FIRST_PAUSE_S), BUSY_MAX_PAUSE_S)
    logger.error("%s: '%s' still busy/locked after %d attempts", host, command, BUSY_ATTEMPTS)
    return response


def send_display(conn: NetworkDriver, host: str, command: str) -> Response:
    """Run a display command, retried while the device is busy (see `retrying`)."""
    return retrying(host, command, lambda: converse(conn, host, command))


@dataclass(frozen=True)
class Answer:
    """A display's output, and the round trip of the attempt that gave it (monotonic s):
    after `sent`, before `answered` (earlier busy answers do not widen it)."""

    output: str
    sent: float
    answered: float


def timed_display(conn: NetworkDriver, host: str, command: str) -> Answer:
    """Run a display command in the user view, dated by the round trip of its answer.

    Raises:
        DeviceError: the device answered `Error: ...` (after the busy retries)
    """
    sent = time.monotonic()

    def attempt() -> Response:
        nonlocal sent
        sent = time.monotonic()
        return converse(conn, host, command)

    response = retrying(host, command, attempt)
    answered = time.monotonic()
    if response.failed:
        raise DeviceError(host, command, response.result)
    return Answer(response.result, sent, answered)


def display(conn: NetworkDriver, host: str, command: str) -> str:
    """Run a display command in the user view.

    Raises:
        DeviceError: the device answered `Error: ...` (after the busy retries)
    """
    return timed_display(conn, host, command).output


class ConfigSession:
    """A system-view session with two-stage commit; a context manager.

    `DATED_BY_ANSWER` False dates a commit by its round trip's midpoint (the old behaviour,
    early by half a slow commit; tests switch it off to show that).

    Example:
        with ConfigSession(conn, "PE1") as session:
            session.send(["remote-backup-service rbs1", "quit"])
            session.commit()
    """

    DATED_BY_ANSWER = True

    def __init__(self, conn: NetworkDriver, host: str) -> None:
        self.conn = conn
        self.host = host
        self.pending = False

    def __enter__(self) -> ConfigSession:
        self.conn.acquire_priv("configuration")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.pending and exc is not None and not isinstance(exc, DeviceError):
            # The session itself failed (or was interrupted): do not wait on it. Closing it
            # makes the device drop the uncommitted candidate.
            logger.warning("%s: closing the session to drop its candidate (%r)", self.host, exc)
            self.conn.transport.close()
            return
        if self.pending:
            self.discard()
        self.conn.acquire_priv(self.conn.default_desired_privilege_level)

    def _send(self, command: str) -> Response:
        try:
            return retrying(self.host, command, lambda: converse(self.conn, self.host, command))
        except UnansweredQuestion as exc:
            raise QuestionRefused(exc) from exc

    def send(self, commands: Sequence[str]) -> None:
        """Send commands in order, stopping at the first refused one.

        Raises:
            DeviceError: naming the refused command and the device's error text
        """
        for command in commands:
            self.pending = True
            response = self._send(command)
            if response.failed:
                raise DeviceError(self.host, command, response.result)

    def candidate(self) -> str:
        """The device's view of the uncommitted changes (`display configuration candidate`)."""
        return self._send(CANDIDATE_COMMAND).result

    def commit(self) -> float:
        """Commit the candidate.

        Returns:
            when the device committed, best known: its answer (monotonic). A commit may take
            seconds, and the change applies at its end, not at its send.

        Raises:
            DeviceError: the commit failed (the candidate is still pending; leaving discards it)
        """
        sent = time.monotonic()
        response = self._send("commit")
        answered = time.monotonic()
        if response.failed:
            raise DeviceError(self.host, "commit", response.result)
        self.pending = False
        return answered if self.DATED_BY_ANSWER else (sent + answered) / 2

    def discard(self) -> None:
        """Drop the candidate; the running config stays as it was."""
        try:
            response = self._send(DISCARD_COMMAND)
            if not response.failed:
                self.pending = False
                return
            logger.warning(
                "%s: '%s' refused (%s); leaving with N instead",
                self.host,
                DISCARD_COMMAND,
                error_text(response.result),
            )
            self.leave_discarding()
        except ScrapliException:
            logger.error("%s: discarding the candidate failed; closing the session", self.host)
            self.conn.transport.close()
            raise

    def leave_discarding(self) -> None:
        """Go to the user view, answering N to "commit them before exiting? [Y/N/C]".

        The fallback when `clear configuration candidate` is refused: N drops the candidate.
        """
        self.conn.channel.send_inputs_interact([("return", EXIT_QUESTION, False), ("N", "", False)])
        self.pending = False


RUNNING_COMMAND = "display current-configuration"


def config_lines(running: str) -> tuple[str, ...]:
    """The configuration lines of `display current-configuration`, for exact comparison.

    Comment lines (`!Software Version ...`, `!Last configuration was updated at ...`) and
    trailing blanks are dropped: they change without the configuration changing.
    """
    return tuple(
        line.rstrip()
        for line in running.replace("\r\n", "\n").split("\n")
        if line.strip() and not line.lstrip().startswith("!")
    )
