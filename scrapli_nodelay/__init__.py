"""scrapli transport plugin ``nodelay`` (paramiko + TCP_NODELAY), shipped by nornir_arpha.

scrapli imports a non-core transport named ``X`` from ``scrapli_X.transport``; the code lives
in ``nornir_arpha.device.transport``.
"""
