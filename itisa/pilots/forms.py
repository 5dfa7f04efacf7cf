"""Forms of the pilot-program pages. They only parse input; the services validate and decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.pilots.choices import ApplicationStatus, CallScope, Outcome, item_label
from itisa.pilots.services.inputs import CallInput
from itisa.ui.forms import StyledForm


def _rule_set_choices() -> list[tuple[str, str]]:
    from itisa.pilots.eligibility import RULE_SETS

    return [(code, f"{code} · {rs.reference}") for code, rs in RULE_SETS.items()]


class DateInput(forms.DateInput):
    input_type = "date"


MAX_ROWS = 60  # of a checklist or a rubric on the call form


class ItemRowForm(StyledForm):
    """One row of a call's materials checklist: code, Chinese and English names. Every field may be left
    empty: an empty row is ignored; ``ItemRows.problems`` names what a row that is filled in lacks."""

    code = forms.CharField(label=_("Code"), required=False, max_length=40)
    label_zh = forms.CharField(label=_("Name (Chinese)"), required=False, max_length=200)
    label_en = forms.CharField(label=_("Name (English)"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] += " form-control-sm"

    def labelled(self, number: int) -> ItemRowForm:
        """Each field's accessible name says its column and row (the table shows them as headers)."""
        for name, field in self.fields.items():
            field.widget.attrs["aria-label"] = _("%(column)s, row %(n)s") % {
                "column": field.label,
                "n": number,
            }
            if name == "code":
                field.widget.attrs.update(autocapitalize="off", spellcheck="false")
        return self

    def item(self) -> dict[str, Any]:
        """The row as the service takes it (once the row is cleaned)."""
        d = self.cleaned_data
        return {name: d.get(name) if name == "weight" else d.get(name) or "" for name in self.fields}

    def is_empty(self) -> bool:
        """Nothing typed in the row (it is ignored)."""
        return not any(str(self[name].value() or "").strip() for name in self.fields)


class WeightedRowForm(ItemRowForm):
    """One criterion of a call's scoring rubric: an item row with its weight."""

    weight = forms.IntegerField(
        label=_("Weight"), required=False, widget=forms.NumberInput(attrs={"min": 1, "max": 100})
    )


class ItemRows(forms.BaseFormSet):  # type: ignore[type-arg]
    """A checklist or rubric as rows. Empty rows are ignored; a row's problems (``pilots.services.calls.
    item_problems``, as the service checks them) go on its cells and are named by table, row and column."""

    title: Any = ""
    weighted = False

    def rows(self) -> list[tuple[int, ItemRowForm]]:
        return [(i + 1, form.labelled(i + 1)) for i, form in enumerate(self.forms)]

    def numbered_empty_form(self) -> ItemRowForm:
        return self.empty_form.labelled(0)

    def items(self) -> list[dict[str, Any]]:
        """The rows filled in, as the service takes them (after ``problems`` found none)."""
        return [form.item() for form in self.forms if not form.is_empty()]

    def about(self, message: Any) -> str:
        """A problem of the whole table, named by the table."""
        return str(_("%(table)s: %(message)s") % {"table": self.title, "message": message})

    def problems(self) -> list[str]:
        """Every problem of the rows, as "<table> row <n>, <column>: <message>"; the cells get theirs."""
        from itisa.pilots.services.calls import item_problems, weights_problem

        found = [self.about(e) for e in self.non_form_errors()] if self.is_bound else []
        if not self.is_valid() and found:
            return found
        seen: set[str] = set()
        for number, form in enumerate(self.forms, start=1):
            if form.is_empty():
                continue
            item = form.item()
            checked = item_problems(item, weighted=self.weighted, seen=seen)
            for name, message in checked.items():
                if name not in form.errors:
                    form.add_error(name, message)
            form._mark_invalid()
            for name, errors in form.errors.items():
                column = form.fields[name].label
                found += [
                    _("%(table)s row %(n)s, %(column)s: %(message)s")
                    % {"table": self.title, "n": number, "column": column, "message": e}
                    for e in errors
                ]
        items = self.items()
        if not found and not items:
            found.append(self.about(_("Give at least one item.")))
        elif not found and self.weighted and (problem := weights_problem(items)):
            found.append(self.about(problem))
        return found


