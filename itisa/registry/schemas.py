"""API schemas of the registry: alliances, their status history, organisations, credit-code checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from itisa.accounts.roles import role_summary
from itisa.core.responses import RecordSchema


class AllianceOut(RecordSchema):
    """An alliance as the API shows it; the host unit is named by its credit code.

    Validates an alliance or its record from ``selectors.alliance_record`` (``host_unit`` already the code).
    """

    code: str
    name_zh: str
    name_en: str
    short_name_zh: str
    short_name_en: str
    key_area: str
    emerging_industry: str
    industry: str
    scope: str
    province: str
    founded_on: dt.date | None
    host_unit: str | None
    website: str
    status: str

    @staticmethod
    def resolve_host_unit(obj: Any) -> str | None:
        return obj.host_unit.uscc if obj.host_unit_id else None


class AllianceFilterIn(Schema):
    """Search text and filters of the alliance list."""

    q: str = ""
    status: str = ""
    scope: str = ""
    province: str = ""
    key_area: str = ""
    emerging_industry: str = ""
    industry: str = ""


class AllianceIn(Schema):
    """A new alliance; ``host_unit`` is an organisation's credit code."""

    code: str
    name_zh: str
    name_en: str = ""
    short_name_zh: str = ""
    short_name_en: str = ""
    key_area: str = ""
    emerging_industry: str = ""
    industry: str
    scope: str
    province: str = ""
    founded_on: dt.date | None = None
    host_unit: str | None = None
    website: str = ""


class AlliancePatch(Schema):
    """Changes to an alliance's record; only the fields sent are changed."""

    code: str | None = None
    name_zh: str | None = None
    name_en: str | None = None
    short_name_zh: str | None = None
    short_name_en: str | None = None
    key_area: str | None = None
    emerging_industry: str | None = None
    industry: str | None = None
    scope: str | None = None
    province: str | None = None
    founded_on: dt.date | None = None
    host_unit: str | None = None
    website: str | None = None


class AllianceTransitionIn(Schema):
    """A status move with its comment."""

    status: str
    comment: str = ""


class AllianceStatusChangeOut(Schema):
    """One row of an alliance's status history."""

    old_status: str
    new_status: str
    by: str | None
    at: dt.datetime
    comment: str

    @staticmethod
    def resolve_by(obj: Any, context: Any) -> str | None:
        """Who made the change: shown to role holders only (officers' usernames are not public)."""
        request = (context or {}).get("request")
        if not role_summary(getattr(request, "user", None)).has_any_role:
            return None
        return obj.actor_label or None


class LegalRepresentativeOut(Schema):
    """An organisation's legal representative; contact fields are null when the viewer may not see them."""

    name_zh: str
    name_en: str
    title: str
    phone: str | None = None
    email: str | None = None


class OrganisationOut(Schema):
    """An organisation (member unit) in lists: no contact details."""

    uscc: str
    name_zh: str
    name_en: str
    kind: str
    ownership: str
    province: str
    region_code: str
    address: str
    industry: str


class OrganisationDetailOut(OrganisationOut):
    """One organisation with its legal representative."""

    uscc_confirmed_reason: str
    legal_representative: LegalRepresentativeOut | None


class OrganisationFilterIn(Schema):
    """Search text and filters of the organisation list."""

    q: str = ""
    kind: str = ""
    province: str = ""


class OrganisationIn(Schema):
    """A new organisation with its legal representative.

    ``uscc_confirmation_reason`` accepts a code that fails only its check character (officers only).
    """

    name_zh: str
    name_en: str = ""
    uscc: str
    kind: str
    ownership: str = ""
    province: str
    region_code: str
    address: str = ""
    industry: str
    legal_rep_name_zh: str | None = None
    legal_rep_name_en: str | None = None
    legal_rep_title: str | None = None
    legal_rep_phone: str | None = None
    legal_rep_email: str | None = None
    uscc_confirmation_reason: str = ""


class OrganisationPatch(Schema):
    """Changes to an organisation's record; only the fields sent are changed."""

    name_zh: str | None = None
    name_en: str | None = None
    uscc: str | None = None
    kind: str | None = None
    ownership: str | None = None
    province: str | None = None
    region_code: str | None = None
    address: str | None = None
    industry: str | None = None
    legal_rep_name_zh: str | None = None
    legal_rep_name_en: str | None = None
    legal_rep_title: str | None = None
    legal_rep_phone: str | None = None
    legal_rep_email: str | None = None
    uscc_confirmation_reason: str = ""


class UsccCheckOut(Schema):
    """The result of checking a unified social credit code."""

    code: str
    status: str
    failure: str | None
    expected: str | None
    message: str
