"""The commands a CLI session answers itself: views, commit, questions, config displays.

They see the session through `Session`, so the command table can name them without
importing the session module (which imports the table).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Protocol

from nornir_arpha.sim import inferred
from nornir_arpha.sim.cli.command_views import SYSTEM_VIEW, USER_VIEW, View
from nornir_arpha.sim.cli.grammar import Match
from nornir_arpha.sim.cli.reply import Reply, confirmed, error
from nornir_arpha.sim.device_config import DeviceConfig
from nornir_arpha.sim.render import config_text as render
from nornir_arpha.sim.render.version_display import display_version
from nornir_arpha.sim.sim_device import SimDevice


class Session(Protocol):
    """What these commands use of a `CliSession`."""

    device: SimDevice
    view: View
    base: DeviceConfig
    candidate: DeviceConfig
    screen_length: int
    screen_width: int
    terminal_monitor: bool
    commits_tried: int

    @property
    def pending(self) -> bool: ...

    def ask(self, prompt: str, answer: Callable[[str], Reply]) -> Reply: ...

    def commit(self) -> list[str]: ...

    def discard(self) -> None: ...

    def leave(self, then: View) -> Reply: ...


def system_view(session: Session, match: Match) -> Reply:
    session.view = SYSTEM_VIEW
    return Reply([inferred.SYSTEM_VIEW_BANNER])


def logout(session: Session, match: Match) -> Reply:
    return Reply(close=True)


def quit_view(session: Session, match: Match) -> Reply:
    if session.view.kind == "system":
        return session.leave(USER_VIEW)
    session.view = SYSTEM_VIEW
    return Reply()


def return_to_user(session: Session, match: Match) -> Reply:
    return session.leave(USER_VIEW)


def commit(session: Session, match: Match) -> Reply:
    """Commit; the personality may ask first, answer locked, or take lab seconds."""
    if "commit" in session.device.personality.asks_before and session.pending:
        return session.ask(
            inferred.COMMIT_QUESTION,
            lambda answer: _commit_now(session) if confirmed(answer) else Reply(),
        )
    return _commit_now(session)


def _commit_now(session: Session) -> Reply:
    firmware = session.device.personality
    if session.pending and firmware.locked_every is not None:
        session.commits_tried += 1
        if session.commits_tried % firmware.locked_every == 0:
            return Reply([error(inferred.REFUSE_LOCKED)])
    if firmware.commit_delay_s:
        return Reply(later=_slow_commit(session))
    failure = session.commit()
    return Reply(failure or list(firmware.commit_notes))


async def _slow_commit(session: Session) -> list[str]:
    """The commit, applied at the end of the personality's delay."""
    device = session.device
    await asyncio.sleep(device.personality.commit_delay_s / device.time_scale)
    return session.commit() or list(device.personality.commit_notes)


def clear_candidate(session: Session, match: Match) -> Reply:
    session.discard()
    session.view = SYSTEM_VIEW
    return Reply()


def screen_length(session: Session, match: Match) -> Reply:
    session.screen_length = match.args.get("lines", 24)
    return Reply()


def terminal_monitor(session: Session, match: Match) -> Reply:
    session.terminal_monitor = not match.command.spec.startswith("undo")
    return Reply()


def screen_width(session: Session, match: Match) -> Reply:
    width: int = match.args["width"]

    def answer(text: str) -> Reply:
        if confirmed(text):
            session.screen_width = width
        return Reply()

    return session.ask(inferred.SCREEN_WIDTH_QUESTION, answer)


def show_current(session: Session, match: Match) -> Reply:
    return Reply(render.current_configuration(session.device.running))


def show_version(session: Session, match: Match) -> Reply:
    return Reply(display_version(time.monotonic() - session.device.booted_at))


def show_candidate(session: Session, match: Match) -> Reply:
    return Reply(render.candidate_changes(session.base, session.candidate))


def show_this(session: Session, match: Match) -> Reply:
    running: DeviceConfig = session.device.running
    view = session.view
    if view.kind == "system":
        return Reply(render.current_configuration(running))
    header = {
        "rbs": f"remote-backup-service {view.key}",
        "rbp": f"remote-backup-profile {view.key}",
        "e-trunk": f"e-trunk {view.key}",
        "interface": f"interface {view.key}",
    }[view.kind]
    section = render.section_of(running, header)
    return Reply(render.frame([section]) if section else [render.SEPARATOR, "return"])
