"""Case 8: the inter-PE path fails, then comes back."""

from __future__ import annotations

import pytest

from nornir_arpha.suite.path_loss import PathOutage

pytestmark = [pytest.mark.destructive, pytest.mark.usefixtures("hot_backup")]


def test_inter_pe_path_loss_and_restore(path_outage: PathOutage) -> None:
    """Case 8: the first PE's inter-PE port is shut. Both PEs see the RBS drop, each E-Trunk
    goes Master (TIMEOUT), every host's entry stays on both PEs and no traffic is lost.
    After the restore the RBS reconnects, the entries re-sync, the roles follow the
    priorities again and each PE carries its share."""
    with path_outage() as verdict:
        assert verdict.passed, verdict.report()
