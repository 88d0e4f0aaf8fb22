"""One command and its answer on a VRP session, whatever the terminal does in between.

scrapli's `send_command` reads until a prompt and nothing else, so a pager's "more" prompt
or a `[Y/N]` question stops it until the timeout, and lines the device cut at the terminal
width reach the parsers in pieces. `converse` sends the command and reads its answer:

- at the "more" prompt (`session.more_prompt` in lab.yaml) it types a space and takes the
  prompt and its erasure out of the output (paging should be off: `screen-length 0
  temporary` at open; this is for a device that pages anyway);
- at a question (`session.question`) it types the answer that the confirmation policy
  (`session.confirmations`) gives for it; a question the policy does not list is answered N,
  and the command fails with `UnansweredQuestion`, naming the question and the command;
- it joins lines of exactly the terminal width with the next: the device cut them (the
  width is 256 when `screen-width 256` was accepted at open, else `session.screen_width`).

The transcript (scrapli's channel log) keeps everything as the device sent it.
"""

from __future__ import annotations

import codecs
import logging
import re
import weakref
from dataclasses import dataclass

from scrapli.driver import NetworkDriver
from scrapli.response import Response

from nornir_arpha.lab.intent import Confirmation, SessionSettings

logger = logging.getLogger(__name__)

REFUSAL = "n"
# The prompt is searched for in this much of the end of the last line (as scrapli does).
_SEARCH_DEPTH = 1000
# The cursor moves and clears a pager may send around its prompt.
_CURSOR = r"(?:\x1b\[\d*[A-Za-z])?"


class UnansweredQuestion(Exception):
    """The device asked a question the confirmation policy does not answer; it was refused.

    Attributes:
        host: the PE
        command: the command that raised the question
        question: the question's text
    """

    def __init__(self, host: str, command: str, question: str) -> None:
        self.host = host
        self.command = command
        self.question = question
        super().__init__(
            f"{host}: '{command}' asked \"{question}\", which no entry of the lab's "
            "session.confirmations answers; it was answered N and the command did not run. "
            "If the question is expected, add it (with its answer) to session.confirmations "
            "in lab.yaml"
        )


@dataclass(frozen=True)
class Terminal:
    """How one session's terminal behaves, as the client reads it.

    Attributes:
        width: a line of exactly this many characters was cut by the device
        more_prompt: the pager's prompt
        more: the pager's prompt and its erasure (a regular expression)
        question: the end of a confirmation question (a regular expression)
        confirmations: the policy: question pattern and answer, first match wins
    """

    width: int
    more_prompt: str
    more: re.Pattern[str]
    question: re.Pattern[str]
    confirmations: tuple[tuple[re.Pattern[str], str], ...]

    @classmethod
    def from_settings(cls, settings: SessionSettings, width: int | None = None) -> Terminal:
        """The terminal a lab's session settings describe (`width`: an accepted screen width)."""
        prompt = re.escape(settings.more_prompt)
        erase = f"{_CURSOR} {{0,{len(settings.more_prompt)}}}{_CURSOR}"
        return cls(
            width=width or settings.screen_width,
            more_prompt=settings.more_prompt,
            more=re.compile(f"{prompt}{erase}"),
            question=re.compile(settings.question, re.IGNORECASE | re.MULTILINE),
            confirmations=tuple(_policy(settings.confirmations)),
        )

    def answer(self, question: str) -> str | None:
        """The policy's answer to `question`, or None when the policy does not list it."""
        for pattern, answer in self.confirmations:
            if pattern.search(question):
                return answer
        return None


def _policy(confirmations: list[Confirmation]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(c.question, re.IGNORECASE), c.answer) for c in confirmations]


DEFAULT_TERMINAL = Terminal.from_settings(SessionSettings())
_terminals: weakref.WeakKeyDictionary[NetworkDriver, Terminal] = weakref.WeakKeyDictionary()


def set_terminal(conn: NetworkDriver, terminal: Terminal) -> None:
    """Remember how `conn`'s terminal behaves (at session open)."""
    _terminals[conn] = terminal


def terminal_of(conn: NetworkDriver) -> Terminal:
    """How `conn`'s terminal behaves (the defaults for a session opened elsewhere)."""
    return _terminals.get(conn, DEFAULT_TERMINAL)


def converse(conn: NetworkDriver, host: str, command: str) -> Response:
    """Send `command` to PE `host` and read its whole answer (see the module docstring).

    Returns:
        scrapli's response: the output without the echo and the prompt, pages joined, cut
        lines rejoined; failed when it holds `Error:`

    Raises:
        UnansweredQuestion: the device asked a question the policy does not answer
        ScrapliTimeout: (from the transport) no answer within the command timeout
    """
    terminal = terminal_of(conn)
    response = Response(conn.host, command, failed_when_contains=conn.failed_when_contains)
    channel = conn.channel
    prompt = re.compile(conn.comms_prompt_pattern, re.MULTILINE | re.IGNORECASE)
    channel.write(command)
    _read_echo(conn, command)
    channel.send_return()
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    output = ""
    answered = 0  # what the device sent up to here was answered already
    refused: str | None = None
    while True:
        output += decoder.decode(channel.read())
        line_at = output.rfind("\n") + 1
        last_line = output[line_at:]
        pager = last_line.rstrip().endswith(terminal.more_prompt)
        question = terminal.question.search(last_line)
        if pager and line_at + last_line.rfind(terminal.more_prompt) >= answered:
            channel.write(" ")  # the next page
            answered = len(output)
        elif question is not None and line_at + question.start() >= answered:
            text = last_line.strip()
            answer = terminal.answer(text)
            if answer is None:
                refused = refused or text
                answer = REFUSAL
            logger.info("%s: '%s' asked %r; answered %r", host, command, text, answer)
            channel.write(answer)
            channel.send_return()
            answered = len(output)
        elif prompt.search(last_line[-_SEARCH_DEPTH:]):
            break
    if refused is not None:
        raise UnansweredQuestion(host, command, refused)
    response.record_response(_cleaned(output, terminal).encode())
    return response


def _read_echo(conn: NetworkDriver, command: str) -> None:
    """Read until the device has echoed `command` (compared without blanks, as scrapli does)."""
    wanted = "".join(command.lower().split())
    echoed = ""
    while wanted and wanted not in "".join(echoed.lower().split()):
        echoed += conn.channel.read().decode(errors="replace")


def _cleaned(output: str, terminal: Terminal) -> str:
    """The answer as the parsers want it: pager prompts out, cut lines joined, the final
    prompt line dropped, lines right-stripped."""
    text = terminal.more.sub("", output)
    lines = text.split("\n")[:-1]  # the last line is the prompt
    joined: list[str] = []
    carry = ""
    for line in lines:
        if len(line) == terminal.width:
            carry += line
            continue
        joined.append((carry + line).rstrip())
        carry = ""
    if carry:
        joined.append(carry.rstrip())
    return "\n".join(joined).strip("\n")
