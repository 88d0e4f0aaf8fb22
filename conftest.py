"""Registers the nornir_arpha pytest plugin when the suite runs from a checkout; trims start-up."""

from __future__ import annotations

import pytest

pytest_plugins = ["nornir_arpha.pytest_plugin"]


def pytest_collection_finish(session: pytest.Session) -> None:
    """Unload Hypothesis's plugin when no collected test uses Hypothesis.

    Its terminal summary imports the whole of Hypothesis (~0.2 s; ~0.9 s where bytecode is
    not cached), a cost every `pytest testcases` run would pay for nothing.
    """
    if not any(
        getattr(getattr(item, "obj", None), "is_hypothesis_test", False) for item in session.items
    ):
        session.config.pluginmanager.set_blocked("hypothesispytest")
