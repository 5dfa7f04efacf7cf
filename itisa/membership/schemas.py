"""API schemas of memberships."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from itisa.accounts.roles import role_summary


class MemberOut(Schema):
    """One membership: the organisation (by credit code and name), rank and dates."""

    id: int
    alliance: str
    organisation: str
    organisation_name_zh: str
    organisation_name_en: str
    rank: str
    joined_on: dt.date
    left_on: dt.date | None
    left_reason: str

    @staticmethod
    def resolve_left_reason(obj: Any, context: Any) -> str:
        """Reasons for leaving are internal: shown to role holders only."""
        request = (context or {}).get("request")
        return obj.left_reason if role_summary(getattr(request, "user", None)).has_any_role else ""

    @staticmethod
    def resolve_alliance(obj: Any) -> str:
        return obj.alliance.code

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return obj.organisation.uscc

    @staticmethod
    def resolve_organisation_name_zh(obj: Any) -> str:
        return obj.organisation.name_zh

    @staticmethod
    def resolve_organisation_name_en(obj: Any) -> str:
        return obj.organisation.name_en


class MemberIn(Schema):
    """Admit an organisation (by credit code) with a rank and a joining date."""

    organisation: str
    rank: str
    joined_on: dt.date


class MembershipEndIn(Schema):
    """End a membership on a date, with the reason."""

    left_on: dt.date
    reason: str


class RankIn(Schema):
    """A new rank."""

    rank: str
