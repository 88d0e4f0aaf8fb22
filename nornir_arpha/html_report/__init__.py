"""The run's one-file HTML report (`page`) with a timeline picture per failover
(`timeline`)."""

from __future__ import annotations

from nornir_arpha.html_report.page import render, write_report

__all__ = ["render", "write_report"]
