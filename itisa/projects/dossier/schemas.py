"""The dossier section ``projects`` (format 1.5) as Pydantic models. See docs/dossier.md, "Projects".

A project is identified within its alliance by its code (``P001``). Organisations are named by credit
code (they travel in ``organisations``), a fund by its name in the book (``funds``), the approving
motion by (body, number) and the agreement version by its number. Accounts do not travel: who acted is
the username recorded when it happened. Money is a decimal as a string (CNY, two places); people-months
have one place. Milestone evidence travels as base64 with its size and SHA-256, verified on import,
as the pilot program's uploads do.
"""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, Field

from itisa.dossier.base import Strict
from itisa.dossier.funds_schemas import MONEY
from itisa.dossier.governance_schemas import MotionRefDoc
from itisa.pilots.dossier.schemas import ExpertDoc
from itisa.projects.choices import (
    FundingKind,
    MilestoneKind,
    MilestoneStatus,
    ProjectStatus,
    ReviewKind,
    Verdict,
)

USERNAME = "Username recorded when it happened; null when none was (the system, or an older record)."
PEOPLE_MONTHS = r"^[0-9]{1,7}\.[0-9]$"
SHA256 = r"^[0-9a-f]{64}$"


class ProjectStatusChangeDoc(Strict):
    """One move of a project's status."""

    at: AwareDatetime
    old_status: ProjectStatus | None = None
    new_status: ProjectStatus
    by: str | None = Field(default=None, max_length=150, description=USERNAME)
    comment: str = ""


class ProjectGoalDoc(Strict):
    """A technical goal with its measurable target and the agreement goal it serves (its title, or "")."""

    title_zh: str = Field(min_length=1, max_length=200)
    target: str = Field(min_length=1, max_length=300)
    agreement_goal: str = Field(default="", max_length=200)


class ProjectParticipantDoc(Strict):
    """A member taking part, its task and its committed money (CNY) and people-months."""

    organisation: str = Field(description="Credit code of an organisation in the dossier.")
    task_zh: str = Field(min_length=1)
    money: str = Field(pattern=MONEY, description="CNY, a decimal as a string.")
    people_months: str = Field(pattern=PEOPLE_MONTHS, description="A decimal with one place, as a string.")


class ProjectFundingDoc(Strict):
    """A funding source booked to a fund of the alliance's book (named as in ``funds``)."""

    kind: FundingKind
    fund: str = Field(min_length=1, max_length=200, description="The fund's name_zh in the book.")
    amount: str = Field(pattern=MONEY, description="CNY, a decimal as a string, more than zero.")
    organisation: str | None = Field(
        default=None, description="Members' own funds: whose (a credit code); null otherwise."
    )


class MilestoneEvidenceDoc(Strict):
    """A file that shows a milestone was reached (PDF, JPEG or PNG), with its bytes."""

    original_name: str = Field(min_length=1, max_length=200)
    content_type: str = Field(pattern=r"^(application/pdf|image/jpeg|image/png)$")
    size: int = Field(ge=1)
    sha256: str = Field(pattern=SHA256, description="SHA-256 of the file, lower-case hex.")
    uploaded_by: str | None = Field(default=None, max_length=150, description=USERNAME)
    uploaded_at: AwareDatetime
    content: str = Field(description="base64 of the file")


class MilestoneDoc(Strict):
    """A milestone or deliverable, identified within its project by (title_zh, due_on)."""

    kind: MilestoneKind
    title_zh: str = Field(min_length=1, max_length=200)
    starts_on: dt.date
    due_on: dt.date
    status: MilestoneStatus
    done_on: dt.date | None = Field(default=None, description="Done milestones only.")
    note: str = ""
    evidence: list[MilestoneEvidenceDoc]


class ProjectOpinionDoc(Strict):
    """An expert's opinion: score 0–100, verdict and reasons."""

    score: int = Field(ge=0, le=100)
    verdict: Verdict
    text: str = Field(min_length=1)
    submitted_at: AwareDatetime


class ProjectReviewAssignmentDoc(Strict):
    """An expert assigned to the review, with the opinion once given (null until then)."""

    expert: ExpertDoc
    assigned_by: str | None = Field(default=None, max_length=150, description=USERNAME)
    assigned_at: AwareDatetime
    opinion: ProjectOpinionDoc | None = None


class ProjectReviewDoc(Strict):
    """A mid-term or acceptance review (验收), identified within its project by (kind, opened_at)."""

    kind: ReviewKind
    opened_by: str | None = Field(default=None, max_length=150, description=USERNAME)
    opened_at: AwareDatetime
    passed: bool = Field(
        description="The outcome its opinions give (rules.acceptance_outcome): every assigned expert gave "
        "an opinion and more than half passed the project."
    )
    assignments: list[ProjectReviewAssignmentDoc]


class ProjectDoc(Strict):
    """An alliance R&D project (Art. 5; goals and task division, Art. 8(2)), identified by its code."""

    code: str = Field(pattern=r"^P[0-9]{3,}$")
    title_zh: str = Field(min_length=1, max_length=200)
    title_en: str = Field(default="", max_length=300)
    summary_zh: str = ""
    starts_on: dt.date
    ends_on: dt.date
    lead: str = Field(description="Credit code of the lead member (one of the participants).")
    status: ProjectStatus
    agreement: int | None = Field(
        default=None, ge=1, description="Number of the agreement version whose goals it serves."
    )
    motion: MotionRefDoc | None = Field(default=None, description="The deciding body's motion on it.")
    is_demo: bool = False
    status_history: list[ProjectStatusChangeDoc]
    goals: list[ProjectGoalDoc]
    participants: list[ProjectParticipantDoc]
    funding: list[ProjectFundingDoc]
    milestones: list[MilestoneDoc]
    reviews: list[ProjectReviewDoc]
