"""Entry point scrapli imports for ``transport="nodelay"``."""

from nornir_arpha.device.transport import NodelayTransport, PluginTransportArgs

__all__ = ["NodelayTransport", "PluginTransportArgs"]
