"""API schemas of invitations (class names prefixed ``Invitation`` to stay unique across the API)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from itisa.invitations.choices import DEFAULT_DAYS, MAX_DAYS, MIN_DAYS


class InvitationIn(Schema):
    email: str
    role: str = Field(description="A role code: council_member, member_contact, provincial_officer, …")
    alliance: str = Field("", description="The alliance's short code (alliance roles)")
    organisation: str = Field(
        "", description="The member's credit code (member contacts, legal representatives)"
    )
    province: str = Field("", description="Two-digit GB/T 2260 code (provincial officers)")
    industry: str = Field("", description="GB/T 4754 section letter (association and ministry officers)")
    department: str = Field("", description="Granting department (government fund supervisors)")
    days: int = Field(DEFAULT_DAYS, ge=MIN_DAYS, le=MAX_DAYS, description="Days the link stays valid")
    language: str = Field("zh-hans", description="Language of the e-mail: zh-hans or en")


class InvitationResendIn(Schema):
    days: int = Field(DEFAULT_DAYS, ge=MIN_DAYS, le=MAX_DAYS)


class InvitationAcceptIn(Schema):
    token: str = Field(description="The secret from the invitation's link (inv_…)", max_length=100)


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    alliance: str
    organisation: str
    province: str
    industry: str
    department: str
    language: str
    status: str = Field(description="pending, expired (pending past expires_at), accepted or revoked")
    invited_by: str = Field(description="The inviter's username; empty for the operator (system)")
    created_at: dt.datetime
    sent_at: dt.datetime
    expires_at: dt.datetime
    accepted_by: str
    accepted_at: dt.datetime | None
    revoked_at: dt.datetime | None
