"""Alembic's environment: migrates the connection the history hands over, online only.

`nornir_arpha.history.database` runs `alembic upgrade head` with its open connection in
`config.attributes["connection"]`; nothing here reads a URL of its own.
"""

from __future__ import annotations

import logging

from alembic import context

from nornir_arpha.history.schema import metadata

logger = logging.getLogger(__name__)


def run_migrations() -> None:
    """Upgrade the handed-over connection's database.

    Raises:
        RuntimeError: started without a connection (e.g. by the `alembic` command alone)
    """
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run the history's migrations through nornir_arpha.history")
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
