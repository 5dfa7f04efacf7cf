"""The base of the services' typed inputs: what a create or update service may be given.

A service takes one of these (``data=``), never a ``values`` dict. The model types and carries the
values; the service still checks them (required fields, choices, cross-field rules) and refuses with
field errors, so views and the API show the same messages. One type serves both create and update:
an update changes only the fields that were given (``model_fields_set``, through ``given()``), like a
PATCH. Unknown fields are refused when the input is built (``extra="forbid"``).

Every input obeys ``core.values`` whoever builds it (a form, the API, a command, the demo): text is
stripped of whitespace and invisible characters at both ends (so a name of a zero-width space is blank,
and the service's "required" check refuses it), and text that cannot be stored (NUL, lone surrogates)
or a date outside the bounds is refused with a ``DomainError`` naming the field.
"""

from __future__ import annotations

from typing import Annotated, Any, Self

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, model_validator

from itisa.core.errors import DomainError
from itisa.core.values import BIGINT_MAX, EARLIEST_DAY, INT_MAX, LATEST_DAY, strip_text, value_problems

# Integers from outside, bounded by the columns they go to, so that the API refuses (422) and documents
# what the database could not hold, on SQLite and PostgreSQL alike (``core.values.integer_problem`` is
# the backstop for any integer not typed with one of these):
Id = Annotated[int, Field(ge=1, le=BIGINT_MAX, description="A row's id")]
Count = Annotated[int, Field(ge=0, le=INT_MAX)]  # a PositiveIntegerField (32 bits on PostgreSQL)
Year = Annotated[int, Field(ge=EARLIEST_DAY.year, le=LATEST_DAY.year)]  # the dates' bounds


class ServiceInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    @model_validator(mode="before")
    @classmethod
    def _strip_text(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: strip_text(v) if isinstance(v, str) else v for k, v in data.items()}
        return data

    @model_validator(mode="after")
    def _refuse_bad_values(self) -> Self:
        # a DomainError is not a ValueError: pydantic lets it through to the caller as it is
        problems = value_problems(self)
        if problems:
            raise DomainError(_("Please correct the errors below."), fields=problems)
        return self

    def given(self) -> dict[str, Any]:
        """The fields that were given, with their values."""
        return {f: getattr(self, f) for f in self.model_fields_set}


def refuse_bad_values(**values: Any) -> None:
    """For services that take plain arguments: refuse (``DomainError`` naming the fields) text that
    cannot be stored and dates outside ``core.values``' bounds, anywhere in ``values``."""
    problems = value_problems(values)
    if problems:
        raise DomainError(_("Please correct the errors below."), fields=problems)
