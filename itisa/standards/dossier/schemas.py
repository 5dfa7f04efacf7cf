"""The dossier section ``standards`` (format 1.6) as Pydantic models. See docs/standards.md, "Dossier".

A standard is identified within its alliance by its code (``S0001``). Organisations are named by credit
code (they travel in ``organisations``), the project by its code (in ``projects``), results by their codes
(in ``results``), a round's motion by (body, number) (in ``bodies[].motions``). Accounts do not travel:
who acted is the username recorded when it happened. A declaration that corrects another names it by its
position in the round's list (``supersedes``), which comes before it.
"""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, Field

from itisa.dossier.base import Strict
from itisa.dossier.governance_schemas import MotionRefDoc
from itisa.standards.choices import DraftingRole, Level, LicensingPosition, RoundOutcome, Stage

USERNAME = "Username of who acted, recorded when it happened."


class StandardStageChangeDoc(Strict):
    """One move of a standard's stage (the first row is its proposal)."""

    at: AwareDatetime
    old_status: Stage | None = None
    new_status: Stage
    by: str | None = Field(default=None, max_length=150, description="Username; null for the system.")
    comment: str = ""


class DraftingMemberDoc(Strict):
    organisation: str = Field(description="Credit code of an active member.")
    role: DraftingRole
    by: str = Field(min_length=1, max_length=150, description=USERNAME)
    at: AwareDatetime


class IprDeclarationDoc(Strict):
    """A drafting member's IPR disclosure and licensing declaration (written once)."""

    organisation: str = Field(description="Credit code of a drafting member.")
    holds_essential: bool
    patents: list[str] = Field(default=[], description="CNIPA numbers of the essential patents.")
    licensing: LicensingPosition
    document_ref: str = Field(default="", max_length=200)
    note: str = ""
    supersedes: int | None = Field(
        default=None, ge=0, description="Index in this round of the one it corrects."
    )
    by: str = Field(min_length=1, max_length=150, description=USERNAME)
    at: AwareDatetime


class VoteRoundDoc(Strict):
    """A round of declarations before a vote of the decision body on moving to ``target``."""

    seq: int = Field(ge=1)
    target: Stage
    outcome: RoundOutcome
    motion: MotionRefDoc | None = None
    opened_by: str = Field(min_length=1, max_length=150, description=USERNAME)
    opened_at: AwareDatetime
    closed_at: AwareDatetime | None = None
    declarations: list[IprDeclarationDoc]


class StandardDoc(Strict):
    """A standard of the alliance with its drafting members, stage history and declaration rounds."""

    code: str = Field(pattern=r"^S[0-9]{4,}$")
    level: Level
    title_zh: str = Field(min_length=1, max_length=200)
    title_en: str = Field(default="", max_length=300)
    committee: str = Field(default="", max_length=200)
    stage: Stage
    published_number: str = Field(default="", max_length=40)
    published_on: dt.date | None = None
    project: str | None = Field(default=None, description="The code of the project (in projects), or null.")
    results: list[str] = Field(default=[], description="Codes of the results (in results) it builds on.")
    is_demo: bool = False
    by: str = Field(min_length=1, max_length=150, description=USERNAME)
    at: AwareDatetime
    drafting_members: list[DraftingMemberDoc] = Field(min_length=1)
    stage_history: list[StandardStageChangeDoc] = Field(min_length=1)
    rounds: list[VoteRoundDoc] = []
