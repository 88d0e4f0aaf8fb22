"""Lab reservations shared by every runner of a team: PostgreSQL advisory locks.

One session-level advisory lock per lab, held on a connection of its own for as long as the
run uses the lab: PostgreSQL releases it when that connection ends, so a holder that crashes
(or whose runner loses the network) frees the lab by itself. Beside the lock, a row of
`arpha_lab_reservations` says who holds it (runner, pipeline, start); a row whose connection
no longer holds an advisory lock is a crashed holder's, and counts as free.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from nornir_arpha.reservations.file_lock import LabLocked
from nornir_arpha.reservations.holder import Holder

logger = logging.getLogger(__name__)

TABLE = "arpha_lab_reservations"
CREATE = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    lab_key TEXT PRIMARY KEY,
    lab TEXT NOT NULL,
    runner TEXT NOT NULL,
    user_name TEXT NOT NULL,
    pid INTEGER NOT NULL,
    pipeline TEXT NOT NULL,
    command TEXT NOT NULL,
    since TEXT NOT NULL,
    backend_pid INTEGER NOT NULL
)"""
# Rows whose connection still holds an advisory lock: the live reservations.
LIVE = f"""
SELECT lab, runner, user_name, pid, pipeline, command, since FROM {TABLE} r
WHERE EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted
              AND l.pid = r.backend_pid)"""
# Serialises the table's creation between runners starting at once.
CREATE_LOCK_KEY = 0x61727068


class ReservationError(LabLocked):
    """The reservation database cannot be reached; one line naming it and what to check.

    A LabLocked: a run stops on it as on a held lab.
    """


def lock_key(identity: str) -> int:
    """The advisory lock's 64-bit key for a lab identity."""
    digest = hashlib.sha256(f"arpha-lab:{identity}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _libpq_url(url: str) -> str:
    """A SQLAlchemy-style URL (`postgresql+psycopg://`) as libpq takes it."""
    try:
        return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    except ArgumentError:
        raise ReservationError(f"not a database URL: {_shown(url)}") from None


def _shown(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an unreadable database URL)"


class PgReservations:
    """Reservations in the PostgreSQL database at `url` (the team's shared history).

    Args:
        url: a `postgresql://` URL
        connect_timeout_s: how long to wait for the server on connecting
    """

    def __init__(self, url: str, connect_timeout_s: int = 10) -> None:
        self.url = url
        self._connect_timeout_s = connect_timeout_s

    def _connect(self) -> psycopg.Connection[Any]:
        """Raises: ReservationError: the server cannot be reached or refuses the login."""
        try:
            connection = psycopg.connect(
                _libpq_url(self.url), autocommit=True, connect_timeout=self._connect_timeout_s
            )
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()
            raise ReservationError(
                f"cannot reach the reservation database {_shown(self.url)}: "
                f"{first[0] if first else type(exc).__name__}; check that the server runs and "
                "the URL is right"
            ) from None
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (CREATE_LOCK_KEY,))
            connection.execute(CREATE)
        return connection

    @contextmanager
    def hold(
        self, identity: str, lab: str, *, wait_s: float, poll_s: float = 0.5
    ) -> Iterator[float]:
        """Hold the lab `identity` (shown as `lab`) for the duration of the block.

        Yields:
            seconds spent waiting for it

        Raises:
            LabLocked: another run still holds it after `wait_s`, named
            ReservationError: the database cannot be reached
        """
        key = lock_key(identity)
        connection = self._connect()
        started = time.monotonic()
        try:
            while not connection.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0]:  # type: ignore[index]
                waited = time.monotonic() - started
                if waited >= wait_s:
                    holder = self._holder(connection, identity)
                    named = holder.describe() if holder is not None else "another run"
                    raise LabLocked(
                        f"lab {lab} is in use by {named} (reserved in {_shown(self.url)}); "
                        f"waited {waited:.1f}s. Wait for that run to finish, or raise --lock-wait."
                    )
                time.sleep(min(poll_s, wait_s - waited))
            me = Holder.me(lab, kind="postgresql")
            connection.execute(
                f"INSERT INTO {TABLE} VALUES (%s, %s, %s, %s, %s, %s, %s, %s, pg_backend_pid()) "
                "ON CONFLICT (lab_key) DO UPDATE SET lab = EXCLUDED.lab, runner = EXCLUDED.runner,"
                " user_name = EXCLUDED.user_name, pid = EXCLUDED.pid, pipeline = "
                "EXCLUDED.pipeline, command = EXCLUDED.command, since = EXCLUDED.since, "
                "backend_pid = EXCLUDED.backend_pid",
                (identity, lab, me.runner, me.user, me.pid, me.pipeline, me.command, me.since),
            )
            logger.info("lab %s reserved in %s", lab, _shown(self.url))
            yield time.monotonic() - started
            connection.execute(
                f"DELETE FROM {TABLE} WHERE lab_key = %s AND backend_pid = pg_backend_pid()",
                (identity,),
            )
        finally:
            connection.close()  # ends the session: the advisory lock goes with it

    def _holder(self, connection: psycopg.Connection[Any], identity: str) -> Holder | None:
        row = connection.execute(f"{LIVE} AND r.lab_key = %s", (identity,)).fetchone()
        return _as_holder(row) if row is not None else None

    def holders(self) -> list[Holder]:
        """Every live reservation in the database, by lab.

        Raises:
            ReservationError: the database cannot be reached
        """
        with self._connect() as connection:
            rows = connection.execute(f"{LIVE} ORDER BY lab").fetchall()
        return [_as_holder(row) for row in rows]


def _as_holder(row: Any) -> Holder:
    lab, runner, user, pid, pipeline, command, since = row
    return Holder(lab, pid, user, runner, pipeline, since, command, kind="postgresql")
