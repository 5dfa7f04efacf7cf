"""Forms of the project pages; each builds the service's typed input (``to_input``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.values import EARLIEST_DAY, LATEST_DAY
from itisa.projects.choices import FundingKind, MilestoneKind, ProjectStatus, ReviewKind, Verdict
from itisa.projects.services import FundingInput, GoalInput, MilestoneInput, ParticipantInput, ProjectInput
from itisa.ui.forms import MoneyField, StyledForm

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def _members(alliance: Any) -> list[tuple[str, str]]:
    from itisa.membership.models import Membership

    rows = Membership.objects.active().filter(alliance=alliance).select_related("organisation")
    return [("", "—")] + [(str(m.organisation_id), m.organisation.name_zh) for m in rows.order_by("pk")]


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *ProjectStatus.choices], required=False
    )
    lead = forms.TypedChoiceField(label=_("Lead member"), coerce=int, empty_value=None, required=False)
    year = forms.IntegerField(
        label=_("Year"), min_value=EARLIEST_DAY.year, max_value=LATEST_DAY.year, required=False
    )
    q = forms.CharField(required=False, max_length=100)

    def __init__(self, *args: Any, leads: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [("", _("All lead members"))] + [(str(pk), name) for pk, name in leads]  # type: ignore[attr-defined]
        for name in ("status", "lead", "year"):
            self.fields[name].widget.attrs["class"] = "form-select" if name != "year" else "form-control"
        self.fields["year"].widget.attrs["placeholder"] = _("Year")

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid one is dropped, and shown as the form's error)."""
        d = getattr(self, "cleaned_data", {})
        return {
            "status": d.get("status") or "",
            "q": d.get("q") or "",
            "lead": d.get("lead"),
            "year": d.get("year"),
        }


class ProjectForm(StyledForm):
    title_zh = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    summary_zh = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    starts_on = forms.DateField(label=_("Starts on"), **DATE)  # type: ignore[arg-type]
    ends_on = forms.DateField(label=_("Ends on"), **DATE)  # type: ignore[arg-type]
    lead = forms.ChoiceField(label=_("Lead member"))
    lead_task_zh = forms.CharField(label=_("Lead member's task"), widget=forms.Textarea(attrs={"rows": 2}))
    lead_money = MoneyField(label=_("Committed money (CNY)"), max_digits=16, required=False)
    lead_people_months = MoneyField(label=_("People-months"), max_digits=8, decimal_places=1, required=False)

    def __init__(self, *args: Any, alliance: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = _members(alliance)  # type: ignore[attr-defined]

    def to_input(self) -> ProjectInput:
        d = self.cleaned_data
        return ProjectInput(
            title_zh=d["title_zh"], title_en=d.get("title_en", ""), summary_zh=d.get("summary_zh", ""),
            starts_on=d["starts_on"], ends_on=d["ends_on"], lead=int(d["lead"]) if d.get("lead") else None,
            lead_task_zh=d["lead_task_zh"], lead_money=d.get("lead_money") or "0",
            lead_people_months=d.get("lead_people_months") or "0",
        )  # fmt: skip


class GoalForm(StyledForm):
    title_zh = forms.CharField(label=_("Goal"), max_length=200)
    target = forms.CharField(label=_("Measurable target"), max_length=300)
    agreement_goal = forms.ChoiceField(label=_("Agreement goal"), required=False)

    def __init__(self, *args: Any, goals: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement_goal"].choices = [("", "—")] + [(g, g) for g in goals]  # type: ignore[attr-defined]

    def to_input(self) -> GoalInput:
        return GoalInput(
            **{k: self.cleaned_data.get(k) or "" for k in ("title_zh", "target", "agreement_goal")}
        )


class ParticipantForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Member"))
    task_zh = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 2}))
    money = MoneyField(label=_("Committed money (CNY)"), max_digits=16, required=False)
    people_months = MoneyField(label=_("People-months"), max_digits=8, decimal_places=1, required=False)

    def __init__(self, *args: Any, alliance: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = _members(alliance)  # type: ignore[attr-defined]

    def to_input(self) -> ParticipantInput:
        d = self.cleaned_data
        return ParticipantInput(
            organisation=int(d["organisation"]) if d.get("organisation") else None, task_zh=d["task_zh"],
            money=d.get("money") or "0", people_months=d.get("people_months") or "0",
        )  # fmt: skip


class FundingForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind of funding"), choices=FundingKind.choices)
    fund = forms.ChoiceField(label=_("Fund"))
    amount = MoneyField(label=_("Amount (CNY)"), max_digits=16)
    organisation = forms.ChoiceField(label=_("Member (own funds)"), required=False)

    def __init__(self, *args: Any, alliance: Any, **kwargs: Any) -> None:
        from itisa.ledger.models import Fund

        super().__init__(*args, **kwargs)
        funds = Fund.objects.filter(book__alliance=alliance).order_by("pk")
        self.fields["fund"].choices = [("", "—")] + [(str(f.pk), f.name_zh) for f in funds]  # type: ignore[attr-defined]
        self.fields["organisation"].choices = _members(alliance)  # type: ignore[attr-defined]

    def to_input(self) -> FundingInput:
        d = self.cleaned_data
        return FundingInput(
            kind=d["kind"], fund=int(d["fund"]) if d.get("fund") else None, amount=d["amount"],
            organisation=int(d["organisation"]) if d.get("organisation") else None,
        )  # fmt: skip


class MilestoneForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MilestoneKind.choices)
    title_zh = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), **DATE)  # type: ignore[arg-type]
    due_on = forms.DateField(label=_("Due on"), **DATE)  # type: ignore[arg-type]

    def to_input(self) -> MilestoneInput:
        return MilestoneInput(
            **{k: self.cleaned_data[k] for k in ("kind", "title_zh", "starts_on", "due_on")}
        )


class VoteForm(StyledForm):
    """Put the project to the body the agreement names, by ballot with a deadline."""

    body = forms.ChoiceField(label=_("Deciding body"))
    deadline = forms.DateTimeField(
        label=_("Ballot deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )

    def __init__(self, *args: Any, bodies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(str(b.pk), b.name_zh) for b in bodies]  # type: ignore[attr-defined]


class MoveForm(StyledForm):
    """A move of the project; closing and terminating are confirmed first (``confirm_step``)."""

    to = forms.ChoiceField(
        choices=[(s, s) for s in (ProjectStatus.RUNNING, ProjectStatus.ACCEPTANCE, ProjectStatus.CLOSED,
                                  ProjectStatus.TERMINATED)],
        widget=forms.HiddenInput,
    )  # fmt: skip
    comment = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReviewOpenForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind of review"), choices=ReviewKind.choices)


class AssignForm(StyledForm):
    review = forms.IntegerField(widget=forms.HiddenInput)
    expert = forms.ChoiceField(label=_("Expert"))

    def __init__(self, *args: Any, experts: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].choices = [(str(e.pk), e.name) for e in experts]  # type: ignore[attr-defined]


class DoneForm(StyledForm):
    milestone = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Done on"), **DATE)  # type: ignore[arg-type]
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class OpinionForm(StyledForm):
    score = forms.IntegerField(label=_("Score (0–100)"), min_value=0, max_value=100)
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)
    text = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 4}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
