"""Forms of the to-do page: which kind of duty to show and how to group the list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.notifications.todo import todo_kinds
from itisa.ui.forms import StyledForm

GROUP_BY_DUE = "due"
GROUP_BY_ALLIANCE = "alliance"


class TodoFilterForm(StyledForm):
    """``kind``: one kind of duty (every kind by default); ``group``: by due date or by alliance."""

    kind = forms.ChoiceField(label=_("Kind of duty"), required=False)
    group = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[(GROUP_BY_DUE, _("Due date")), (GROUP_BY_ALLIANCE, _("Alliance"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # noqa: S101 (declared above)
        kind.choices = [("", _("All")), *((k.code, k.label) for k in todo_kinds())]
