"""The commands a CLI session answers itself: views, commit, questions, config displays.

They see the session through `Session`, so the command table can name them without
importing the session module (which imports the table).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from nornir_arpha.sim import inferred
from nornir_arpha.sim.cli.command_views import SYSTEM_VIEW, USER_VIEW, View
from nornir_arpha.sim.cli.grammar import Match
from nornir_arpha.sim.cli.reply import Reply
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
    failure = session.commit()
    return Reply(failure or list(session.device.personality.commit_notes))


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
        if text.lower() in ("y", "yes"):
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
