"""Alembic migrations of the history's schema, from its first version on (`versions/`)."""
