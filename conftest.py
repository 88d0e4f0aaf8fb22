"""Registers the nornir_arpha pytest plugin when the suite runs from a checkout."""

pytest_plugins = ["nornir_arpha.pytest_plugin"]
