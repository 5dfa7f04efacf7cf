"""The dossier section ``pilot_applications`` (format 1.3) as Pydantic models. See docs/dossier.md.

An application is identified within its alliance by its call; the call travels embedded, by its
natural key (``title_zh``, ``opens_on``) and its content. Accounts do not travel: who acted is the
username recorded when it happened (history rows, recommenders); an expert is named by name and
organisation. Uploaded PDFs travel as base64 with their size and SHA-256, verified on import.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AwareDatetime, Field, WithJsonSchema

from itisa.dossier.base import Strict
from itisa.pilots.choices import (
    ApplicationStatus,
    CallStatus,
    MaterialKind,
    Outcome,
    RecommenderCapacity,
)

USERNAME = "Username recorded when it happened; null for the system. Import keeps it as a label."
SHA256 = r"^([0-9a-f]{64})?$"
BASE64 = "base64 of the PDF file"

# The admission applications of 1.2 have an enum named ApplicationStatus too: the pilot program's is
# given its own name in the JSON Schema, so that the earlier definition keeps its name.
PilotStatus = Annotated[
    ApplicationStatus,
    WithJsonSchema(
        {
            "title": "PilotApplicationStatus",
            "description": "Pilot application: draft → submitted → formal check → expert review → decided → "
            "published (returned and resubmitted for corrections).",
            "enum": list(ApplicationStatus.values),
            "type": "string",
        }
    ),
]


class CallMaterialDoc(Strict):
    """One item of a call's materials checklist."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    label_zh: str = Field(min_length=1)
    label_en: str = Field(min_length=1)


class RubricCriterionDoc(CallMaterialDoc):
    """One criterion of a call's scoring rubric; the weights of a rubric add up to 100."""

    weight: int = Field(ge=1, le=100)


class CallDoc(Strict):
    """A call for pilots (Art. 7), identified by (title_zh, opens_on); the same in every dossier naming it."""

    title_zh: str = Field(min_length=1, max_length=200)
    title_en: str = Field(default="", max_length=300)
    opens_on: dt.date
    closes_on: dt.date
    rules: str = Field(
        min_length=1, max_length=10, description="The dated eligibility rule set, e.g. 2008 or 2016."
    )
    materials: list[CallMaterialDoc]
    max_pilots: int = Field(ge=0)
    max_cultivation: int = Field(ge=0)
    rubric: list[RubricCriterionDoc]
    status: CallStatus
    published_at: AwareDatetime | None = Field(default=None, description="Published calls only.")
    is_demo: bool = False


class PilotStatusChangeDoc(Strict):
    """One move of a pilot application."""

    at: AwareDatetime
    old_status: PilotStatus | None = None
    new_status: PilotStatus
    by: str | None = Field(default=None, max_length=150, description=USERNAME)
    comment: str = ""


class MaterialDoc(Strict):
    """One item of the checklist as supplied: an uploaded PDF (with its bytes) or a platform reference."""

    code: str = Field(min_length=1, max_length=40, description="Code of an item of the call's checklist.")
    kind: MaterialKind
    original_name: str = Field(default="", max_length=200)
    size: int = Field(default=0, ge=0, description="Bytes of the uploaded file.")
    sha256: str = Field(
        default="", pattern=SHA256, description="SHA-256 of the uploaded file, lower-case hex."
    )
    reference: str = Field(default="", max_length=300, description="Where the platform holds it (generated).")
    added_at: AwareDatetime
    content: str | None = Field(default=None, description=f"{BASE64} (uploads only).")


class RecommendationDoc(Strict):
    """A competent officer's recommendation, identified by the recommender within the application."""

    recommender: str = Field(min_length=1, max_length=150, description=USERNAME)
    capacity: RecommenderCapacity
    letter: str = Field(min_length=1)
    letter_sha256: str = Field(default="", pattern=SHA256, description="SHA-256 of the signed letter (PDF).")
    letter_content: str | None = Field(default=None, description=f"{BASE64}: the signed letter, if any.")
    at: AwareDatetime


class ExpertDoc(Strict):
    """An expert of the national office's pool, named by name and organisation (accounts do not travel)."""

    name: str = Field(min_length=1, max_length=100)
    organisation: str | None = Field(
        default=None, description="Credit code of an organisation in the dossier."
    )
    specialities: str = Field(default="", max_length=300)


class ReviewDoc(Strict):
    """An expert assigned to the application and, once submitted, the review (scores 0–100 per criterion
    of the call's rubric, comments, overall opinion, weighted total). Not submitted yet: ``submitted_at``,
    ``scores`` and ``total`` are null."""

    expert: ExpertDoc
    assigned_at: AwareDatetime
    scores: dict[str, int] | None = Field(default=None, description="Criterion code → score 0–100.")
    comments: dict[str, str] = Field(default_factory=dict, description="Criterion code → comment.")
    summary: str = ""
    total: str | None = Field(
        default=None, pattern=r"^[0-9]{1,3}\.[0-9]{2}$", description="Weighted total, a decimal as a string."
    )
    submitted_at: AwareDatetime | None = None


class PilotApplicationDoc(Strict):
    """An alliance's application to a call for pilots (Art. 7, 8), identified by its call, with its
    history, materials, recommendations and (for the national office only) expert reviews."""

    call: CallDoc
    status: PilotStatus
    submitted_at: AwareDatetime | None = None
    eligibility: dict[str, Any] | None = Field(
        default=None, description="The eligibility report frozen at the last submission."
    )
    eligible: bool | None = None
    # format 1.x exports the national pilot program only (dossier/section.py): never ``recognised``
    outcome: Outcome | None = None
    decision_reasons: str = ""
    decided_at: AwareDatetime | None = None
    pilot_from: dt.date | None = None
    pilot_until: dt.date | None = None
    is_demo: bool = False
    status_history: list[PilotStatusChangeDoc]
    materials: list[MaterialDoc]
    recommendations: list[RecommendationDoc]
    reviews: list[ReviewDoc] = Field(
        default_factory=list,
        description=(
            "Expert assignments and reviews: exported for the national office and the command line only; "
            "empty for anyone else (an alliance never sees reviews)."
        ),
    )
