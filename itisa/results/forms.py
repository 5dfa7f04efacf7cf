"""Forms of the results pages; each builds the service's typed input (``to_input``). Members and their
shares are entered in up to ``SLOTS`` rows (the API and the import take any number)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from itisa.results.choices import (
    AccessPurpose,
    AccessRequestStatus,
    AccessTerms,
    OwnershipBasis,
    ResultKind,
    ResultStatus,
)
from itisa.results.services import (
    AccessDecisionInput,
    AccessRequestInput,
    BackgroundInput,
    InventorInput,
    OwnerChangeInput,
    ResultInput,
    ShareInput,
)
from itisa.ui.forms import MoneyField, StyledForm

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
SLOTS = 4
YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]


class ResultFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    kind = forms.ChoiceField(choices=[("", _("All kinds")), *ResultKind.choices], required=False)
    status = forms.ChoiceField(choices=[("", _("All statuses")), *ResultStatus.choices], required=False)
    funded = forms.ChoiceField(choices=YES_NO, required=False, label=_("Publicly funded"))
    project = forms.CharField(required=False, max_length=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
            field.widget.attrs["aria-label"] = str(field.label or "")

    def publicly_funded(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("funded", ""))


def _share_rows(form: forms.Form, prefix: str, members: list[tuple[str, str]], label: Any) -> None:
    for i in range(1, SLOTS + 1):
        form.fields[f"{prefix}_org_{i}"] = forms.ChoiceField(
            label=f"{label} {i}", choices=members, required=False
        )
        form.fields[f"{prefix}_share_{i}"] = MoneyField(
            label=_("Share (%%) %(n)s") % {"n": i}, max_digits=5, required=False
        )


def _shares(data: dict[str, Any], prefix: str) -> list[ShareInput]:
    rows = []
    for i in range(1, SLOTS + 1):
        org, share = data.get(f"{prefix}_org_{i}"), data.get(f"{prefix}_share_{i}")
        if org or share is not None:
            rows.append(
                ShareInput(organisation=int(org) if org else None, share=share if share is not None else "")
            )
    return rows


class ResultForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ResultKind.choices)
    title_zh = forms.CharField(label=_("Title"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    project = forms.ChoiceField(label=_("Project"), required=False)
    funding = forms.MultipleChoiceField(
        label=_("Funding sources"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every funding source of the project."),
    )  # fmt: skip
    number = forms.CharField(
        label=_("Number"), max_length=50, required=False,
        help_text=_("Patents: the CNIPA application number with its check character, e.g. ZL201811564288.X."),
    )  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), choices=ResultStatus.choices)
    filed_on = forms.DateField(label=_("Filed on"), required=False, **DATE)  # type: ignore[arg-type]
    granted_on = forms.DateField(label=_("Granted on"), required=False, **DATE)  # type: ignore[arg-type]
    lapsed_on = forms.DateField(label=_("Lapsed on"), required=False, **DATE)  # type: ignore[arg-type]
    inventors = forms.CharField(
        label=_("People and their shares"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: name:share, e.g. 张三:70"),
    )  # fmt: skip
    document_ref = forms.CharField(
        label=_("Project contract"), max_length=200, required=False,
        help_text=_("Only where the agreement leaves ownership to the project contract, with the owners below."),
    )  # fmt: skip

    def __init__(self, *args: Any, members: list[tuple[str, str]], projects: list[tuple[str, str]],
                 funding: list[tuple[str, str]], **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "—"), *projects]  # type: ignore[attr-defined]
        self.fields["funding"].choices = funding  # type: ignore[attr-defined]
        _share_rows(self, "c", members, _("Contributing member"))
        _share_rows(self, "o", members, _("Owner (project contract)"))
        for name in self.fields:
            if name.startswith(("c_", "o_")):
                widget = self.fields[name].widget
                widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"

    def to_input(self) -> ResultInput:
        d = self.cleaned_data
        inventors = []
        for line in (d.get("inventors") or "").splitlines():
            name, _sep, share = line.replace("：", ":").rpartition(":")
            if line.strip():
                inventors.append(InventorInput(name=name or line, share=share.strip() if name else ""))
        return ResultInput(
            kind=d["kind"], title_zh=d["title_zh"], title_en=d.get("title_en") or "",
            project=int(d["project"]) if d.get("project") else None,
            funding=[int(f) for f in d["funding"]] if d.get("funding") else None,
            number=d.get("number") or "", status=d["status"], filed_on=d.get("filed_on"),
            granted_on=d.get("granted_on"), lapsed_on=d.get("lapsed_on"), contributions=_shares(d, "c"),
            inventors=inventors, owners=_shares(d, "o"), document_ref=d.get("document_ref") or "",
        )  # fmt: skip


class OwnersForm(StyledForm):
    """New owners and the recorded decision; confirmed before it is written for good."""

    basis = forms.ChoiceField(
        label=_("Decision"),
        choices=[(b, b.label) for b in (OwnershipBasis.RESOLUTION, OwnershipBasis.CONSENT)],
    )
    motion = forms.ChoiceField(label=_("Resolution"), required=False)
    consenting = forms.MultipleChoiceField(
        label=_("Owners who consented in writing"), required=False, widget=forms.CheckboxSelectMultiple
    )
    document_ref = forms.CharField(label=_("Written consent (reference)"), max_length=200, required=False)
    document_on = forms.DateField(label=_("Consent dated"), required=False, **DATE)  # type: ignore[arg-type]
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, members: list[tuple[str, str]], motions: list[tuple[str, str]],
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["motion"].choices = [("", "—"), *motions]  # type: ignore[attr-defined]
        self.fields["consenting"].choices = [m for m in members if m[0]]  # type: ignore[attr-defined]
        _share_rows(self, "o", members, _("Owner"))
        for name in self.fields:
            if name.startswith("o_"):
                widget = self.fields[name].widget
                widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"

    def to_input(self) -> OwnerChangeInput:
        d = self.cleaned_data
        return OwnerChangeInput(
            owners=_shares(d, "o"), basis=d["basis"], motion=int(d["motion"]) if d.get("motion") else None,
            consenting=[int(c) for c in d.get("consenting") or []], document_ref=d.get("document_ref") or "",
            document_on=d.get("document_on"), reason=d.get("reason") or "",
        )  # fmt: skip


class MoveForm(StyledForm):
    on = forms.DateField(label=_("On"), **DATE)  # type: ignore[arg-type]
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PublicForm(StyledForm):
    public = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.HiddenInput)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))


class BackgroundForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Member"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ResultKind.choices)
    title_zh = forms.CharField(label=_("Title"), max_length=300)
    number = forms.CharField(label=_("Number"), max_length=50, required=False)
    restrictions_zh = forms.CharField(
        label=_("Restrictions on its use"), widget=forms.Textarea(attrs={"rows": 3})
    )
    declared_on = forms.DateField(label=_("Declared on"), **DATE)  # type: ignore[arg-type]

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = members  # type: ignore[attr-defined]

    def to_input(self) -> BackgroundInput:
        d = self.cleaned_data
        return BackgroundInput(
            organisation=int(d["organisation"]) if d.get("organisation") else None, kind=d["kind"],
            title_zh=d["title_zh"], number=d.get("number") or "", restrictions_zh=d["restrictions_zh"],
            declared_on=d.get("declared_on"),
        )  # fmt: skip


class AccessRequestForm(StyledForm):
    """A member asks for access rights: for which member, for what, and why it is needed."""

    organisation = forms.ChoiceField(label=_("Member"))
    purpose = forms.ChoiceField(
        label=pgettext_lazy("access rights", "Purpose"), choices=AccessPurpose.choices
    )
    justification = forms.CharField(
        label=_("Why access is needed"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = members  # type: ignore[attr-defined]

    def to_input(self) -> AccessRequestInput:
        d = self.cleaned_data
        return AccessRequestInput(
            organisation=int(d["organisation"]) if d.get("organisation") else None,
            purpose=d["purpose"], justification=d["justification"],
        )  # fmt: skip


class AccessDecisionForm(StyledForm):
    """The owners' decision: grant with terms, or refuse with the reason; confirmed before it is kept."""

    to = forms.ChoiceField(
        label=_("Decision"),
        choices=[(AccessRequestStatus.GRANTED, _("Grant")), (AccessRequestStatus.REFUSED, _("Refuse"))],
    )
    terms = forms.ChoiceField(label=_("Terms"), choices=[("", "—"), *AccessTerms.choices], required=False)
    note = forms.CharField(
        label=_("Conditions or reason"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The conditions of the access granted, or why it is refused (required)."),
    )  # fmt: skip
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def to_input(self) -> AccessDecisionInput:
        d = self.cleaned_data
        return AccessDecisionInput(to=d["to"], terms=d.get("terms") or "", note=d.get("note") or "")
