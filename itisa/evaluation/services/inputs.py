"""Typed inputs of the evaluation services."""

from __future__ import annotations

import datetime as dt

from itisa.core.inputs import ServiceInput


class CampaignInput(ServiceInput):
    """A campaign: its title, year, window, a deadline per step and the months a B pilot has to rectify."""

    title_zh: str = ""
    title_en: str = ""
    year: int
    opens_on: dt.date
    ends_on: dt.date
    self_evaluation_due: dt.date
    verification_due: dt.date
    panel_due: dt.date
    comments_due: dt.date
    decision_due: dt.date
    rectification_months: int = 6
