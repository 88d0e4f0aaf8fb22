"""The simulator's cheaper snappi checks (`sim/otg/snappi_speed.py`) answer as snappi's own:
every model's choices, the deprecation warnings, and a decoded configuration."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest
import snappi
from snappi import snappi as models

from nornir_arpha.sim.otg import snappi_speed

MODELS = [
    klass
    for _, klass in inspect.getmembers(models, inspect.isclass)
    if issubclass(klass, models.OpenApiObject) and klass is not models.OpenApiObject
]


@pytest.fixture
def snappis_own() -> Iterator[None]:
    """snappi's own checks for the test's duration, the cheaper ones again after it."""
    models.OpenApiObject._raise_status_warnings = snappi_speed._ORIGINAL_STATUS
    models.OpenApiObject._has_choice = snappi_speed._ORIGINAL_HAS_CHOICE
    yield
    snappi_speed.install()


def test_every_model_has_the_same_choices(snappis_own: None) -> None:
    assert len(MODELS) > 500
    for klass in MODELS:
        instance = klass()
        enum = getattr(klass, "_TYPES", {}).get("choice", {}).get("enum", [])
        for name in [*enum, "choice", "not_a_choice"]:
            assert snappi_speed._has_choice(instance, name) == instance._has_choice(name), (
                klass.__name__,
                name,
            )


@pytest.mark.parametrize(
    ("name", "warns"),
    [("egress_packet", True), ("tx_rx", False)],
    ids=["property-under-review", "plain-property"],
)
def test_an_object_property_warns_as_snappi_does(
    name: str, warns: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    flow, value = snappi.Flow(), snappi.Api().config().flows  # any object value
    snappi_speed._ORIGINAL_STATUS(flow, name, value)
    own = capsys.readouterr().err
    snappi_speed._status_warnings(flow, name, value)
    assert capsys.readouterr().err == own
    assert ("under_review" in own) == warns


def test_a_configuration_decodes_the_same() -> None:
    config = snappi.Api().config()
    config.ports.port(name="p1", location="eth1")
    for n in range(20):
        device = config.devices.device(name=f"d{n}")[-1]
        device.ethernets.add(
            name=f"e{n}", mac=f"00:00:00:00:00:{n:02x}"
        ).connection.port_name = "p1"
        flow = config.flows.flow(name=f"f{n}")[-1]
        flow.tx_rx.device.tx_names, flow.tx_rx.device.rx_names = [f"e{n}"], [f"e{n}"]
        flow.rate.pps = 10
    body = config.serialize()
    snappi_speed.install()
    cheaper = snappi.Config().deserialize(body).serialize()
    models.OpenApiObject._raise_status_warnings = snappi_speed._ORIGINAL_STATUS
    models.OpenApiObject._has_choice = snappi_speed._ORIGINAL_HAS_CHOICE
    try:
        own = snappi.Config().deserialize(body).serialize()
    finally:
        snappi_speed.install()
    assert cheaper == own == body
