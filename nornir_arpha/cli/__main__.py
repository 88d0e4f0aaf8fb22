"""`python -m nornir_arpha.cli`: the `arpha` command (used by `arpha sim --detach`)."""

from __future__ import annotations

from nornir_arpha.cli import main

main()
