"""Forms of the proposal pages; the proposal form builds the service's typed input (``to_input``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.founding.choices import ProposalStatus
from itisa.founding.models import AllianceProposal
from itisa.founding.services import ProposalInput
from itisa.registry.choices import AllianceScope, EmergingIndustry, KeyArea
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
        label=_("Founding organisations"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Unified social credit codes of the founding organisations, one per line; each must be in the registry."),
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
                "host_unit": proposal.host_unit.uscc}  # fmt: skip

    def to_input(self) -> ProposalInput:
        d = self.cleaned_data
        founders = tuple(line.strip() for line in d["founders"].splitlines() if line.strip())
        return ProposalInput(**{k: v or "" for k, v in d.items() if k != "founders"}, founders=founders)


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
