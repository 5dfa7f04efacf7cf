"""Forms of the financing pages; each builds the service's typed input (``to_input``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.values import EARLIEST_DAY, LATEST_DAY
from itisa.financing.choices import Channel, Decision, InstitutionKind, NeedStatus
from itisa.financing.services import (
    DrawdownInput,
    LineInput,
    NeedInput,
    RecommendationInput,
    RepaymentInput,
    ResponseInput,
)
from itisa.ui.forms import MoneyField, StyledForm

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def _id(value: Any) -> int | None:
    return int(value) if value else None


class NeedFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *NeedStatus.choices], required=False
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All channels")), *Channel.choices], required=False
    )
    year = forms.IntegerField(
        label=_("Year"), min_value=EARLIEST_DAY.year, max_value=LATEST_DAY.year, required=False
    )
    q = forms.CharField(required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("status", "channel"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["year"].widget.attrs.update({"class": "form-control", "placeholder": _("Year")})

    def filters(self) -> dict[str, Any]:
        d = getattr(self, "cleaned_data", {})
        return {"status": d.get("status") or "", "channel": d.get("channel") or "", "year": d.get("year"),
                "q": d.get("q") or ""}  # fmt: skip


class NeedForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Member"), required=False)
    project = forms.ChoiceField(label=_("Project"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    amount = MoneyField(label=_("Amount sought (CNY)"), max_digits=16)
    purpose_zh = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: Any, members: list[tuple[str, str]], projects: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—"), *members]  # type: ignore[attr-defined]
        self.fields["project"].choices = [("", "—"), *projects]  # type: ignore[attr-defined]
        if not projects:
            del self.fields["project"]

    def to_input(self) -> NeedInput:
        d = self.cleaned_data
        return NeedInput(organisation=_id(d.get("organisation")), project=_id(d.get("project")), channel=d["channel"],
                         amount=d["amount"], purpose_zh=d["purpose_zh"])  # fmt: skip


class RecommendationForm(StyledForm):
    recommend = forms.TypedChoiceField(
        label=_("The alliance"), coerce=lambda v: v == "yes",
        choices=[("yes", _("recommends the need")), ("no", _("does not recommend it"))],
    )  # fmt: skip
    letter_ref = forms.CharField(label=_("Letter reference"), max_length=200)
    reason_zh = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def to_input(self) -> RecommendationInput:
        d = self.cleaned_data
        return RecommendationInput(
            recommend=d["recommend"], letter_ref=d["letter_ref"], reason_zh=d["reason_zh"]
        )


class ResponseForm(StyledForm):
    institution = forms.CharField(label=_("Institution"), max_length=200)
    institution_kind = forms.ChoiceField(label=_("Kind of institution"), choices=InstitutionKind.choices)
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    amount_offered = MoneyField(label=_("Amount offered (CNY)"), max_digits=16, required=False)
    rate_percent = MoneyField(label=_("Rate (% a year)"), max_digits=6, decimal_places=3, required=False)
    terms_zh = forms.CharField(label=_("Terms"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    responded_on = forms.DateField(label=_("Responded on"), **DATE)  # type: ignore[arg-type]

    def to_input(self) -> ResponseInput:
        d = self.cleaned_data
        return ResponseInput(
            institution=d["institution"], institution_kind=d["institution_kind"], decision=d["decision"],
            amount_offered=d.get("amount_offered"), rate_percent=d.get("rate_percent"),
            terms_zh=d.get("terms_zh") or "", responded_on=d["responded_on"],
        )  # fmt: skip


class ConfirmForm(StyledForm):
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class LineForm(StyledForm):
    institution = forms.CharField(label=_("Institution"), max_length=200)
    institution_kind = forms.ChoiceField(label=_("Kind of institution"), choices=InstitutionKind.choices)
    borrower = forms.ChoiceField(label=_("Borrower"), required=False)
    limit = MoneyField(label=_("Limit (CNY)"), max_digits=16)
    starts_on = forms.DateField(label=_("Term from"), **DATE)  # type: ignore[arg-type]
    ends_on = forms.DateField(label=_("Term until"), **DATE)  # type: ignore[arg-type]
    fund = forms.ChoiceField(label=_("Ledger fund"), required=False)
    project = forms.ChoiceField(label=_("Project"), required=False)
    need = forms.ChoiceField(label=_("Financing need"), required=False)

    def __init__(self, *args: Any, members: list[tuple[str, str]], funds: list[tuple[str, str]],
                 projects: list[tuple[str, str]], needs: list[tuple[str, str]], **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["borrower"].choices = [("", _("The alliance itself")), *members]  # type: ignore[attr-defined]
        for name, choices in (("fund", funds), ("project", projects), ("need", needs)):
            self.fields[name].choices = [("", "—"), *choices]  # type: ignore[attr-defined]

    def to_input(self) -> LineInput:
        d = self.cleaned_data
        return LineInput(
            institution=d["institution"], institution_kind=d["institution_kind"], borrower=_id(d.get("borrower")),
            limit=d["limit"], starts_on=d["starts_on"], ends_on=d["ends_on"], fund=_id(d.get("fund")),
            project=_id(d.get("project")), need=_id(d.get("need")),
        )  # fmt: skip


class DrawdownForm(StyledForm):
    amount = MoneyField(label=_("Amount (CNY)"), max_digits=16)
    drawn_on = forms.DateField(label=_("Drawn on"), **DATE)  # type: ignore[arg-type]
    due_on = forms.DateField(label=_("Due on"), **DATE)  # type: ignore[arg-type]

    def to_input(self) -> DrawdownInput:
        d = self.cleaned_data
        return DrawdownInput(amount=d["amount"], drawn_on=d["drawn_on"], due_on=d["due_on"])


class RepaymentForm(StyledForm):
    drawdown = forms.TypedChoiceField(label=_("Drawdown"), coerce=int)
    amount = MoneyField(label=_("Amount (CNY)"), max_digits=16)
    repaid_on = forms.DateField(label=_("Repaid on"), **DATE)  # type: ignore[arg-type]

    def __init__(self, *args: Any, drawdowns: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["drawdown"].choices = drawdowns  # type: ignore[attr-defined]

    def to_input(self) -> RepaymentInput:
        d = self.cleaned_data
        return RepaymentInput(amount=d["amount"], repaid_on=d["repaid_on"])
