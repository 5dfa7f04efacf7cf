"""The national office's finding on a member (Art. 8(1)): backbone enterprise or frontier standing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.pilots.models import FindingQuestion
from itisa.registry.memberships import active_members_q
from itisa.registry.models import Alliance, Organisation
from itisa.ui.forms import StyledForm


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name_zh}（{obj.get_kind_display()}）"


class FindingForm(StyledForm):
    organisation = MemberChoiceField(label=_("Member"), queryset=Organisation.objects.none())
    question = forms.ChoiceField(label=_("Question"), choices=FindingQuestion.choices)
    holds = forms.ChoiceField(
        label=_("Finding"), choices=[("yes", _("It holds")), ("no", _("It does not hold"))]
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args: Any, alliance: Alliance, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrows the type for mypy)
        field.queryset = Organisation.objects.filter(active_members_q(alliance)).order_by("name_zh")
