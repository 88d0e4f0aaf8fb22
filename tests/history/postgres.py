"""A fresh database on the PostgreSQL server the tests are given (`.ci/services` starts one
and exports `ARPHA_TEST_POSTGRES_URL`), and what a test does without one."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy.engine import make_url

IN_CI = os.environ.get("CI", "").lower() == "true"


def missing(what: str) -> None:
    """In CI a missing service fails the test; elsewhere it is skipped."""
    if IN_CI:
        pytest.fail(f"{what} (.ci/run provides it)")
    pytest.skip(what)


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database on the server `$ARPHA_TEST_POSTGRES_URL` names, dropped on exit."""
    server = make_url(os.environ["ARPHA_TEST_POSTGRES_URL"])
    name = f"arpha_{uuid.uuid4().hex[:10]}"
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE {name} WITH (FORCE)")
