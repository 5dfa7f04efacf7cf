"""Forms of the dues pages. They only parse input; the dues services validate and decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.membership.choices import InvoiceStatus, Rank
from itisa.membership.services.dues import DEFAULT_DUE_DAYS, MAX_YEAR, MIN_YEAR
from itisa.ui.forms import MoneyField, StyledForm


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs)


class DuesFilterForm(StyledForm):
    """Year picker, status filter and organisation search of the dues page (GET)."""

    year = _year_field(required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *InvoiceStatus.choices]
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Organisation name, credit code or dues notice number."),
    )


class FeeForm(StyledForm):
    """Set the annual dues of a rank for a year (CNY, to the fen)."""

    year = _year_field()
    rank = forms.ChoiceField(label=_("Rank"), choices=Rank.choices)
    amount = MoneyField(label=_("Annual dues (CNY)"), max_digits=12)


class IssueForm(StyledForm):
    """Issue the year's dues notices: issue and due dates, confirmed in a second step."""

    year = _year_field()
    issued_on = forms.DateField(label=_("Issued on"), widget=_date_widget())
    due_on = forms.DateField(label=_("Payment due on"), widget=_date_widget())
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, year: int | None = None, **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "year": year or today.year,
                "issued_on": today,
                "due_on": today + dt.timedelta(days=DEFAULT_DUE_DAYS),
            },
        )
        super().__init__(*args, **kwargs)


class PaidForm(StyledForm):
    """Record a payment: the date the money arrived and the bank or receipt reference."""

    paid_on = forms.DateField(label=_("Paid on"), widget=_date_widget())
    reference = forms.CharField(
        label=_("Payment reference"),
        required=False,
        max_length=100,
        help_text=_("Bank transfer number or receipt number."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class CancelForm(StyledForm):
    """Cancel a dues notice: the reason, confirmed in a second step."""

    reason = forms.CharField(label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 3}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
