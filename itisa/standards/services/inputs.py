"""Typed inputs of the standards services."""

from __future__ import annotations

import datetime as dt

from itisa.core.inputs import ServiceInput


class StandardInput(ServiceInput):
    """A new standard: level, titles, committee, lead drafting member (organisation id), the alliance's
    R&D project it comes from (id) and its results (ids)."""

    level: str = ""
    title_zh: str = ""
    title_en: str = ""
    committee: str = ""
    lead: int | None = None
    project: int | None = None
    results: list[int] = []


class DrafterInput(ServiceInput):
    """A drafting member (organisation id) and its role."""

    organisation: int | None = None
    role: str = "participant"


class DeclarationInput(ServiceInput):
    """A drafting member's (organisation id) IPR disclosure and licensing declaration."""

    organisation: int | None = None
    holds_essential: bool = False
    patents: list[str] = []
    licensing: str = ""
    document_ref: str = ""
    note: str = ""


class MoveInput(ServiceInput):
    """A move of a standard by hand: the stage, a comment, and the published number and day when published."""

    to: str = ""
    comment: str = ""
    published_number: str = ""
    published_on: dt.date | None = None
