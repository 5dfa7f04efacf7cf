"""The base of the services' typed inputs: what a create or update service may be given.

A service takes one of these (``data=``), never a ``values`` dict. The model types and carries the
values; the service still checks them (required fields, choices, cross-field rules) and refuses with
field errors, so views and the API show the same messages. One type serves both create and update:
an update changes only the fields that were given (``model_fields_set``, through ``given()``), like a
PATCH. Unknown fields are refused when the input is built (``extra="forbid"``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class ServiceInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    def given(self) -> dict[str, Any]:
        """The fields that were given, with their values."""
        return {f: getattr(self, f) for f in self.model_fields_set}
