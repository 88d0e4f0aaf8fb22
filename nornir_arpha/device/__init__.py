"""The device layer, layered like scrapli: transport → session → VRP config session.

- `transport`: the scrapli `nodelay` transport (paramiko + TCP_NODELAY) with its operation
  watchdog;
- `session`: one kept SSH session per PE, reconnect-once, one operation at a time, and the
  one-line errors of a PE that cannot be reached;
- `vrp`: display commands and the two-stage-commit `ConfigSession`;
- `inventory`: the one way into Nornir (`ArphaInventory`, `open_nornir`).
"""
