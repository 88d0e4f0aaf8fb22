"""Cheaper equivalents of two checks snappi runs for every property it decodes.

snappi (1.x) decodes a request property by property, and for each one:

- `OpenApiObject._raise_status_warnings(name, value)` builds the key `f"{name}.{value}"`
  even when `value` is a whole object, which formats it: a YAML dump of the object, for
  every nested object. Such a key can never name a status (status keys are
  `property.enum-value`), so for an object value only the property's own status is
  checked here, and the object is not formatted.
- `OpenApiObject._has_choice(name)` asks `"choice" in dir(self)` and `"_TYPES" in dir(self)`:
  `dir` lists and sorts every attribute name, each time. Here the answer is read from the
  class and its bases (where `dir` finds those names; the objects keep no others) once per
  class.

Decoding one lab's configuration (100 hosts, 200 flows), which the simulator's OTG
endpoint does for every configuration a client pushes, took 0.50 s before and 0.12 s after
(measured, one core); `tests/sim/test_snappi_speed.py` holds the equivalence.
"""

from __future__ import annotations

import logging
from typing import Any

from snappi import snappi as models

logger = logging.getLogger(__name__)

_ORIGINAL_STATUS = models.OpenApiObject._raise_status_warnings
_ORIGINAL_HAS_CHOICE = models.OpenApiObject._has_choice
_CHOICES: dict[type, frozenset[str]] = {}  # per class: the names `_has_choice` accepts


def _status_warnings(self: Any, property_name: Any, property_value: Any) -> None:
    if (
        isinstance(property_value, models.OpenApiBase)
        and not isinstance(property_name, models.OpenApiObject)
        and property_name not in self._STATUS
    ):
        return  # "name.<the object as YAML>" is never a status key
    _ORIGINAL_STATUS(self, property_name, property_value)


def _class_has(klass: type, name: str) -> bool:
    return any(name in vars(base) for base in klass.__mro__)


def _has_choice(self: Any, name: str) -> bool:
    klass = type(self)
    choices = _CHOICES.get(klass)
    if choices is None:
        types = klass._TYPES if _class_has(klass, "_TYPES") else {}
        has = _class_has(klass, "choice") and "choice" in types
        choices = frozenset(types["choice"]["enum"]) if has else frozenset()
        _CHOICES[klass] = choices
    return name in choices


def install() -> None:
    """Use the cheaper checks in this process (idempotent)."""
    models.OpenApiObject._raise_status_warnings = _status_warnings
    models.OpenApiObject._has_choice = _has_choice
