"""The OpenAPI document as the API behaves: which operations the public may call without logging in.

Every operation accepts a token or a logged-in session (``components.securitySchemes``). Reads that the
public may make too (``auth=PUBLIC``: the selectors scope them to an anonymous viewer) also list the empty
requirement ``{}``, OpenAPI's way of saying "no credentials needed"; a token or a session there only
widens what the answer shows. An operation without ``{}`` answers 401 to a request without credentials.
"""

from __future__ import annotations

from typing import Any

from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from itisa.accounts.api import anonymous

# the requirement that needs no credentials
NO_CREDENTIALS: dict[str, list[str]] = {}


def is_public(operation: Operation) -> bool:
    """Whether the operation answers an anonymous client (its auth list ends with ``anonymous``)."""
    return any(callback is anonymous for callback in operation.auth_callbacks)


class ItisaOpenAPISchema(OpenAPISchema):
    """Ninja's document, with the public operations marked by the empty security requirement."""

    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        security = super().operation_security(operation) or []
        return [NO_CREDENTIALS, *security] if is_public(operation) else security or None
