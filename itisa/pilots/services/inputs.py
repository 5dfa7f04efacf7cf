"""Typed inputs of the pilot-program services: what a call may be given.

``call_create`` and ``call_update`` take a ``CallInput``; an update replaces only the fields that were
given (``given()``). The model carries the values; ``calls._clean`` checks them and refuses with the
field errors the views and the API show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import field_validator

from itisa.core.inputs import ServiceInput


class CallInput(ServiceInput):
    """A call: its programme (national, or provincial with the province), title, window, rule set code,
    maxima, whether a recommendation is required, materials checklist and rubric (``None``: the
    defaults)."""

    scope: str = "national"
    province: str = ""
    recommendation_required: bool = False
    title_zh: str = ""
    title_en: str = ""
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    rules: str = ""
    max_pilots: int | None = None
    max_cultivation: int | None = None
    materials: list[dict[str, Any]] | None = None
    rubric: list[dict[str, Any]] | None = None

    @field_validator("title_zh", "title_en", "rules", "scope", "province", mode="before")
    @classmethod
    def _none_is_blank(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("recommendation_required", mode="before")
    @classmethod
    def _none_is_no(cls, value: Any) -> Any:
        # the API's PATCH may send null: "no recommendation required", as an unticked box says
        return False if value is None else value
