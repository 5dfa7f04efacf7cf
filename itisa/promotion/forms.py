"""Forms of the promotion pages; the problem and endorsement forms build the services' typed inputs."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.promotion.choices import BodyKind, ProblemStatus, body_label
from itisa.promotion.models import KeyProblem
from itisa.promotion.rules import Body
from itisa.promotion.selectors import ProblemFilters
from itisa.promotion.services import EndorsementInput, ProblemInput
from itisa.ui.forms import StyledForm

BLANK = [("", "—")]


def _all(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("All")), *list(choices)]


def _body_choices(bodies: list[Body]) -> list[tuple[str, str]]:
    return [(b.key, body_label(b.kind, b.code)) for b in bodies]


class ProblemForm(StyledForm):
    body = forms.ChoiceField(label=_("Published by"), choices=[])
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    industry = forms.ChoiceField(label=_("Industry"), choices=[*BLANK, *Industry.choices], required=False,
                                 help_text=_("An association's or ministry's problem is of its own industry."))  # fmt: skip
    province = forms.ChoiceField(label=_("Province"), choices=[*BLANK, *Province.choices], required=False,
                                 help_text=_("A provincial department's problem is of its own province."))  # fmt: skip
    keywords = forms.CharField(label=_("Technology keywords"), max_length=300, required=False,
                               help_text=_("Separated by commas."))  # fmt: skip

    def __init__(self, *args: Any, bodies: list[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["body"]).choices = _body_choices(bodies)

    @classmethod
    def initial_of(cls, problem: KeyProblem) -> dict[str, Any]:
        return {"body": problem.body.key, **{f: getattr(problem, f) for f in cls.base_fields if f != "body"}}

    def to_input(self) -> ProblemInput:
        return ProblemInput(**{k: v or "" for k, v in self.cleaned_data.items()})


class ProblemFilterForm(StyledForm):
    """Search in titles, description and keywords; filters by industry, province, status and body."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    industry = forms.ChoiceField(label=_("Industry"), required=False, choices=_all(Industry.choices))
    province = forms.ChoiceField(label=_("Province"), required=False, choices=_all(Province.choices))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_all((s.value, s.label) for s in ProblemStatus)
    )
    body_kind = forms.ChoiceField(label=_("Published by"), required=False, choices=_all(BodyKind.choices))

    def filters(self) -> ProblemFilters:
        """The valid filters (an invalid choice is dropped, as on the other lists)."""
        if not self.is_bound:
            return ProblemFilters()
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        return ProblemFilters(
            **{f: d.get(f) or "" for f in ("q", "industry", "province", "status", "body_kind")}
        )


class EndorseForm(StyledForm):
    body = forms.ChoiceField(label=_("Endorse for"), choices=[])
    statement = forms.CharField(label=_("Endorsement statement"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                                help_text=_("Why your body recommends this alliance."))  # fmt: skip
    problem = forms.ChoiceField(label=_("Key technical problem it addresses"), required=False, choices=[])

    def __init__(self, *args: Any, bodies: list[Body], problems: list[KeyProblem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["body"]).choices = _body_choices(bodies)
        cast(forms.ChoiceField, self.fields["problem"]).choices = [
            *BLANK,
            *[(str(p.pk), p.title_zh) for p in problems],
        ]

    def to_input(self) -> EndorsementInput:
        d = self.cleaned_data
        problem = int(d["problem"]) if d.get("problem") else None
        return EndorsementInput(body=d["body"], statement=d["statement"], problem=problem)


class ConfirmForm(StyledForm):
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CloseForm(StyledForm):
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class WithdrawForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
