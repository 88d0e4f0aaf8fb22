"""The simulator package loads its parts on first use."""

from __future__ import annotations

import subprocess
import sys


def test_checking_defect_names_does_not_load_the_ssh_server() -> None:
    """The pytest plugin checks `--sim-defect` names on every run, also against real labs."""
    probe = (
        "import sys; import nornir_arpha.provision as l; l.defect_error(['counters-frozen']); "
        "print(sorted(m for m in ('asyncssh', 'nornir_arpha.sim.server') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_package_names_still_resolve() -> None:
    import nornir_arpha.sim as sim
    from nornir_arpha.sim.server import Credentials
    from nornir_arpha.sim.sim_lab import SimLab

    assert sim.SimLab is SimLab and sim.Credentials is Credentials
    assert all(getattr(sim, name) is not None for name in sim.__all__)
