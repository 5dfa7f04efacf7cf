"""Forms of the proposal pages; the proposal form builds the service's typed input (``to_input``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.founding.choices import ProposalStatus
from itisa.founding.models import AllianceProposal
from itisa.founding.services import NewFounderInput, ProposalInput
from itisa.registry.choices import AllianceScope, EmergingIndustry, KeyArea, OrganisationKind, Ownership
from itisa.ui.forms import StyledForm

BLANK = [("", "—")]


class ProposalForm(StyledForm):
    code = forms.CharField(
        label=_("Short code"), max_length=20, help_text=_("Upper-case letters, digits and hyphens, e.g. CSA.")
    )
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    scope = forms.ChoiceField(label=_("Scope"), choices=AllianceScope.choices)
    province = forms.ChoiceField(label=_("Province"), choices=[*BLANK, *Province.choices], required=False,
                                 help_text=_("For a regional alliance, the province whose pillar industry it serves (Art. 12)."))  # fmt: skip
    industry = forms.ChoiceField(label=_("Industry"), choices=Industry.choices)
    key_area = forms.ChoiceField(
        label=_("Key area of the national plan"), choices=[*BLANK, *KeyArea.choices], required=False
    )
    emerging_industry = forms.ChoiceField(label=_("Strategic emerging industry"),
                                          choices=[*BLANK, *EmergingIndustry.choices], required=False)  # fmt: skip
    founders = forms.CharField(
        label=_("Founding organisations in the registry"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text=_("Unified social credit codes of the founding organisations already in the registry, one per line. "
                    "Describe the others under the new founding organisations below."),
    )  # fmt: skip
    host_unit = forms.CharField(label=_("Host unit's credit code"), max_length=18,
                                help_text=_("One of the founding organisations."))  # fmt: skip
    contact_name = forms.CharField(label=_("Contact name"), max_length=100)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40)
    contact_email = forms.CharField(label=_("Contact e-mail"), max_length=254)
    purpose = forms.CharField(
        label=_("Statement of purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )

    @classmethod
    def initial_of(cls, proposal: AllianceProposal) -> dict[str, Any]:
        """The form's values for an existing proposal."""
        fields = [f for f in cls.base_fields if f not in ("founders", "host_unit")]
        return {**{f: getattr(proposal, f) for f in fields},
                "founders": "\n".join(o.uscc for o in proposal.founders.all()),
                "host_unit": proposal.host_code()}  # fmt: skip

    def to_input(self, new_founders: tuple[NewFounderInput, ...] = ()) -> ProposalInput:
        d = self.cleaned_data
        founders = tuple(line.strip() for line in d["founders"].splitlines() if line.strip())
        return ProposalInput(**{k: v or "" for k, v in d.items() if k != "founders"}, founders=founders,
                             new_founders=new_founders)  # fmt: skip


class NewFounderForm(StyledForm):
    """One founding organisation not yet in the registry (a blank row is ignored)."""

    uscc = forms.CharField(label=_("Credit code"), max_length=18, required=False)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[*BLANK, *OrganisationKind.choices], required=False)
    ownership = forms.ChoiceField(label=_("Ownership"), choices=[*BLANK, *Ownership.choices], required=False,
                                  help_text=_("Enterprises only."))  # fmt: skip
    province = forms.ChoiceField(label=_("Province"), choices=[*BLANK, *Province.choices], required=False,
                                 help_text=_("By default the province of the credit code's region."))  # fmt: skip

    def to_input(self) -> NewFounderInput | None:
        d = getattr(self, "cleaned_data", {})
        if not any(d.get(f) for f in self.fields):
            return None
        return NewFounderInput(**{f: d.get(f) or "" for f in self.fields})

    @staticmethod
    def initial_of(proposal: AllianceProposal | None) -> list[dict[str, Any]]:
        if proposal is None:
            return []
        return [
            {f: getattr(row, f) for f in NewFounderForm.base_fields} for row in proposal.new_founders.all()
        ]


NewFounderFormSet = forms.formset_factory(NewFounderForm, extra=2, max_num=50, validate_max=True)


def new_founder_formset(request: Any, proposal: AllianceProposal | None) -> Any:
    """The new founders' rows: bound when the post carries them (the page always does); a post without
    them (a script posting the main fields) keeps the proposal's rows as they are."""
    data = request.POST if request.method == "POST" and "new-TOTAL_FORMS" in request.POST else None
    return NewFounderFormSet(data, prefix="new", initial=NewFounderForm.initial_of(proposal))


def new_founders_valid(formset: Any) -> bool:
    return not formset.is_bound or bool(formset.is_valid())


def new_founders_of(formset: Any) -> tuple[NewFounderInput, ...]:
    """The non-blank rows of a valid formset, in order (the initial rows of an unbound one)."""
    if not formset.is_bound:
        return tuple(NewFounderInput(**row) for row in formset.initial or [])
    rows = (form.to_input() for form in formset.forms)
    return tuple(row for row in rows if row is not None)


class ConfirmForm(StyledForm):
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReturnForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in ProposalStatus if s != ProposalStatus.DRAFT]
        + [("all", _("All statuses"))],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["class"] = "form-select"

    def chosen_status(self) -> str:
        """The chosen status (submitted by default; ``""`` for all)."""
        chosen = getattr(self, "cleaned_data", {}).get("status") or ProposalStatus.SUBMITTED
        return "" if chosen == "all" else chosen
