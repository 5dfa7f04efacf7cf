"""Forms of the standards pages; they build the services' typed inputs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.standards.choices import Level, LicensingPosition, Stage
from itisa.standards.services import DeclarationInput, DrafterInput, MoveInput, StandardInput
from itisa.ui.forms import StyledForm

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class StandardFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels")), *Level.choices], required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All stages")), *Stage.choices], required=False
    )
    q = forms.CharField(required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("level", "stage"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid one is dropped, and shown as the form's error)."""
        d = getattr(self, "cleaned_data", {})
        return {"level": d.get("level") or "", "stage": d.get("stage") or "", "q": d.get("q") or ""}


class StandardForm(StyledForm):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    title_zh = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    committee = forms.CharField(
        label=_("Standards body or technical committee"), max_length=200, required=False
    )
    lead = forms.ChoiceField(label=_("Lead drafting member"))
    project = forms.ChoiceField(label=_("R&D project"), required=False)
    results = forms.MultipleChoiceField(
        label=_("Results"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, members: list[tuple[str, str]], projects: list[tuple[str, str]],
        results: list[tuple[str, str]], **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = members  # type: ignore[attr-defined]
        self.fields["project"].choices = [("", "—"), *projects]  # type: ignore[attr-defined]
        self.fields["results"].choices = results  # type: ignore[attr-defined]

    def to_input(self) -> StandardInput:
        d = self.cleaned_data
        return StandardInput(
            level=d["level"], title_zh=d["title_zh"], title_en=d.get("title_en") or "",
            committee=d.get("committee") or "", lead=int(d["lead"]),
            project=int(d["project"]) if d.get("project") else None,
            results=[int(r) for r in d.get("results") or []],
        )  # fmt: skip


class DrafterForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Member"))

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = members  # type: ignore[attr-defined]

    def to_input(self) -> DrafterInput:
        return DrafterInput(organisation=int(self.cleaned_data["organisation"]), role="participant")


class DeclarationForm(StyledForm):
    """A drafting member's declaration: its essential patents (one CNIPA number a line) and licensing terms."""

    organisation = forms.ChoiceField(label=_("Drafting member"))
    holds_essential = forms.BooleanField(label=_("Holds patents essential to the draft"), required=False)
    patents = forms.CharField(
        label=_("Essential patents (one CNIPA number a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    licensing = forms.ChoiceField(label=_("Licensing declaration"), choices=LicensingPosition.choices)
    document_ref = forms.CharField(
        label=_("Signed document (when the secretariat records it)"), max_length=200, required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = members  # type: ignore[attr-defined]

    def to_input(self) -> DeclarationInput:
        d = self.cleaned_data
        return DeclarationInput(
            organisation=int(d["organisation"]), holds_essential=bool(d.get("holds_essential")),
            patents=[line.strip() for line in (d.get("patents") or "").splitlines() if line.strip()],
            licensing=d["licensing"], document_ref=d.get("document_ref") or "", note=d.get("note") or "",
        )  # fmt: skip


class VoteForm(StyledForm):
    """Put the round's move to the body the agreement names, by ballot with a deadline."""

    body = forms.ChoiceField(label=_("Deciding body"))
    deadline = forms.DateTimeField(
        label=_("Ballot deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, bodies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(str(b.pk), b.name_zh) for b in bodies]  # type: ignore[attr-defined]


class RoundForm(StyledForm):
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MoveForm(StyledForm):
    """A move by hand; confirmed first (``confirm_step``)."""

    to = forms.ChoiceField(label=_("Move to"), choices=[])
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    published_number = forms.CharField(label=_("Published number"), max_length=40, required=False)
    published_on = forms.DateField(label=_("Published on"), required=False, **DATE)  # type: ignore[arg-type]
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, targets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(t, Stage(t).label) for t in targets]  # type: ignore[attr-defined]

    def to_input(self) -> MoveInput:
        d = self.cleaned_data
        return MoveInput(
            to=d["to"], comment=d.get("comment") or "", published_number=d.get("published_number") or "",
            published_on=d.get("published_on"),
        )  # fmt: skip
