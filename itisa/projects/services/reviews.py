"""Mid-term and acceptance reviews of projects by experts of the pilot program's pool: an expert from (or
acting for) a participating organisation may not review (``rules.conflict_reasons``); opinions are
written once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.accounts.choices import ORGANISATION_ROLES
from itisa.accounts.models import RoleAssignment
from itisa.audit.services import log_action
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.core.inputs import refuse_bad_values
from itisa.core.values import is_blank, strip_text
from itisa.pilots.models import Expert
from itisa.projects import actions, notices
from itisa.projects.choices import ProjectStatus, ReviewKind, Verdict
from itisa.projects.models import Opinion, Project, ReviewAssignment, ReviewRound
from itisa.projects.permissions import INSIDERS, can_give_opinion, can_manage_projects
from itisa.projects.rules import conflict_reasons

if TYPE_CHECKING:
    from itisa.accounts.models import User

# a mid-term review while the project runs; the acceptance review once it is sent to acceptance (验收)
REVIEWABLE = {ReviewKind.MIDTERM: ProjectStatus.RUNNING, ReviewKind.ACCEPTANCE: ProjectStatus.ACCEPTANCE}


def review_open(*, by: User, project: Project, kind: str) -> ReviewRound:
    """Open a mid-term or acceptance review of the project."""
    decision = can_manage_projects(by, project.alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    if kind not in ReviewKind.values:
        raise DomainError(
            _("Please correct the errors below."), fields={"kind": [_("Choose a valid option.")]}
        )
    with transaction.atomic():
        obj = Project.objects.select_for_update().get(pk=project.pk)
        if obj.status != REVIEWABLE[ReviewKind(kind)]:
            raise DomainError(
                _("A %(kind)s is opened while the project is %(status)s.")
                % {
                    "kind": ReviewKind(kind).label,
                    "status": ProjectStatus(REVIEWABLE[ReviewKind(kind)]).label,
                }
            )
        review = ReviewRound.objects.create(
            project=obj, kind=kind, opened_by=by, opened_by_label=by.get_username(), opened_at=timezone.now()
        )
        log_action(obj, actions.REVIEW_OPENED, by=by, data={"review": review.pk, "kind": kind})
    return review


def expert_conflicts(expert: Expert, project: Project) -> list[str]:
    """Why ``expert`` may not review ``project`` (three queries)."""
    participants = list(project.participants.values_list("organisation_id", flat=True))
    acts_for = (
        RoleAssignment.objects.filter(user_id=expert.user_id, role__in=list(ORGANISATION_ROLES))
        .exclude(organisation=None)
        .values_list("organisation_id", flat=True)
        if expert.user_id
        else []
    )
    insider = expert.user_id is not None and (
        RoleAssignment.objects.filter(
            user__pk=expert.user_id, alliance_id=project.alliance_id, role__in=list(INSIDERS)
        ).exists()
    )
    return conflict_reasons(
        expert_org_id=expert.organisation_id,
        expert_org_name=expert.organisation.name_zh if expert.organisation else "",
        expert_user_org_ids=list(acts_for),
        participant_org_ids=participants,
        expert_is_insider=insider,
    )


def expert_assign(*, by: User, review: ReviewRound, expert: Expert) -> ReviewAssignment:
    """Assign an expert of the pool to a review. Refused, with the reason, on a conflict of interest."""
    project = review.project
    decision = can_manage_projects(by, project.alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    if not expert.active:
        raise DomainError(
            _("This expert is no longer in the pool."), fields={"expert": [_("Not in the pool.")]}
        )
    if expert.user_id is None:
        raise DomainError(
            _("%(name)s has no account on the platform yet, so could not review.") % {"name": expert.name},
            fields={"expert": [_("No account.")]},
        )
    conflicts = expert_conflicts(expert, project)
    if conflicts:
        raise Conflict(
            _("%(name)s has a conflict of interest: %(reasons)s.")
            % {"name": expert.name, "reasons": "; ".join(conflicts)},
            fields={"expert": conflicts},
        )
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.create(
                round=review,
                expert=expert,
                assigned_by=by,
                assigned_by_label=by.get_username(),
                assigned_at=timezone.now(),
            )
            log_action(
                project,
                actions.EXPERT_ASSIGNED,
                by=by,
                data={"review": review.pk, "kind": review.kind, "expert": expert.pk, "name": expert.name},
            )
            notices.expert_assigned(assignment, by=by)
    except IntegrityError as exc:
        raise Conflict(_("%(name)s is already assigned to this review.") % {"name": expert.name}) from exc
    return assignment


def opinion_submit(*, by: User, assignment: ReviewAssignment, score: int, verdict: str, text: str) -> Opinion:
    """The assigned expert scores the project 0–100, passes or fails it and says why. Written once."""
    refuse_bad_values(text=text)
    with transaction.atomic():
        obj = (
            ReviewAssignment.objects.select_for_update(of=("self",))
            .select_related("expert", "round__project__alliance")
            .get(pk=assignment.pk)
        )
        decision = can_give_opinion(by, obj)
        if not decision:
            raise PermissionDenied(decision.reason)
        # a conflict that arose after the assignment bars the opinion (as it bars a pilot review)
        conflicts = expert_conflicts(obj.expert, obj.round.project)
        if conflicts:
            raise PermissionDenied(
                _("You have a conflict of interest with this project: %(reasons)s")
                % {"reasons": "; ".join(conflicts)}
            )
        errors: dict[str, list[str]] = {}
        if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 100:
            errors["score"] = [_("Give a whole number from 0 to 100.")]
        if verdict not in Verdict.values:
            errors["verdict"] = [_("Choose a valid option.")]
        if is_blank(text):
            errors["text"] = [_("Give your overall opinion.")]
        if errors:
            raise DomainError(_("Please correct the errors below."), fields=errors)
        opinion = Opinion(assignment=obj, score=score, verdict=verdict, text=strip_text(text),
                          submitted_at=timezone.now())  # fmt: skip
        try:
            with transaction.atomic():
                opinion.save()
        except IntegrityError as exc:
            raise Conflict(_("Your opinion is submitted; it cannot be changed.")) from exc
        log_action(
            obj.round.project,
            actions.OPINION_SUBMITTED,
            by=by,
            data={"review": obj.round_id, "expert": obj.expert_id, "score": score, "verdict": verdict},
            sealed=[opinion],
        )
    return opinion
