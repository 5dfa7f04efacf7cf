"""API schemas of the pilot program."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from itisa.core.inputs import Count, Id


class ItemIn(Schema):
    code: str
    label_zh: str
    label_en: str


class CriterionIn(ItemIn):
    weight: Count


class CallIn(Schema):
    scope: str = Field(default="national", description="national | provincial")
    province: str = Field(default="", description="Two-digit GB/T 2260 province code of a provincial call")
    recommendation_required: bool = Field(
        default=False, description="An application goes to expert review only once recommended"
    )
    title_zh: str
    title_en: str = ""
    opens_on: dt.date
    closes_on: dt.date
    rules: str = Field(default="2008", description="Eligibility rule set code (2008 | 2016)")
    max_pilots: Count
    max_cultivation: Count = Field(description="Zero for a provincial call")
    materials: list[ItemIn] | None = Field(default=None, description="Default checklist when omitted")
    rubric: list[CriterionIn] | None = Field(
        default=None, description="Default rubric when omitted; weights sum to 100"
    )


class CallPatchIn(Schema):
    """The fields of a draft call to replace; those not sent keep their value."""

    title_zh: str | None = None
    title_en: str | None = None
    recommendation_required: bool | None = None
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    rules: str | None = None
    max_pilots: Count | None = None
    max_cultivation: Count | None = None
    materials: list[ItemIn] | None = None
    rubric: list[CriterionIn] | None = None


class CallOut(Schema):
    id: int
    scope: str
    province: str
    recommendation_required: bool
    title_zh: str
    title_en: str
    opens_on: dt.date
    closes_on: dt.date
    rules: str
    materials: list[dict[str, Any]]
    max_pilots: int
    max_cultivation: int
    rubric: list[dict[str, Any]]
    status: str
    published_at: dt.datetime | None


class CallFilterIn(Schema):
    scope: str = Field(default="", description="national | provincial")
    province: str = Field(default="", description="Two-digit province code")


class ApplyIn(Schema):
    alliance: str = Field(description="Alliance short code, e.g. CSA")


class PilotApplicationChangeOut(Schema):
    old_status: str
    new_status: str
    actor_label: str
    at: dt.datetime
    comment: str


class MaterialOut(Schema):
    id: int
    code: str
    kind: str
    original_name: str
    size: int
    sha256: str
    reference: str


class RecommendationOut(Schema):
    id: int
    capacity: str
    recommender: str = Field(alias="recommender_label")
    letter: str
    has_file: bool
    at: dt.datetime

    @staticmethod
    def resolve_has_file(obj: Any) -> bool:
        return bool(obj.letter_file)


class PilotApplicationOut(Schema):
    id: int
    call: int = Field(alias="call_id")
    scope: str = Field(alias="call.scope", description="The call's programme: national | provincial")
    alliance: str = Field(alias="alliance.code")
    status: str
    submitted_at: dt.datetime | None
    eligible: bool | None
    outcome: str = Field(description="Shown once the list is published (always to the office)")
    pilot_from: dt.date | None
    pilot_until: dt.date | None

    @staticmethod
    def resolve_outcome(obj: Any, context: Any) -> str:
        return _decision_visible(obj, context) and obj.outcome or ""


def _decision_visible(obj: Any, context: Any) -> bool:
    from itisa.pilots.choices import ApplicationStatus
    from itisa.pilots.permissions import can_manage_call

    request = (context or {}).get("request")
    return obj.status == ApplicationStatus.PUBLISHED or bool(
        can_manage_call(getattr(request, "auth", None), obj.call)
    )


class PilotApplicationDetailOut(PilotApplicationOut):
    eligibility: dict[str, Any] | None
    decision_reasons: str
    materials: list[MaterialOut]
    recommendations: list[RecommendationOut]
    history: list[PilotApplicationChangeOut]

    @staticmethod
    def resolve_decision_reasons(obj: Any, context: Any) -> str:
        return obj.decision_reasons if _decision_visible(obj, context) else ""

    @staticmethod
    def resolve_materials(obj: Any) -> list[Any]:
        return list(obj.materials.order_by("code"))

    @staticmethod
    def resolve_recommendations(obj: Any) -> list[Any]:
        from itisa.pilots.selectors import recommendations_of

        return list(recommendations_of(obj))

    @staticmethod
    def resolve_history(obj: Any) -> list[Any]:
        from itisa.pilots.selectors import application_history

        return list(application_history(obj))


class PilotApplicationFilterIn(Schema):
    call: Id | None = None
    scope: str = Field(default="", description="Calls of this programme: national | provincial")
    status: str = ""
    q: str = ""
    province: str = ""
    industry: str = ""


class CodeIn(Schema):
    code: str


class PilotTransitionIn(Schema):
    status: str = Field(
        description="formal_check | expert_review | submitted (a resubmitted application back in the queue)"
    )
    comment: str = ""


class PilotCommentIn(Schema):
    comment: str


class ExpertIn(Schema):
    username: str
    name: str
    organisation: str = Field(
        default="", description="Unified social credit code of the expert's organisation"
    )
    specialities: str = ""


class ExpertOut(Schema):
    id: int
    username: str = Field(alias="user.username")
    name: str
    organisation: str | None = Field(default=None, alias="organisation.uscc")
    specialities: str
    active: bool


class AssignIn(Schema):
    expert_id: Id


class AssignmentOut(Schema):
    id: int
    application: int = Field(alias="application_id")
    expert: int = Field(alias="expert_id")
    assigned_at: dt.datetime


class ReviewIn(Schema):
    scores: dict[str, Count]
    comments: dict[str, str] = {}
    summary: str


class ReviewOut(Schema):
    id: int
    assignment: int = Field(alias="assignment_id")
    scores: dict[str, int]
    comments: dict[str, str]
    summary: str
    total: Decimal
    submitted_at: dt.datetime


class ExpertScoreOut(Schema):
    expert: str
    total: Decimal
    deviation: Decimal
    outlier: bool
    scores: dict[str, int]
    comments: dict[str, str]
    summary: str


class ScoresOut(Schema):
    assigned: int
    submitted: int
    mean: Decimal | None
    spread: Decimal | None = Field(description="Highest total minus lowest")
    std_dev: Decimal | None = Field(description="Population standard deviation of the totals")
    outlier_points: Decimal
    reviews: list[ExpertScoreOut]


class DecisionIn(Schema):
    outcome: str = Field(
        description="pilot | cultivation | not_selected; a provincial call: recognised | not_selected"
    )
    reasons: str


class PublishedOut(Schema):
    alliance: str = Field(alias="alliance.code")
    name_zh: str = Field(alias="alliance.name_zh")
    outcome: str
    pilot_from: dt.date | None
    pilot_until: dt.date | None
