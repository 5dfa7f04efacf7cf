"""The steps of one evaluation (国科办政〔2012〕47号): self-evaluation, verification, eligibility re-check,
expert panel, comments of the competent departments, and the grade the national office approves."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import Conflict, DomainError, full_clean
from itisa.core.values import is_blank, strip_text
from itisa.evaluation import actions, rules
from itisa.evaluation.choices import PART_CODES, EvaluationStatus, Grade
from itisa.evaluation.models import (
    DepartmentComment,
    EligibilityRecheck,
    Evaluation,
    PanelAssignment,
    PanelReview,
    SelfEvaluation,
)
from itisa.evaluation.permissions import (
    can_comment,
    can_manage_evaluation,
    can_review_panel,
    can_run_step,
    can_submit_self_evaluation,
    can_verify,
)
from itisa.evaluation.services._common import locked, require, secretaries, step
from itisa.indicators.selectors import indicator_table
from itisa.notifications.services import link, notify
from itisa.pilots.eligibility import RULE_SETS
from itisa.pilots.eligibility.build import alliance_report
from itisa.pilots.models import Expert
from itisa.pilots.permissions import recommender_capacity
from itisa.pilots.selectors import expert_conflicts

if TYPE_CHECKING:
    from itisa.accounts.models import User


def _figures(alliance_id: int, year: int) -> list[dict[str, Any]]:
    """The alliance's indicator table of ``year``: the recorded value, else what the system counts."""
    rows = []
    for row in indicator_table(alliance_id, year):
        value = row.current.value if row.current is not None else row.system
        if value is None:
            continue
        rows.append({
            "code": row.indicator.code, "name_zh": row.indicator.name_zh, "name_en": row.indicator.name_en,
            "unit": row.indicator.unit, "value": str(value),
            "self_reported": bool(row.current is not None and row.current.self_reported),
        })  # fmt: skip
    return rows


def self_evaluation_submit(
    *, by: User, evaluation: Evaluation, parts: dict[str, str], figures_year: int | None = None,
    now: dt.datetime | None = None,
) -> SelfEvaluation:  # fmt: skip
    """The secretariat submits its self-evaluation: a text for each of the five parts, and optionally the
    figures of its indicator table for a year (copied as they stand). Written once; the office verifies it."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = locked(evaluation)
        require(can_submit_self_evaluation(by, obj))
        errors: dict[str, list[str]] = {}
        clean = {code: strip_text(str(parts.get(code) or "")) for code in PART_CODES}
        for code, text in clean.items():
            if is_blank(text):
                errors[code] = [_("This field is required.")]
        unknown = sorted(set(parts) - set(PART_CODES))
        if unknown:
            errors["parts"] = [_("Unknown parts: %(codes)s.") % {"codes": ", ".join(unknown)}]
        if figures_year is not None and not 2000 <= figures_year <= timezone.localdate(now).year:
            errors["figures_year"] = [_("Give a past or the current year.")]
        if errors:
            raise DomainError(_("Please correct the errors below."), fields=errors)
        figures = _figures(obj.alliance_id, figures_year) if figures_year is not None else []
        report = SelfEvaluation(evaluation=obj, parts=clean, figures_year=figures_year, figures=figures,
                                submitted_by=by, submitted_at=now)  # fmt: skip
        full_clean(report)
        report.save()
        log_action(report, actions.SELF_EVALUATION_SUBMITTED, by=by, sealed=[report], data={
            "evaluation": obj.pk, "parts": clean, "figures_year": figures_year, "figures": len(figures),
        })  # fmt: skip
        step(obj, EvaluationStatus.VERIFICATION, by=by, now=now)
    return report


def evaluation_verify(
    *, by: User, evaluation: Evaluation, accept: bool, comment: str = "", now: dt.datetime | None = None
) -> Evaluation:
    """The office (or the provincial department in charge) verifies the self-evaluation, or returns it to the
    alliance with the reason (the corrected report is a new submission)."""
    with transaction.atomic():
        obj = locked(evaluation)
        require(can_verify(by, obj))
        comment = strip_text(comment)
        if not accept and not comment:
            raise DomainError(_("Please correct the errors below."),
                              fields={"comment": [_("Say what the alliance must correct.")]})  # fmt: skip
        target = EvaluationStatus.ELIGIBILITY if accept else EvaluationStatus.SELF_EVALUATION
        step(obj, target, by=by, comment=comment, now=now)
        if not accept:
            notify(
                recipients=secretaries(obj.alliance_id),
                kind="evaluation.returned",
                subject=lambda: (
                    _("The self-evaluation of %(alliance)s is returned for correction")
                    % {"alliance": obj.alliance.code}
                ),
                body=comment,
                url=link("evaluation:evaluation", obj.pk),
                alliance=obj.alliance,
                by=by,
            )
    return obj


def evaluation_recheck(
    *, by: User, evaluation: Evaluation, now: dt.datetime | None = None
) -> EligibilityRecheck:
    """Re-check Article 8 with the rule set in force on the re-check date, store the report (written once) and
    open the expert panel; the report goes to the experts whatever it says (国科发政〔2008〕770号 第八条)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        obj = locked(evaluation)
        require(can_run_step(by, obj, EvaluationStatus.ELIGIBILITY))
        code = rules.rule_set_in_force(today, {c: s.dated for c, s in RULE_SETS.items()})
        report = alliance_report(obj.alliance, rules=code, as_of=today).as_json()
        recheck = EligibilityRecheck(evaluation=obj, rules=code, on=today, report=report,
                                     eligible=report["eligible"], by=by, at=now)  # fmt: skip
        recheck.save()
        log_action(recheck, actions.RECHECKED, by=by, sealed=[recheck], data={
            "evaluation": obj.pk, "rules": code, "on": today.isoformat(), "eligible": report["eligible"],
            "failing": [c["code"] for c in report["criteria"] if c["result"] == "fail"],
        })  # fmt: skip
        step(obj, EvaluationStatus.EXPERT_PANEL, by=by, now=now, data={"rules": code})
    return recheck


