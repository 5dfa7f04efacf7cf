"""API schemas of admission, exit and expulsion."""

import datetime as dt

from ninja import Field, Schema

from itisa.core.inputs import Id


class ApplicationIn(Schema):
    name_zh: str
    uscc: str
    kind: str = Field(description="enterprise | university | research_institute | other")
    ownership: str = Field(default="", description="Enterprises only")
    province: str = Field(description="GB/T 2260 two-digit province code")
    region_code: str
    industry: str = Field(description="GB/T 4754 section letter")
    address: str = ""
    legal_rep_name: str
    contact_name: str
    contact_phone: str
    contact_email: str = ""
    intended_contribution: str
    rank: str = "ordinary"


class MembershipApplicationChangeOut(Schema):
    old_status: str
    new_status: str
    actor_label: str
    at: dt.datetime
    comment: str


class MembershipApplicationOut(Schema):
    id: int
    alliance: str = Field(alias="alliance.code")
    name_zh: str
    uscc: str
    rank: str
    status: str
    submitted_at: dt.datetime
    rejection_reason: str
    intended_contribution: str
    contact_name: str
    motion: int | None = Field(alias="motion_id")
    accession: int | None = Field(alias="accession_id")
    membership: int | None = Field(alias="membership_id")


class MembershipApplicationDetailOut(MembershipApplicationOut):
    history: list[MembershipApplicationChangeOut]

    @staticmethod
    def resolve_history(obj: object) -> list[object]:
        from itisa.membership.selectors import application_history

        return list(application_history(obj))  # type: ignore[arg-type]


class MembershipApplicationFilterIn(Schema):
    status: str = ""
    q: str = ""


class AdmissionCommentIn(Schema):
    comment: str = ""


class AdmissionReasonIn(Schema):
    reason: str = ""


class PutToVoteIn(Schema):
    body_id: Id
    deadline: dt.datetime


class ExitIn(Schema):
    reason: str = ""
    given_on: dt.date | None = None


class ExitOut(Schema):
    id: int
    membership: int = Field(alias="membership_id")
    given_on: dt.date
    effective_on: dt.date
    notice_days: int
    status: str
    reason: str


class ExpelIn(Schema):
    grounds: str
    body_id: Id
    deadline: dt.datetime


class ExpulsionOut(Schema):
    id: int
    membership: int = Field(alias="membership_id")
    grounds: str
    motion: int = Field(alias="motion_id")
    status: str
    rights_end_on: dt.date | None
    confidentiality_continues: bool
    licences_continue: bool
    contributions_refunded: bool
    recovery_claim: str | None

    @staticmethod
    def resolve_recovery_claim(obj: object) -> str | None:
        claim = getattr(obj, "recovery_claim", None) if getattr(obj, "status", "") == "expelled" else None
        return claim.status if claim is not None else None
