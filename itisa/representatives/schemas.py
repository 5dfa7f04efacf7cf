"""API schemas of appointed representatives (class names prefixed ``Representative`` to stay unique)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class RepresentativeApplyIn(Schema):
    person: str = Field("", description="Username or e-mail of the person proposed; empty: the caller applies",
                        max_length=254)  # fmt: skip
    statement: str = Field("", description="How the organisation appointed the person", max_length=2000)


class RepresentativeRejectIn(Schema):
    reason: str = Field(description="Why the appointment is rejected (required)", max_length=2000)


class RepresentativeFunctionIn(Schema):
    function: str = Field(
        description="legal_representative, signatory, member_contact, delegate or backup", max_length=30
    )
    person: str = Field(description="Username or e-mail of the person", max_length=254)
    legal_name: str = Field(
        "", description="Legal representative's name as on the business licence", max_length=100
    )


class RepresentativeAppointmentOut(Schema):
    id: int
    organisation: str = Field(description="Unified social credit code")
    user: str
    status: str = Field(description="pending, confirmed, rejected or ended")
    statement: str
    applied_by: str = Field(description="Username; empty for the system")
    applied_at: dt.datetime
    decided_by: str
    decided_at: dt.datetime | None
    reason: str
    ended_at: dt.datetime | None


class RepresentativeNamedOut(Schema):
    function: str
    user: str
    since: dt.datetime
    alliances: list[str] = Field(description="Alliance short codes a role covers; empty for other functions")


class RepresentativeOut(Schema):
    organisation: str
    representative: str = Field(description="Username of the confirmed representative, else empty")
    people: list[RepresentativeNamedOut]
    appointments: list[RepresentativeAppointmentOut]