def panel_assign(
    *, by: User, evaluation: Evaluation, expert: Expert, now: dt.datetime | None = None
) -> PanelAssignment:
    """Put an expert of the pilot program's pool on the panel. Refused, with the reason, on a conflict of
    interest (the pilot program's rule: ``pilots.selectors.expert_conflicts``)."""
    require(can_manage_evaluation(by))
    with transaction.atomic():
        obj = locked(evaluation)
        if obj.status not in (EvaluationStatus.ELIGIBILITY, EvaluationStatus.EXPERT_PANEL):
            raise DomainError(_("Experts are put on the panel during the eligibility re-check or the panel."))
        if not expert.active:
            raise DomainError(
                _("This expert is no longer in the pool."), fields={"expert": [_("Not in the pool.")]}
            )
        if expert.user_id is None:
            raise DomainError(
                _("%(name)s has no account on the platform yet, so could not review.")
                % {"name": expert.name},
                fields={"expert": [_("No account.")]},
            )
        conflicts = expert_conflicts(expert, obj.alliance)
        if conflicts:
            raise Conflict(
                _("%(name)s has a conflict of interest: %(reasons)s.")
                % {"name": expert.name, "reasons": "; ".join(conflicts)},
                fields={"expert": conflicts},
            )
        assignment = PanelAssignment(
            evaluation=obj, expert=expert, assigned_by=by, assigned_at=now or timezone.now()
        )
        try:
            with transaction.atomic():
                assignment.save()
        except IntegrityError as exc:
            raise Conflict(_("%(name)s is already on this panel.") % {"name": expert.name}) from exc
        log_action(obj, actions.EXPERT_ASSIGNED, by=by, data={"expert": expert.pk, "name": expert.name})
        notify(
            recipients=[expert.user],
            kind="evaluation.panel.assigned",
            subject=lambda: _("Please grade the pilot %(alliance)s") % {"alliance": obj.alliance.code},
            body="",
            url=link("evaluation:review", assignment.pk),
            by=by,
        )
    return assignment


