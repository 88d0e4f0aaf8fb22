"""OTG error answers: `{"code": 400, "kind": "validation", "errors": [...]}`."""

from __future__ import annotations

import snappi

VALIDATION, INTERNAL = "validation", "internal"


class OtgError(Exception):
    """A request the tester refuses; becomes an OTG `Error` answer.

    Args:
        errors: what is wrong, each naming the field or object
        code: the HTTP status (400: the request is wrong; 500: the tester failed)
        kind: "validation" or "internal"
    """

    def __init__(self, *errors: str, code: int = 400, kind: str = VALIDATION) -> None:
        super().__init__("; ".join(errors))
        self.errors = list(errors)
        self.code = code
        self.kind = kind

    def body(self) -> str:
        """The answer's JSON body, serialized by snappi's own `Error` model."""
        return str(snappi.Error(code=self.code, kind=self.kind, errors=self.errors).serialize())
