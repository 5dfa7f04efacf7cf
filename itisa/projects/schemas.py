"""API schemas of projects. Amounts are strings with two decimals (people-months one), never floats."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from itisa.core.inputs import Count, Id


class ProjectIn(Schema):
    title_zh: str
    title_en: str = ""
    summary_zh: str = ""
    starts_on: dt.date
    ends_on: dt.date
    lead: Id = Field(description="Organisation id of the lead member (an active member)")
    lead_task_zh: str
    lead_money: str = Field("0", description="Committed money in CNY, e.g. 1200000.00")
    lead_people_months: str = Field("0", description="Committed people-months, e.g. 36.5")


class ProjectGoalIn(Schema):
    title_zh: str
    target: str = Field(description="A measurable target, e.g. 光效 ≥ 200 lm/W")
    agreement_goal: str = Field("", description="The title of the effective agreement's goal it serves")


class ProjectParticipantIn(Schema):
    organisation: Id
    task_zh: str
    money: str = "0"
    people_months: str = "0"


class ProjectFundingIn(Schema):
    kind: str = Field(description="government_grant | own_funds | loan")
    fund: Id = Field(description="Fund id in the alliance's book")
    amount: str = Field(description="CNY, e.g. 3000000.00")
    organisation: Id | None = Field(None, description="The member whose own funds (own_funds only)")


class ProjectMilestoneIn(Schema):
    kind: str = "milestone"
    title_zh: str
    starts_on: dt.date
    due_on: dt.date


class ProjectVoteIn(Schema):
    body: Id = Field(description="Id of the decision body the agreement names")
    deadline: dt.datetime


class ProjectMoveIn(Schema):
    to: str = Field(description="running | acceptance | closed | terminated")
    comment: str = ""


class ProjectMilestoneDoneIn(Schema):
    done_on: dt.date
    note: str = ""


class ProjectReviewIn(Schema):
    kind: str = Field(description="midterm | acceptance")


class ProjectAssignIn(Schema):
    expert: Id


class ProjectOpinionIn(Schema):
    score: Count
    verdict: str = Field(description="pass | fail")
    text: str


class ProjectOut(Schema):
    id: int
    alliance: str = Field(alias="alliance.code")
    code: str
    title_zh: str
    title_en: str
    status: str
    starts_on: dt.date
    ends_on: dt.date
    lead: str = Field(alias="lead.uscc")
    lead_name_zh: str = Field(alias="lead.name_zh")


class ProjectGoalOut(Schema):
    title_zh: str
    target: str
    agreement_goal: str


class ProjectParticipantOut(Schema):
    organisation: str
    name_zh: str
    task_zh: str
    money: str | None = Field(description="Only for those who see the project's money")
    people_months: str | None


class ProjectMilestoneOut(Schema):
    id: int
    kind: str
    title_zh: str
    starts_on: dt.date
    due_on: dt.date
    status: str
    done_on: dt.date | None
    evidence: int = Field(description="How many evidence files are attached")


class ProjectFundingOut(Schema):
    kind: str
    fund: str
    amount: str
    organisation: str | None


class ProjectBudgetRowOut(Schema):
    fund: str
    kind: str
    budget: str
    spent: str
    remaining: str


class ProjectBudgetOut(Schema):
    budget: str
    spent: str
    remaining: str
    by_class: dict[str, str] = Field(
        description="Net (debit − credit) of the project's posted postings per class"
    )
    rows: list[ProjectBudgetRowOut]


class ProjectDetailOut(Schema):
    id: int
    alliance: str
    code: str
    title_zh: str
    title_en: str
    status: str
    starts_on: dt.date
    ends_on: dt.date
    lead: str = Field(description="The lead member's credit code")
    lead_name_zh: str
    summary_zh: str
    agreement: str | None
    motion: int | None
    goals: list[ProjectGoalOut]
    participants: list[ProjectParticipantOut]
    milestones: list[ProjectMilestoneOut]
    funding: list[ProjectFundingOut]
    budget: ProjectBudgetOut | None


class ProjectEvidenceOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str


class ProjectReviewOut(Schema):
    id: int
    kind: str
    opened_at: dt.datetime


class ProjectAssignmentOut(Schema):
    id: int
    review: int = Field(alias="round_id")
    expert: str = Field(alias="expert.name")


class ProjectOpinionOut(Schema):
    assignment: int = Field(alias="assignment_id")
    score: int
    verdict: str
    text: str
    submitted_at: dt.datetime