def panel_review_submit(
    *, by: User, assignment: PanelAssignment, grade: str, reasons: str, now: dt.datetime | None = None
) -> PanelReview:
    """The assigned expert proposes a grade with reasons. Once submitted, never changed."""
    with transaction.atomic():
        obj = (
            PanelAssignment.objects.select_for_update(of=("self",))
            .select_related("expert", "expert__organisation", "evaluation__alliance")
            .get(pk=assignment.pk)
        )
        require(can_review_panel(by, obj))
        errors: dict[str, list[str]] = {}
        if grade not in Grade.values:
            errors["grade"] = [_("Choose A, B or C.")]
        if is_blank(reasons):
            errors["reasons"] = [_("Give the reasons for the grade.")]
        if errors:
            raise DomainError(_("Please correct the errors below."), fields=errors)
        review = PanelReview(
            assignment=obj, grade=grade, reasons=strip_text(reasons), submitted_at=now or timezone.now()
        )
        full_clean(review)
        try:
            with transaction.atomic():
                review.save()
        except IntegrityError as exc:
            raise Conflict(_("Your review is submitted; it cannot be changed.")) from exc
        log_action(review, actions.REVIEW_SUBMITTED, by=by, sealed=[review], data={
            "evaluation": obj.evaluation_id, "expert": obj.expert_id, "grade": grade,
        })  # fmt: skip
    return review


def panel_close(*, by: User, evaluation: Evaluation, now: dt.datetime | None = None) -> Evaluation:
    """Close the panel once every assigned expert has reviewed (one at least) and open the departments' comments."""
    with transaction.atomic():
        obj = locked(evaluation)
        require(can_run_step(by, obj, EvaluationStatus.EXPERT_PANEL))
        grades = list(PanelReview.objects.filter(assignment__evaluation=obj).values_list("grade", flat=True))
        waiting = PanelAssignment.objects.filter(evaluation=obj, review__isnull=True).count()
        if not grades or waiting:
            raise Conflict(
                _("Every expert on the panel reviews first (at least one); %(n)s still to review.")
                % {"n": waiting}
            )
        step(obj, EvaluationStatus.COMMENTS, by=by, now=now, data={"panel": rules.panel_tally(grades)})
    return obj


def comment_give(
    *, by: User, evaluation: Evaluation, text: str, now: dt.datetime | None = None
) -> DepartmentComment:
    """A competent department comments on the evaluation, once per capacity (province, ministry, association)."""
    with transaction.atomic():
        obj = locked(evaluation)
        require(can_comment(by, obj))
        if is_blank(text):
            raise DomainError(
                _("Please correct the errors below."), fields={"text": [_("This field is required.")]}
            )
        capacity = recommender_capacity(by, obj.alliance)
        comment = DepartmentComment(evaluation=obj, capacity=capacity, text=strip_text(text), by=by,
                                    at=now or timezone.now())  # fmt: skip
        try:
            with transaction.atomic():
                comment.save()
        except IntegrityError as exc:
            raise Conflict(_("Your department has commented on this evaluation already.")) from exc
        log_action(comment, actions.COMMENTED, by=by, sealed=[comment],
                   data={"evaluation": obj.pk, "capacity": capacity, "text": comment.text})  # fmt: skip
    return comment


def evaluation_decide(
    *, by: User, evaluation: Evaluation, grade: str, reasons: str, now: dt.datetime | None = None
) -> Evaluation:
    """The national office approves the grade with its reasons after the departments' comments. Effective when
    the campaign's grades are published (``campaign_publish``)."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if grade not in Grade.values:
        errors["grade"] = [_("Choose A, B or C.")]
    if is_blank(reasons):
        errors["reasons"] = [_("Give the reasons for the grade.")]
    with transaction.atomic():
        obj = locked(evaluation)
        require(can_run_step(by, obj, EvaluationStatus.COMMENTS))
        if errors:
            raise DomainError(_("Please correct the errors below."), fields=errors)
        obj.grade, obj.grade_reasons, obj.decided_by, obj.decided_at = grade, strip_text(reasons), by, now
        step(obj, EvaluationStatus.DECIDED, by=by, now=now, comment=obj.grade_reasons,
             fields=("grade", "grade_reasons", "decided_by", "decided_at"),
             data={"grade": grade, "reasons": obj.grade_reasons})  # fmt: skip
    return obj


__all__ = [
    "comment_give", "evaluation_decide", "evaluation_recheck", "evaluation_verify", "panel_assign",
    "panel_close", "panel_review_submit", "self_evaluation_submit",
]  # fmt: skip
