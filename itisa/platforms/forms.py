"""Forms of the platforms pages; they build the services' typed inputs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.regions import Province
from itisa.platforms.choices import CapacityUnit, PlatformKind, PlatformStatus
from itisa.platforms.selectors import PlatformFilters
from itisa.platforms.services import BookingInput, PlatformInput, UsageInput
from itisa.ui.forms import MoneyField, StyledForm

MOMENT = {
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    "input_formats": ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
}


class PlatformFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *PlatformKind.choices], required=False
    )
    province = forms.ChoiceField(
        label=_("Province"), choices=[("", _("All provinces")), *Province.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *PlatformStatus.choices], required=False
    )
    q = forms.CharField(required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("kind", "province", "status"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def filters(self) -> PlatformFilters:
        """The valid filters (an invalid one is dropped, and shown as the form's error)."""
        d = getattr(self, "cleaned_data", {})
        return PlatformFilters(
            kind=d.get("kind") or "", province=d.get("province") or "", status=d.get("status") or "",
            q=d.get("q") or "",
        )  # fmt: skip


class PlatformForm(StyledForm):
    """A platform of the alliance, hosted by one of its members, with its fee schedule."""

    kind = forms.ChoiceField(label=_("Kind"), choices=PlatformKind.choices)
    name_zh = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    host = forms.ChoiceField(label=_("Host member"))
    province = forms.ChoiceField(label=_("Province"), choices=Province.choices)
    location = forms.CharField(label=_("Location"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    unit = forms.ChoiceField(label=_("Capacity unit"), choices=CapacityUnit.choices)
    open_to_members = forms.BooleanField(label=_("Open to members"), required=False, initial=True)
    member_rate = MoneyField(label=_("Member rate per unit (CNY)"), max_digits=12)
    outside_rate = MoneyField(
        label=_("Outside rate per unit (CNY)"), max_digits=12, required=False,
        help_text=_("Leave empty when the platform is not open to outside users."),
    )  # fmt: skip

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].choices = members  # type: ignore[attr-defined]

    def to_input(self) -> PlatformInput:
        d = self.cleaned_data
        return PlatformInput(
            kind=d["kind"], name_zh=d["name_zh"], name_en=d.get("name_en") or "", host=int(d["host"]),
            province=d["province"], location=d.get("location") or "", description=d.get("description") or "",
            unit=d["unit"], open_to_members=bool(d.get("open_to_members")), member_rate=d["member_rate"],
            outside_rate=d.get("outside_rate"),
        )  # fmt: skip


class BookingForm(StyledForm):
    """A booking for a member the viewer acts for, or (the host or the secretariat) an outside user."""

    organisation = forms.ChoiceField(label=_("Member"), required=False)
    party_name = forms.CharField(label=_("Outside user"), max_length=200, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=500)
    starts_at = forms.DateTimeField(label=_("From"), **MOMENT)  # type: ignore[arg-type]
    ends_at = forms.DateTimeField(label=_("Until"), **MOMENT)  # type: ignore[arg-type]
    samples = forms.IntegerField(label=_("Samples"), min_value=0, max_value=100000, required=False)

    def __init__(self, *args: Any, members: list[tuple[str, str]], outside: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = members  # type: ignore[attr-defined]
        if not outside:
            del self.fields["party_name"]

    def to_input(self) -> BookingInput:
        d = self.cleaned_data
        return BookingInput(
            organisation=int(d["organisation"]) if d.get("organisation") else None,
            party_name=d.get("party_name") or "", purpose=d["purpose"], starts_at=d["starts_at"],
            ends_at=d["ends_at"], samples=d.get("samples") or 0,
        )  # fmt: skip


class DecisionForm(StyledForm):
    """Confirm or decline a requested booking (a reason when declining)."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("confirm", _("Confirm")), ("decline", _("Decline"))]
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ConfirmForm(StyledForm):
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Reason"), max_length=500, required=False)


class UsageForm(StyledForm):
    """What a booking actually used; a correction of a recorded use says why."""

    units_used = MoneyField(label=_("Units used"), max_digits=10)
    samples = forms.IntegerField(label=_("Samples"), min_value=0, max_value=100000, required=False)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500, required=False)

    def to_input(self) -> UsageInput:
        d = self.cleaned_data
        return UsageInput(units_used=d["units_used"], samples=d.get("samples") or 0, outcome=d.get("outcome") or "",
                          reason=d.get("reason") or "")  # fmt: skip


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))
