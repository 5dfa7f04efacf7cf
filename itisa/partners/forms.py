"""The partner search's GET form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.partners.selectors import PartnerFilters
from itisa.registry.choices import OrganisationKind
from itisa.ui.forms import StyledForm


def _all(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("All")), *list(choices)]


class PartnerFilterForm(StyledForm):
    """Search by a Chinese or English name fragment; filters by industry, province and kind."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    industry = forms.ChoiceField(label=_("Industry"), required=False, choices=_all(Industry.choices))
    province = forms.ChoiceField(label=_("Province"), required=False, choices=_all(Province.choices))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_all(OrganisationKind.choices))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"id": "partner-search", "placeholder": _("Name in Chinese or English"), "autocomplete": "off"}
        )

    def filters(self) -> PartnerFilters:
        """The valid filters (an invalid choice is dropped, as on the other lists)."""
        if not self.is_bound:
            return PartnerFilters()
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        return PartnerFilters(**{f: d.get(f) or "" for f in ("q", "industry", "province", "kind")})


class JoinInviteForm(StyledForm):
    """Which of the viewer's alliances invites the organisation, and a message for its people."""

    alliance = forms.ChoiceField(label=_("Alliance"))
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent with the invitation to the organisation's contacts and legal representatives."),
    )

    def __init__(self, *args: Any, alliances: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["alliance"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101  (narrowing for mypy)
        field.choices = [(a.code, f"{a.code} {a.name_zh}") for a in alliances]
