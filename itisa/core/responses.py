"""What an API operation may answer besides success, declared once per route for the OpenAPI document.

Every route lists the refusals it can actually give::

    @router.post("/bodies/{body_id}/rules", response={201: RulesOut, **errors(401, 403, 404, 409, 422)})

All of them have one body, :class:`ErrorOut` (see ``itisa.api.errors`` for the status of each code).
Domain apps import this from ``core`` because they may not import ``itisa.api`` (layers).
"""

from __future__ import annotations

from ninja import Schema

from itisa.core.errors import ErrorCode


class ErrorOut(Schema):
    """The error shape every endpoint answers with when it refuses."""

    code: ErrorCode
    message: str
    fields: dict[str, list[str]]


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """``errors(401, 404)`` → ``{401: ErrorOut, 404: ErrorOut}``, to spread into ``response={...}``."""
    bad = [s for s in statuses if not 400 <= s < 600]
    if bad:
        raise ValueError(f"not error statuses: {bad}")
    return {s: ErrorOut for s in statuses}
