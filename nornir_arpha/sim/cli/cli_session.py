"""One CLI session on a simulated PE: views, the candidate, two-stage commit, questions.

The session is transport-free: `execute(line)` takes one input line and returns a `Reply`
(immediate lines, plus possibly a stream of lines or an awaitable for slow commands); the
SSH server writes it and then `prompt`. Behaviour follows REFERENCE §1, §6, §7 and §8;
undocumented choices come from `nornir_arpha.sim.inferred`.
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import regex

from nornir_arpha.sim import inferred
from nornir_arpha.sim.cli import commands
from nornir_arpha.sim.cli.command_views import USER_VIEW, View
from nornir_arpha.sim.cli.edits import Edit, ParamFault
from nornir_arpha.sim.cli.grammar import Fault, Match, Node, parse
from nornir_arpha.sim.cli.reply import Reply, error
from nornir_arpha.sim.defects import Defect
from nornir_arpha.sim.device_config import DeviceConfig
from nornir_arpha.sim.device_runtime import CommandRefused, PingRequest
from nornir_arpha.sim.sim_device import SimDevice

logger = logging.getLogger(__name__)

LEAVE_QUESTION = (
    "Warning: Uncommitted configurations found, commit them before exiting? "
    "[Y(yes)/N(no)/C(cancel)]:"
)
LEAVE_BAD_ANSWER = (
    "Error: Please choose 'YES', 'NO' or 'CANCEL' first before pressing 'Enter'. [Y/N/C]:"
)
COMMIT_CANCELED = (
    "Commit canceled, the configuration conflicted with other user, you can modify",
    "the configuration and commit again.",
)


@dataclass(frozen=True)
class _Op:
    """A configuration change as typed, kept to be replayed at commit time."""

    text: str
    view: View
    edit: Edit
    match: Match


@dataclass(frozen=True)
class _Question:
    prompt: str
    answer: Callable[[str], Reply]


@cache
def _grammars() -> dict[str, Node]:
    return commands.build_grammars()


class CliSession:
    """The CLI state of one login on `device`."""

    def __init__(self, device: SimDevice) -> None:
        self.device = device
        self.view = USER_VIEW
        self.base = device.running
        self.candidate = device.running.clone()
        self.ops: list[_Op] = []
        self.screen_length = 24
        self.screen_width = 80
        self.terminal_monitor = device.personality.terminal_monitor
        self._displays = 0  # displays run, for the personality's busy answers
        self._logs = 0  # log lines printed into this session
        self._question: _Question | None = None

    # ---- state -----------------------------------------------------------------------------

    @property
    def pending(self) -> bool:
        """Whether the candidate holds uncommitted changes."""
        return bool(self.ops)

    @property
    def prompt(self) -> str:
        """What to print when waiting for input: the view prompt, or an open question."""
        if self._question is not None:
            return self._question.prompt
        return self.view.prompt(self.device.running.sysname, self.pending)

    def _refresh(self) -> None:
        """Without pending changes, follow commits made by other sessions."""
        if not self.ops and self.base is not self.device.running:
            self.base = self.device.running
            self.candidate = self.base.clone()

    # ---- input -----------------------------------------------------------------------------

    def execute(self, line: str) -> Reply:
        """Run one input line (without its line ending).

        Args:
            line: what the user typed

        Returns:
            the output to write before the next prompt
        """
        if self._question is not None:
            question, self._question = self._question, None
            return question.answer(line.strip())
        self._refresh()
        prompt, view = self.prompt, self.view
        result = parse(_grammars()[view.grammar], line)
        if isinstance(result, Fault):
            found = self._rollback(line, result)
            if isinstance(found, Fault):
                return Reply(caret(prompt, found))
            self.view, result = found
        if result is None:
            return Reply()
        try:
            reply = self._run(result, line)
        except CommandRefused as exc:
            self.view = view
            return Reply([error(str(exc))])
        except ParamFault as exc:
            self.view = view
            return Reply(caret(prompt, Fault("Wrong parameter", result.columns[exc.arg])))
        return _filtered(reply, result) if "filter" in result.args else reply

    def _rollback(self, line: str, fault: Fault) -> tuple[View, Match] | Fault:
        """Intelligent rollback (§7.2): find a parent view where a command unknown here runs.

        Not for ambiguous input nor for `undo` commands. Without a match anywhere, the fault
        reported is the one that got furthest into the line (the current view's on a tie).
        """
        if fault.kind == "Ambiguous" or line.split()[0].lower() == "undo":
            return fault
        best = fault
        view = self.view.parent
        while view is not None and view.kind != "user":
            result = parse(_grammars()[view.grammar], line)
            if isinstance(result, Match):
                return view, result
            if isinstance(result, Fault) and result.column > best.column:
                best = result
            view = view.parent
        return best

    def _run(self, match: Match, line: str) -> Reply:
        action: commands.Action = match.command.action
        if isinstance(action, commands.EditAction):
            self._edit(action.edit, match, line.strip())
            return Reply()
        if isinstance(action, commands.ShowAction):
            busy = self.device.personality.busy_every
            self._displays += 1
            if busy is not None and self._displays % busy == 0:
                return Reply([error(inferred.REFUSE_BUSY)])
            output = self.device.runtime.show(action.request(match))
            if isinstance(output, list | tuple):  # small: answered at once
                return self._with_logs(Reply(list(output)))
            return self._with_logs(Reply(stream=_guarded(output)))
        if isinstance(action, commands.PingAction):
            return Reply(later=self._ping(commands.ping_request(match)))
        return action.run(self, match)

    def _edit(self, edit: Edit, match: Match, text: str) -> None:
        work = self.candidate.clone()
        entered = edit(work, self.view, match)
        if work != self.candidate:
            self.ops.append(_Op(text, self.view, edit, match))
            self.candidate = work
        if entered is not None:
            self.view = entered

    def _with_logs(self, reply: Reply) -> Reply:
        """`reply` with the personality's log lines between its lines, while terminal
        monitor is on (a display's own lines are never cut)."""
        every = self.device.personality.log_every_lines
        if every is None or not self.terminal_monitor:
            return reply
        lines = list(self._logged(reply.lines, every))
        return Reply(lines, self._logged(reply.stream, every) if reply.stream else None)

    def _logged(self, lines: Iterable[str], every: int) -> Iterator[str]:
        for number, line in enumerate(lines, 1):
            yield line
            if number % every == 0 and self.terminal_monitor:
                self._logs += 1
                yield inferred.SESSION_LOG.format(
                    date=time.strftime(inferred.SESSION_LOG_DATE),
                    sysname=self.device.running.sysname,
                    state="Up" if self._logs % 2 else "Down",
                )

    async def _ping(self, request: PingRequest) -> list[str]:
        try:
            return await self.device.runtime.ping(request)
        except CommandRefused as exc:
            return [error(str(exc))]

    # ---- operations used by the commands ---------------------------------------------------

    def ask(self, prompt: str, answer: Callable[[str], Reply]) -> Reply:
        """Print `prompt` instead of the view prompt; the next line goes to `answer`."""
        self._question = _Question(prompt, answer)
        return Reply()

    def commit(self) -> list[str]:
        """Replay this session's changes on the running config and apply them atomically.

        Returns:
            nothing on success; the documented failure output otherwise (§6), in which case
            the running config and the candidate are untouched
        """
        if not self.ops:
            return []
        new = self.device.running.clone()
        for op in self.ops:
            try:
                op.edit(new, op.view, op.match)
            except (CommandRefused, ParamFault) as exc:
                reason = str(exc) if isinstance(exc, CommandRefused) else "Wrong parameter."
                logger.info("%s: commit failed at %r: %s", self.device.name, op.text, reason)
                return [op.text, error(reason), "", *COMMIT_CANCELED]
        self._corrupt(new)
        self.device.apply(new)
        self.base, self.candidate = new, new.clone()
        self.ops.clear()
        logger.info("%s: committed", self.device.name)
        return []

    def _corrupt(self, new: DeviceConfig) -> None:
        """What a defective commit does to the config it applies: drop `service-type arp`
        (commit-drops-service-type); drop the `ip address` of an Eth-Trunk that loses its
        `e-trunk` line (teardown-removes-trunk-address)."""
        defects, running = self.device.defects, self.device.running
        if Defect.COMMIT_DROPS_SERVICE_TYPE in defects:
            for rbp in new.rbps.values():
                rbp.service_types = [s for s in rbp.service_types if s != "arp"]
        if Defect.TEARDOWN_REMOVES_TRUNK_ADDRESS in defects:
            for name, interface in new.interfaces.items():
                before = running.interfaces.get(name)
                if before is not None and before.e_trunk is not None and interface.e_trunk is None:
                    interface.ipv4, interface.ipv6 = [], []

    def discard(self) -> None:
        """Drop the candidate's changes."""
        self.ops.clear()
        self.base = self.device.running
        self.candidate = self.base.clone()

    def leave(self, then: View) -> Reply:
        """Go to `then` (user view), asking first if changes are pending (§6)."""
        if not self.ops:
            self.view = then
            return Reply()
        return self.ask(LEAVE_QUESTION, lambda answer: self._answer_leave(answer, then))

    def _answer_leave(self, answer: str, then: View) -> Reply:
        choice = answer.lower()
        if choice in ("y", "yes"):
            failure = self.commit()
            if failure:
                return Reply(failure)
        elif choice in ("n", "no"):
            self.discard()
        elif choice in ("c", "cancel"):
            return Reply()
        else:
            return self.ask(LEAVE_BAD_ANSWER, lambda again: self._answer_leave(again, then))
        self.view = then
        return Reply()


def caret(prompt: str, fault: Fault) -> list[str]:
    """The caret line and the error, the caret under `fault.column` of prompt + input (§7.1)."""
    return [" " * (len(prompt) + fault.column) + "^", fault.message]


def _guarded(lines: Iterable[str]) -> Iterator[str]:
    """Runtime output; a refusal, even mid-stream, becomes an `Error:` line."""
    try:
        yield from lines
    except CommandRefused as exc:
        yield error(str(exc))


def _filtered(reply: Reply, match: Match) -> Reply:
    """Apply `| include|exclude|begin REGEX` to a display's output."""
    pattern: re.Pattern[str] = match.args["filter"]
    keep = _Filter(pattern.pattern, match.args["filter_kind"])
    return Reply(list(keep(reply.lines)), keep(reply.stream) if reply.stream else None)


_REPEAT = re.compile(r"\{(\d*)(?:,(\d*))?\}")


def _repeats(pattern: str) -> int:
    """An upper bound of how often `regex` unrolls `pattern`: its `{m,n}` counts multiplied."""
    return math.prod(max(int(low or 1), int(high or 1)) for low, high in _REPEAT.findall(pattern))


class _Filter:
    """One filter application: the lines it keeps, within one matching budget for all of them.

    Every session shares the lab's event loop, so matching is bounded: `regex` stops a search
    at the budget left, and past the budget (or for a pattern whose compilation alone would be
    too costly) the output ends with an `Error:` line (`inferred.FILTER_BUDGET_S`).
    """

    def __init__(self, pattern: str, kind: str) -> None:
        # The stdlib compiled it (validity as before); `regex` unrolls counted repeats at
        # compile time, which no timeout bounds.
        too_big = _repeats(pattern) > inferred.FILTER_MAX_REPEATS
        self._regex = None if too_big else regex.compile(pattern)
        self._kind = kind
        self._spent = 0.0
        self._begun = False
        self._over = False

    def __call__(self, lines: Iterable[str]) -> Iterator[str]:
        for line in lines:
            if self._over:
                return
            try:
                kept = self._keeps(line)
            except TimeoutError:
                self._over = True
                yield error(inferred.REFUSE_FILTER_TOO_COSTLY)
                return
            if kept:
                yield line

    def _keeps(self, line: str) -> bool:
        if self._begun:
            return True
        found = self._search(line)
        if self._kind == "begin":
            self._begun = found
            return found
        return found == (self._kind == "include")

    def _search(self, line: str) -> bool:
        left = inferred.FILTER_BUDGET_S - self._spent
        if self._regex is None or left <= 0:  # a negative timeout would mean none to `regex`
            raise TimeoutError
        start = time.thread_time()
        try:
            return self._regex.search(line, timeout=left) is not None
        finally:
            self._spent += time.thread_time() - start