class _MaterialRows(ItemRows):
    title = _("Required materials")


class _RubricRows(ItemRows):
    title = _("Scoring rubric")
    weighted = True


def _item_rows(form: type[ItemRowForm], formset: type[ItemRows]) -> type[ItemRows]:
    rows = forms.formset_factory(
        form, formset=formset, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
    )
    return cast(type[ItemRows], rows)


MaterialRows = _item_rows(ItemRowForm, _MaterialRows)
RubricRows = _item_rows(WeightedRowForm, _RubricRows)


class CallForm(StyledForm):
    """A call: title, window, rule set and maxima, with its materials checklist and scoring rubric as
    rows (``materials`` and ``rubric`` formsets; a new call's start from the defaults). A row's problem is
    named at the top (table, row, column) and on its cell."""

    # not sent: a national call
    scope = forms.ChoiceField(
        label=_("Programme"), choices=CallScope.choices, initial=CallScope.NATIONAL, required=False
    )
    province = forms.ChoiceField(
        label=_("Province"),
        required=False,
        choices=[("", "—"), *Province.choices],
        help_text=_("For a provincial programme: the province whose department runs the call."),
    )
    recommendation_required = forms.BooleanField(
        label=_("A recommendation is required before expert review"), required=False
    )
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput)
    rules = forms.ChoiceField(label=_("Eligibility rule set"), choices=())
    max_pilots = forms.IntegerField(
        label=_("Maximum number of pilots"),
        min_value=0,
        help_text=_("For a provincial programme: the maximum number of recognised alliances."),
    )
    max_cultivation = forms.IntegerField(
        label=_("Maximum number of cultivation alliances"),
        min_value=0,
        initial=0,
        help_text=_("Zero for a provincial programme, which has no cultivation list."),
    )

    def __init__(self, *args: Any, fixed_scope: bool = False, more: str = "", **kwargs: Any) -> None:
        """``initial`` may hold ``materials`` and ``rubric`` (lists of items; otherwise the defaults).
        ``fixed_scope``: editing a call, whose programme never changes (no scope or province fields).
        ``more`` (``"materials"`` or ``"rubric"``): that table gets one more empty row."""
        from itisa.pilots.choices import DEFAULT_MATERIALS, DEFAULT_RUBRIC

        super().__init__(*args, **kwargs)
        self.fields["rules"].choices = _rule_set_choices()  # type: ignore[attr-defined]
        if fixed_scope:
            del self.fields["scope"], self.fields["province"]
        # bound, the rows are what was posted: no initial values (a row equal to one would read as empty)
        self.materials = (
            MaterialRows(self.data, prefix="materials")
            if self.is_bound
            else MaterialRows(prefix="materials", initial=self.initial.get("materials") or DEFAULT_MATERIALS)
        )
        self.rubric = (
            RubricRows(self.data, prefix="rubric")
            if self.is_bound
            else RubricRows(prefix="rubric", initial=self.initial.get("rubric") or DEFAULT_RUBRIC)
        )
        for name in ("materials", "rubric"):
            if name == more:
                getattr(self, name).extra = 1

    @classmethod
    def from_post(cls, post: Any, *, more: str, **kwargs: Any) -> CallForm:
        """The form as posted, unbound (nothing checked, nothing saved), with one more empty row in the
        ``more`` table: how a page without JavaScript adds a row."""
        initial = {**kwargs.pop("initial", {}), **{k: v for k, v in post.items() if k in cls.base_fields}}
        initial["recommendation_required"] = bool(post.get("recommendation_required"))
        for name, rows in (("materials", MaterialRows), ("rubric", RubricRows)):
            posted = rows(post, prefix=name)
            if not posted.management_form.is_valid():  # no management form: the table as it starts
                continue
            count = min(posted.total_form_count(), MAX_ROWS)
            columns = list(rows.form.base_fields)
            initial[name] = [{c: post.get(f"{name}-{i}-{c}", "") for c in columns} for i in range(count)] or [
                dict.fromkeys(columns, "")
            ]
        return cls(initial=initial, more=more, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for rows in (self.materials, self.rubric):
            for problem in rows.problems():
                self.add_error(None, problem)
        return data

    def to_input(self) -> CallInput:
        """The whole call, for ``call_create`` or ``call_update``."""
        return CallInput(**self.cleaned_data, materials=self.materials.items(), rubric=self.rubric.items())


class ConfirmForm(StyledForm):
    """A step that asks for confirmation before it acts."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ApplicationFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    scope = forms.ChoiceField(
        label=_("Programme"), required=False, choices=[("", _("All")), *CallScope.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ApplicationStatus.choices]
    )
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[("", _("All")), *Province.choices]
    )
    industry = forms.ChoiceField(
        label=_("Industry"), required=False, choices=[("", _("All")), *Industry.choices]
    )


class ApplyForm(StyledForm):
    alliance = forms.ChoiceField(label=_("Alliance"), choices=())

    def __init__(self, *args: Any, alliances: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["alliance"].choices = [(a.code, f"{a.code} {a.name_zh}") for a in alliances]  # type: ignore[attr-defined]


class MaterialForm(StyledForm):
    code = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("PDF file"), required=False)


class CommentForm(StyledForm):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(StyledForm):
    comment = forms.CharField(label=_("What to correct"), widget=forms.Textarea(attrs={"rows": 3}))


class RecommendForm(StyledForm):
    letter = forms.CharField(label=_("Recommendation letter"), widget=forms.Textarea(attrs={"rows": 6}))
    letter_file = forms.FileField(label=_("Signed letter (PDF, optional)"), required=False)


class ExpertForm(StyledForm):
    username = forms.CharField(label=_("Account (username)"), max_length=150)
    name = forms.CharField(label=_("Name"), max_length=100)
    organisation = forms.CharField(
        label=_("Organisation (unified social credit code)"), max_length=18, required=False
    )
    specialities = forms.CharField(label=_("Fields of speciality"), max_length=300, required=False)


class AssignForm(StyledForm):
    expert = forms.IntegerField(widget=forms.HiddenInput)


class CallFilterForm(StyledForm):
    """The call list by programme and province."""

    scope = forms.ChoiceField(
        label=_("Programme"), required=False, choices=[("", _("All")), *CallScope.choices]
    )
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[("", _("All")), *Province.choices]
    )


class DecisionForm(StyledForm):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)

    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, scope: str = CallScope.NATIONAL, **kwargs: Any) -> None:
        """The outcomes a call of ``scope`` may decide (``choices.SCOPE_OUTCOMES``)."""
        from itisa.pilots.choices import SCOPE_OUTCOMES

        super().__init__(*args, **kwargs)
        allowed = SCOPE_OUTCOMES[scope]
        self.fields["outcome"].choices = [(v, label) for v, label in Outcome.choices if v in allowed]  # type: ignore[attr-defined]


class ReviewForm(StyledForm):
    """One score (0–100) and one comment per rubric criterion, and an overall opinion."""

    summary = forms.CharField(label=_("Overall opinion"), widget=forms.Textarea(attrs={"rows": 4}))
    # a review cannot be changed once submitted: the first post shows the weighted total and asks
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, rubric: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        confirmed = self.fields.pop("confirmed")
        summary = self.fields.pop("summary")
        for c in rubric:
            self.fields[f"score_{c['code']}"] = forms.IntegerField(
                label=_("%(criterion)s (weight %(weight)s)")
                % {"criterion": item_label(c), "weight": c["weight"]},
                min_value=0,
                max_value=100,
            )
            self.fields[f"comment_{c['code']}"] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        self.fields["summary"] = summary
        self.fields["confirmed"] = confirmed
        for field in self.fields.values():
            widget = field.widget
            if "form-control" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} form-control".strip()

    def scores(self) -> dict[str, Any]:
        return {c["code"]: self.cleaned_data.get(f"score_{c['code']}") for c in self.rubric}

    def comments(self) -> dict[str, str]:
        return {c["code"]: self.cleaned_data.get(f"comment_{c['code']}") or "" for c in self.rubric}
