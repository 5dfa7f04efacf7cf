"""Typed inputs of the registry services: what an organisation or an alliance record may be given.

One type serves both create and update: an update changes only the fields that were given
(``model_fields_set``), like a PATCH; a field given as ``None`` is cleared. Views, the API, the
demo loader and the admission of a new member build these from their own input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import field_validator

from itisa.core.inputs import ServiceInput
from itisa.registry.models import Organisation


class OrganisationInput(ServiceInput):
    """An organisation's record and its legal representative (``legal_rep_*``, given or not)."""

    name_zh: str = ""
    name_en: str = ""
    uscc: str = ""
    kind: str = ""
    ownership: str = ""
    province: str = ""
    region_code: str = ""
    address: str = ""
    industry: str = ""
    legal_rep_name_zh: str = ""
    legal_rep_name_en: str = ""
    legal_rep_title: str = ""
    legal_rep_phone: str = ""
    legal_rep_email: str = ""

    @field_validator("*", mode="before")
    @classmethod
    def _none_is_blank(cls, value: Any) -> Any:
        return "" if value is None else value


class AllianceInput(ServiceInput):
    """An alliance's record (not its status: see ``alliance_change_status``)."""

    code: str = ""
    name_zh: str = ""
    name_en: str = ""
    short_name_zh: str = ""
    short_name_en: str = ""
    key_area: str = ""
    emerging_industry: str = ""
    industry: str = ""
    scope: str = ""
    province: str = ""
    founded_on: dt.date | None = None
    host_unit: Organisation | None = None
    website: str = ""

    @field_validator(
        "code",
        "name_zh",
        "name_en",
        "short_name_zh",
        "short_name_en",
        "key_area",
        "emerging_industry",
        "industry",
        "scope",
        "province",
        "website",
        mode="before",
    )
    @classmethod
    def _none_is_blank(cls, value: Any) -> Any:
        return "" if value is None else value
