"""The expert pool, assignments (refused on a conflict of interest) and reviews (written once)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import Conflict, DomainError, full_clean
from itisa.core.values import is_blank, strip_text
from itisa.pilots import actions
from itisa.pilots.choices import ApplicationStatus as A
from itisa.pilots.models import Application, Assignment, Expert, Review
from itisa.pilots.permissions import can_manage_call, can_manage_program, can_review
from itisa.pilots.selectors import expert_conflicts, weighted_total
from itisa.pilots.services._common import require
from itisa.registry.models import Organisation

if TYPE_CHECKING:
    from itisa.accounts.models import User

# Experts may be assigned while the office checks the application or while it is in expert review.
ASSIGNABLE = (A.FORMAL_CHECK, A.EXPERT_REVIEW)


def expert_create(
    *, by: User, user: User, name: str, organisation: Organisation | None = None, specialities: str = "",
    is_demo: bool = False,
) -> Expert:  # fmt: skip
    """Add an account to the office's expert pool, with the organisation it works for and its fields."""
    require(can_manage_program(by))
    if is_blank(name):
        raise DomainError(
            _("Please correct the errors below."), fields={"name": [_("This field is required.")]}
        )
    expert = Expert(
        user=user,
        name=strip_text(name),
        organisation=organisation,
        specialities=strip_text(specialities),
        is_demo=is_demo,
    )
    try:
        with transaction.atomic():
            expert.save()
            log_action(
                expert,
                actions.EXPERT_ADDED,
                by=by,
                data={
                    "user": user.get_username(),
                    "name": expert.name,
                    "organisation": organisation.uscc if organisation else None,
                    "specialities": expert.specialities,
                },
            )
    except IntegrityError as exc:
        raise Conflict(
            _("This account is already in the expert pool."), fields={"user": [_("Already an expert.")]}
        ) from exc
    return expert


def expert_remove(*, by: User, expert: Expert) -> Expert:
    """Take an expert out of the pool: no new assignments; their assignments and reviews stay as they are."""
    require(can_manage_program(by))
    with transaction.atomic():
        obj = Expert.objects.select_for_update().get(pk=expert.pk)
        if not obj.active:
            raise Conflict(
                _("%(name)s is no longer in the expert pool.") % {"name": obj.name},
                fields={"expert": [_("Not in the pool.")]},
            )
        obj.active = False
        obj.save(update_fields=["active", "updated_at"])
        log_action(
            obj,
            actions.EXPERT_REMOVED,
            by=by,
            data={
                "user": obj.user.get_username() if obj.user else None,
                "name": obj.name,
                "assignments": obj.assignments.count(),
            },
        )
    return obj


def expert_assign(
    *, by: User, application: Application, expert: Expert, now: dt.datetime | None = None
) -> Assignment:
    """Assign an expert to review an application (at ``now``, default now). Refused, with the reason, when the
    expert's organisation is an active member of the alliance, holds a seat on its bodies, or the expert
    represents or holds a seat. Whoever runs the call assigns (a provincial department for its calls), from
    the office's one pool."""
    require(can_manage_call(by, application.call))
    if application.status not in ASSIGNABLE:
        raise DomainError(
            _("Experts are assigned while the application is in formal check or expert review.")
        )
    if not expert.active:
        raise DomainError(
            _("This expert is no longer in the pool."), fields={"expert": [_("Not in the pool.")]}
        )
    if expert.user_id is None:
        raise DomainError(
            _("%(name)s has no account on the platform yet, so could not review.") % {"name": expert.name},
            fields={"expert": [_("No account.")]},
        )
    conflicts = expert_conflicts(expert, application.alliance)
    if conflicts:
        raise Conflict(
            _("%(name)s has a conflict of interest: %(reasons)s.")
            % {"name": expert.name, "reasons": "; ".join(conflicts)},
            fields={"expert": conflicts},
        )
    assignment = Assignment(
        application=application, expert=expert, assigned_by=by, assigned_at=now or timezone.now()
    )
    try:
        with transaction.atomic():
            assignment.save()
            log_action(
                application,
                actions.EXPERT_ASSIGNED,
                by=by,
                data={"expert": expert.pk, "name": expert.name},
            )
            from itisa.notifications.services import link, notify

            notify(
                recipients=[expert.user],
                kind="pilots.review.assigned",
                subject=lambda: _("Please review the pilot application of %(alliance)s") % {
                    "alliance": application.alliance.code},
                body="",
                url=link("pilots:review", assignment.pk),
                by=by,
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(
            _("%(name)s is already assigned to this application.") % {"name": expert.name}
        ) from exc
    return assignment


def review_submit(
    *,
    by: User,
    assignment: Assignment,
    scores: dict[str, Any],
    comments: dict[str, str] | None = None,
    summary: str,
    now: dt.datetime | None = None,
) -> Review:
    """The assigned expert scores every rubric criterion 0–100 with comments, submitted at ``now`` (default
    now). Once submitted, never changed."""
    with transaction.atomic():
        obj = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("expert", "expert__organisation", "application__alliance", "application__call")
            .get(pk=assignment.pk)
        )
        require(can_review(by, obj))
        rubric = obj.application.call.rubric
        codes = [c["code"] for c in rubric]
        errors: dict[str, list[str]] = {}
        clean: dict[str, int] = {}
        for code in codes:
            value = scores.get(code)
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value.strip())
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
                errors[f"score_{code}"] = [_("Give a whole number from 0 to 100.")]
            else:
                clean[code] = value
        unknown = sorted(set(scores) - set(codes))
        if unknown:
            errors["scores"] = [_("Unknown criteria: %(codes)s.") % {"codes": ", ".join(unknown)}]
        if is_blank(summary):
            errors["summary"] = [_("Give your overall opinion.")]
        if errors:
            raise DomainError(_("Please correct the errors below."), fields=errors)
        notes = {c: str((comments or {}).get(c, "")).strip() for c in codes}
        review = Review(
            assignment=obj,
            scores=clean,
            comments=notes,
            summary=strip_text(summary),
            total=weighted_total(rubric, clean),
            submitted_at=now or timezone.now(),
        )
        full_clean(review)
        try:
            with transaction.atomic():
                review.save()
        except IntegrityError as exc:
            raise Conflict(_("Your review is submitted; it cannot be changed.")) from exc
        # attached to the review, not the application: the alliance never sees the scores
        log_action(
            review,
            actions.REVIEW_SUBMITTED,
            by=by,
            data={
                "application": obj.application_id,
                "expert": obj.expert_id,
                "scores": clean,
                "total": str(review.total),
            },
            sealed=[review],
        )
    return review
