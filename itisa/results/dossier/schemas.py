"""The dossier sections ``results`` and ``background_ip`` (format 1.5) as Pydantic models. See
docs/dossier.md, "Results (since 1.5)".

A result is identified within its alliance by its code (``R00001``). Organisations are named by credit
code (they travel in ``organisations``), the project by its code (in ``projects``), a funding source by
its fund's name within that project, the agreement version by its number and a resolution by (body,
number). Accounts do not travel: who acted is the username recorded when it happened. Shares are
percentages with two decimals, as strings, adding up to 100.
"""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, Field

from itisa.dossier.base import Strict
from itisa.dossier.governance_schemas import MotionRefDoc
from itisa.results.choices import OwnershipBasis, ResultKind, ResultStatus

USERNAME = "Username recorded when it happened; null when none was (the system, or an older record)."
SHARE = r"^[0-9]{1,3}\.[0-9]{2}$"
SHARE_TEXT = 'A percentage with two decimals, as a string ("60.00").'


class ResultStatusChangeDoc(Strict):
    """One move of a result's status (the first row is its registration)."""

    at: AwareDatetime
    old_status: ResultStatus | None = None
    new_status: ResultStatus
    by: str | None = Field(default=None, max_length=150, description=USERNAME)
    comment: str = ""


class ShareDoc(Strict):
    """A member's share: of the contribution to a result, or of its ownership."""

    organisation: str = Field(description="Credit code of an organisation in the dossier.")
    share: str = Field(pattern=SHARE, description=SHARE_TEXT)


class InventorDoc(Strict):
    """A person who made the result, their organisation (or null) and their share."""

    name: str = Field(min_length=1, max_length=100)
    organisation: str | None = Field(default=None, description="Credit code, or null.")
    share: str = Field(pattern=SHARE, description=SHARE_TEXT)


class OwnershipRecordDoc(Strict):
    """Who owns the result from a moment on and on what basis (write-once; the last one is current)."""

    seq: int = Field(ge=1, description="1 at registration, then one more per recorded change.")
    basis: OwnershipBasis
    agreement: int | None = Field(
        default=None, ge=1, description="Number of the agreement version whose rule applied."
    )
    rule: str = Field(default="", max_length=30, description="The agreement's ip.default_ownership code.")
    motion: MotionRefDoc | None = Field(default=None, description="The resolution that changed the owners.")
    document_ref: str = Field(default="", max_length=200)
    document_on: dt.date | None = None
    reason: str = ""
    by: str | None = Field(default=None, max_length=150, description=USERNAME)
    at: AwareDatetime
    owners: list[ShareDoc] = Field(min_length=1)


class ResultDoc(Strict):
    """A result of the alliance (Art. 5; ownership agreed in advance, Art. 8(5)), identified by its code."""

    code: str = Field(pattern=r"^R[0-9]{5,}$")
    kind: ResultKind
    title_zh: str = Field(min_length=1, max_length=300)
    title_en: str = Field(default="", max_length=300)
    number: str = Field(
        default="",
        max_length=50,
        description="A patent's CNIPA application number (with its check character).",
    )
    status: ResultStatus
    filed_on: dt.date | None = None
    granted_on: dt.date | None = None
    lapsed_on: dt.date | None = None
    project: str | None = Field(default=None, description="The code of the project (in projects), or null.")
    funding: list[str] = Field(description="The funds (name_zh) of the project's funding sources it used.")
    publicly_funded: bool = Field(description="One of its funding sources is a government plan grant.")
    public: bool = False
    is_demo: bool = False
    status_history: list[ResultStatusChangeDoc]
    contributions: list[ShareDoc]
    inventors: list[InventorDoc]
    ownership: list[OwnershipRecordDoc] = Field(min_length=1, description="Every record, by seq.")


class BackgroundIPDoc(Strict):
    """IP a member brings into the alliance with the restrictions on its use (written once)."""

    organisation: str = Field(description="Credit code of the declaring member.")
    kind: ResultKind
    title_zh: str = Field(min_length=1, max_length=300)
    number: str = Field(default="", max_length=50)
    restrictions_zh: str = Field(min_length=1)
    declared_on: dt.date
    by: str = Field(min_length=1, max_length=150, description="Username of who declared it.")
    at: AwareDatetime
