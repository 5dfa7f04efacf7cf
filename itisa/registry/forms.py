"""Forms of the registry pages. They only parse input; services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.registry.choices import (
    AllianceScope,
    AllianceStatus,
    EmergingIndustry,
    KeyArea,
    OrganisationKind,
    Ownership,
)
from itisa.registry.services import ORG_FIELDS, PERSON_FIELDS, OrganisationInput
from itisa.ui.forms import StyledForm


def _blank(choices: Any, label: Any = None) -> list[tuple[str, Any]]:
    return [("", label or "—"), *list(choices)]


class AllianceFilterForm(StyledForm):
    """Search box and filters of the alliance list (GET)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(AllianceStatus.choices, _("All"))
    )
    scope = forms.ChoiceField(
        label=_("Scope"), required=False, choices=_blank(AllianceScope.choices, _("All"))
    )
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=_blank(Province.choices, _("All"))
    )
    key_area = forms.ChoiceField(
        label=_("Key area"), required=False, choices=_blank(KeyArea.choices, _("All"))
    )
    emerging_industry = forms.ChoiceField(
        label=_("Strategic emerging industry"),
        required=False,
        choices=_blank(EmergingIndustry.choices, _("All")),
    )
    industry = forms.ChoiceField(
        label=_("Industry"), required=False, choices=_blank(Industry.choices, _("All"))
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"id": "alliance-search", "placeholder": _("Code or name, e.g. 半导体"), "autocomplete": "off"}
        )


class AllianceForm(StyledForm):
    """The record of an alliance; the host unit is named by its credit code."""

    code = forms.CharField(label=_("Short code"), max_length=20)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    short_name_zh = forms.CharField(label=_("Short name (Chinese)"), max_length=50, required=False)
    short_name_en = forms.CharField(label=_("Short name (English)"), max_length=80, required=False)
    key_area = forms.ChoiceField(label=_("Key area"), required=False, choices=_blank(KeyArea.choices))
    emerging_industry = forms.ChoiceField(
        label=_("Strategic emerging industry"), required=False, choices=_blank(EmergingIndustry.choices)
    )
    industry = forms.ChoiceField(label=_("Industry"), choices=_blank(Industry.choices))
    scope = forms.ChoiceField(label=_("Scope"), choices=AllianceScope.choices)
    province = forms.ChoiceField(label=_("Province"), required=False, choices=_blank(Province.choices))
    founded_on = forms.DateField(
        label=_("Founding date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    host_unit = forms.CharField(
        label=_("Host unit (credit code)"),
        max_length=18,
        required=False,
        help_text=_("The unified social credit code of a registered organisation."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")


# The form edits exactly the fields the organisation services accept.
ORG_FORM_FIELDS = ORG_FIELDS
LEGAL_REP_FIELDS = tuple(f"legal_rep_{f}" for f in PERSON_FIELDS)


class OrganisationForm(StyledForm):
    """The record of a member unit with its legal representative."""

    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=18, min_length=1)
    kind = forms.ChoiceField(label=_("Kind"), choices=_blank(OrganisationKind.choices))
    ownership = forms.ChoiceField(label=_("Ownership"), required=False, choices=_blank(Ownership.choices))
    province = forms.ChoiceField(label=_("Province"), choices=_blank(Province.choices))
    region_code = forms.CharField(label=_("Region code (GB/T 2260)"), max_length=6)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    industry = forms.ChoiceField(label=_("Industry"), choices=_blank(Industry.choices))
    legal_rep_name_zh = forms.CharField(
        label=_("Legal representative (Chinese name)"), max_length=100, required=False
    )
    legal_rep_name_en = forms.CharField(
        label=_("Legal representative (English name)"), max_length=200, required=False
    )
    legal_rep_title = forms.CharField(label=_("Legal representative's title"), max_length=100, required=False)
    legal_rep_phone = forms.CharField(label=_("Legal representative's phone"), max_length=40, required=False)
    legal_rep_email = forms.EmailField(label=_("Legal representative's email"), required=False)
    uscc_confirmation_reason = forms.CharField(
        label=_("Reason for accepting the code manually"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say which business licence you checked. Only officers may accept such a code."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["uscc"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def to_input(self) -> OrganisationInput:
        """The cleaned values as the services take them (the legal representative only if named)."""
        data = self.cleaned_data
        values = {f: data.get(f) or "" for f in ORG_FORM_FIELDS}
        if any(data.get(f) for f in LEGAL_REP_FIELDS):
            values.update({f: data.get(f) or "" for f in LEGAL_REP_FIELDS})
        return OrganisationInput(**values)


class OrganisationFilterForm(StyledForm):
    """Search and filters of the organisation list (GET)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_blank(OrganisationKind.choices, _("All"))
    )
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=_blank(Province.choices, _("All"))
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"id": "organisation-search", "placeholder": _("Name or credit code"), "autocomplete": "off"}
        )


class StatusChangeForm(StyledForm):
    """Confirmation of a status move, with a comment for the history (a reason, which the service requires,
    when the move leaves pilot status)."""

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, reason_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if reason_required:
            self.fields["comment"].label = _("Reason")
            self.fields["comment"].help_text = _(
                "Leaving pilot status undoes or ends a published pilot decision; the status history and the "
                "audit log keep the reason."
            )
