"""Writes of the promotion of alliances: key technical problems (draft, change, publish, close, delete a
draft) and endorsements (record, withdraw).

Every service checks the permission (``permissions``, refusing with the reason) and the status, writes, and
leaves one audit entry in the same transaction; the audit log is the history. Endorsing or withdrawing tells
the alliance's secretariat or the proposer (``notices``) after commit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.core.industries import Industry
from itisa.core.inputs import ServiceInput
from itisa.core.regions import Province
from itisa.core.values import is_blank
from itisa.founding.models import AllianceProposal
from itisa.promotion import actions, notices
from itisa.promotion.choices import BodyKind, EndorsementStatus, ProblemStatus, body_label
from itisa.promotion.models import Endorsement, KeyProblem
from itisa.promotion.permissions import (
    ONLY_PROMOTERS,
    bodies_of,
    can_edit_problem,
    can_endorse,
    can_withdraw_endorsement,
    covering_bodies,
    problem_actors,
)
from itisa.promotion.rules import Body, problem_scope_problems
from itisa.promotion.workflows import BODY, ENDORSEMENT_TRANSITIONS, PROBLEM_TRANSITIONS
from itisa.registry.models import Alliance

if TYPE_CHECKING:
    from itisa.accounts.models import User

PROBLEM_FIELDS = ("title_zh", "title_en", "description", "industry", "province", "keywords")


class ProblemInput(ServiceInput):
    """What an officer writes about a key technical problem. ``body`` (``province:37``, ``association:B``)
    names the body it publishes for; a province's problem is of its province (the province is filled in),
    an association's or ministry's of its industry (the industry is filled in)."""

    body: str = ""
    title_zh: str = ""
    title_en: str = ""
    description: str = ""
    industry: str = ""
    province: str = ""
    keywords: str = ""


class EndorsementInput(ServiceInput):
    """An endorsement's statement, the body it is made for (needed only when the officer acts for several
    bodies that promote the subject) and optionally the id of one of that body's open key problems."""

    body: str = ""
    statement: str = ""
    problem: int | None = None


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


SCOPE_MESSAGES = {
    "own_province": lambda: _("A provincial department's problem is of its own province."),
    "own_industry": lambda: _("An association's or ministry's problem is of its own industry."),
    "no_province": lambda: _("An association's or ministry's problem names no province."),
    "required": lambda: _("This field is required."),
}


def _fill(problem: KeyProblem, data: ProblemInput) -> None:
    """Fill ``problem`` from ``data`` (its body already set) and refuse, with every field error at once."""
    errors: dict[str, list[str]] = {}
    body = problem.body
    for field in PROBLEM_FIELDS:
        setattr(problem, field, getattr(data, field))
    if body.kind == BodyKind.PROVINCE and not problem.province:
        problem.province = body.code
    if body.kind != BodyKind.PROVINCE and not problem.industry:
        problem.industry = body.code
    for field in ("title_zh", "description"):
        if is_blank(getattr(problem, field)):
            _add(errors, field, _("This field is required."))
    if problem.industry and problem.industry not in Industry.values:
        _add(errors, "industry", _("Choose a GB/T 4754 section."))
    if problem.province and problem.province not in Province.values:
        _add(errors, "province", _("Choose a province."))
    for field, code in problem_scope_problems(
        body, province=problem.province, industry=problem.industry
    ).items():
        if field not in errors:
            _add(errors, field, SCOPE_MESSAGES[code]())
    try:
        problem.full_clean(exclude=["created_by", *errors], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)


def _snapshot(problem: KeyProblem) -> dict[str, Any]:
    return {"body": problem.body.key, **{f: getattr(problem, f) for f in PROBLEM_FIELDS}}


def problem_create(*, by: User, data: ProblemInput) -> KeyProblem:
    """Draft a key technical problem for one of the officer's bodies (Art. 11, 12). Nothing is public yet."""
    body = _publishing_body(by, data.body)
    problem = KeyProblem(body_kind=body.kind, body_code=body.code, created_by=by)
    _fill(problem, data)
    with transaction.atomic():
        problem.save()
        log_action(problem, actions.PROBLEM_CREATED, by=by, data=_snapshot(problem))
    return problem


def _publishing_body(by: User, key: str) -> Body:
    """The body named by ``key``, which ``by`` must act for; with no key, the officer's only body."""
    bodies = bodies_of(by)
    if not bodies:
        raise PermissionDenied(ONLY_PROMOTERS)
    if not key and len(bodies) == 1:
        return bodies[0]
    body = Body.from_key(key)
    if body is None:
        raise DomainError(_("Please correct the errors below."),
                          fields={"body": [_("Choose the body you publish for.")]})  # fmt: skip
    if body not in bodies:
        raise PermissionDenied(
            _("You are not an officer of %(body)s.") % {"body": body_label(body.kind, body.code)}
        )
    return body


def _locked_problem(problem: KeyProblem) -> KeyProblem:
    return KeyProblem.objects.select_for_update().get(pk=problem.pk)


def _demand(decision: Any) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def problem_update(*, by: User, problem: KeyProblem, data: ProblemInput) -> KeyProblem:
    """Change a draft problem (its body's officers); the audit entry keeps what changed."""
    with transaction.atomic():
        obj = _locked_problem(problem)
        _demand(can_edit_problem(by, obj))
        before = _snapshot(obj)
        _fill(obj, data)
        obj.save()
        after = _snapshot(obj)
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if changes:
            log_action(obj, actions.PROBLEM_UPDATED, by=by, data={"changes": changes})
    return obj


def problem_publish(*, by: User, problem: KeyProblem) -> KeyProblem:
    """Publish a draft problem: from now on anyone reads it, and it is closed rather than deleted."""
    with transaction.atomic():
        obj = _locked_problem(problem)
        obj.published_at = timezone.now()
        move(obj, ProblemStatus.OPEN, by=by, actors=problem_actors(by, obj), table=PROBLEM_TRANSITIONS,
             action=actions.PROBLEM_PUBLISHED, fields=["published_at"], object_repr=obj.title_zh,
             invalid=_("Only a draft key technical problem is published."),
             denied=_("Only the officers of the body that drafted a key technical problem publish it."))  # fmt: skip
    return obj


def problem_close(*, by: User, problem: KeyProblem, comment: str = "") -> KeyProblem:
    """Close an open problem (solved, or no longer a priority); it stays public, marked closed."""
    with transaction.atomic():
        obj = _locked_problem(problem)
        obj.closed_at = timezone.now()
        move(obj, ProblemStatus.CLOSED, by=by, actors=problem_actors(by, obj), table=PROBLEM_TRANSITIONS,
             action=actions.PROBLEM_CLOSED, fields=["closed_at"], comment=comment.strip(),
             object_repr=obj.title_zh, invalid=_("Only an open key technical problem is closed."),
             denied=_("Only the officers of the body that published a key technical problem close it."))  # fmt: skip
    return obj


def problem_delete(*, by: User, problem: KeyProblem) -> int:
    """Delete a draft problem (its body's officers); a published one is closed instead, never deleted.
    Returns the id the draft had."""
    with transaction.atomic():
        obj = _locked_problem(problem)
        _demand(can_edit_problem(by, obj))
        pk = obj.pk
        log_action(obj, actions.PROBLEM_DELETED, by=by, data=_snapshot(obj))
        obj.delete()
    return pk


# ------------------------------------------------------------------------------------------ endorsements


def _locked_subject(subject: Alliance | AllianceProposal) -> Alliance | AllianceProposal:
    model = type(subject)
    return model.objects.select_for_update().get(pk=subject.pk)


def _endorsing_body(by: User, subject: Any, key: str) -> Body:
    bodies = covering_bodies(by, subject)
    if key:
        body = Body.from_key(key)
        if body is None or body not in bodies:
            raise DomainError(_("Please correct the errors below."),
                              fields={"body": [_("Choose one of your bodies that promotes this alliance.")]})  # fmt: skip
        return body
    if len(bodies) > 1:
        raise DomainError(_("Please correct the errors below."),
                          fields={"body": [_("You act for several bodies here: choose the one you endorse for.")]})  # fmt: skip
    return bodies[0]


def _problem_of(body: Body, pk: int | None) -> KeyProblem | None:
    if pk is None:
        return None
    problem = KeyProblem.objects.filter(pk=pk, body_kind=body.kind, body_code=body.code,
                                        status=ProblemStatus.OPEN).first()  # fmt: skip
    if problem is None:
        raise DomainError(_("Please correct the errors below."),
                          fields={"problem": [_("Choose one of your body's open key technical problems.")]})  # fmt: skip
    return problem


def _refuse_second(subject: Any, body: Body) -> None:
    """One active endorsement per body and alliance, counting the one of the proposal it was accepted from."""
    active = Endorsement.objects.filter(
        status=EndorsementStatus.ACTIVE, body_kind=body.kind, body_code=body.code
    )
    if isinstance(subject, AllianceProposal):
        taken = active.filter(proposal=subject).exists()
    else:
        taken = active.filter(alliance=subject).exists() or active.filter(proposal__alliance=subject).exists()
    if taken:
        raise Conflict(_("%(body)s has endorsed this alliance already; withdraw that endorsement first.")
                       % {"body": body_label(body.kind, body.code)})  # fmt: skip


def _subject_data(obj: Endorsement) -> dict[str, Any]:
    if obj.alliance_id:
        return {"alliance": obj.alliance.code}  # type: ignore[union-attr]
    return {"proposal": obj.proposal_id, "code": obj.proposal.code}  # type: ignore[union-attr]


def endorsement_record(
    *, by: User, subject: Alliance | AllianceProposal, data: EndorsementInput
) -> Endorsement:
    """Record the endorsement (推荐) of a forming alliance or a submitted proposal by one of the officer's
    bodies that promotes it (Art. 11, 12), with its statement; the secretariat or the proposer is told."""
    with transaction.atomic():
        locked = _locked_subject(subject)
        _demand(can_endorse(by, locked))
        body = _endorsing_body(by, locked, data.body)
        if is_blank(data.statement):
            raise DomainError(_("Please correct the errors below."),
                              fields={"statement": [_("Say why your body recommends this alliance.")]})  # fmt: skip
        problem = _problem_of(body, data.problem)
        _refuse_second(locked, body)
        obj = Endorsement(
            body_kind=body.kind, body_code=body.code, statement=data.statement, problem=problem, by=by
        )
        if isinstance(locked, AllianceProposal):
            obj.proposal = locked
        else:
            obj.alliance = locked
        obj.full_clean(exclude=["by"], validate_constraints=False)
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError as exc:  # a concurrent endorsement by the same body
            raise Conflict(_("%(body)s has endorsed this alliance already; withdraw that endorsement first.")
                           % {"body": body_label(body.kind, body.code)}) from exc  # fmt: skip
        log_action(obj, actions.ENDORSED, by=by, data={
            **_subject_data(obj), "body": body.key, "statement": obj.statement,
            "problem": problem.pk if problem else None,
        })  # fmt: skip
        notices.endorsement_recorded(obj, by=by)
    return obj


def endorsement_withdraw(*, by: User, endorsement: Endorsement, reason: str) -> Endorsement:
    """Withdraw an active endorsement (its body's officers), with a reason; the row is kept, marked
    withdrawn, and the secretariat or the proposer is told."""
    with transaction.atomic():
        obj = (
            Endorsement.objects.select_for_update(of=("self",))
            .select_related("alliance", "proposal")
            .get(pk=endorsement.pk)
        )
        _demand(can_withdraw_endorsement(by, obj))
        if is_blank(reason):
            raise DomainError(_("Please correct the errors below."),
                              fields={"reason": [_("Say why the endorsement is withdrawn.")]})  # fmt: skip
        obj.withdrawn_by, obj.withdrawn_at, obj.withdraw_reason = by, timezone.now(), reason.strip()
        move(obj, EndorsementStatus.WITHDRAWN, by=by, actors={BODY}, table=ENDORSEMENT_TRANSITIONS,
             action=actions.WITHDRAWN, fields=["withdrawn_by", "withdrawn_at", "withdraw_reason"],
             data={"from": EndorsementStatus.ACTIVE.value, "to": EndorsementStatus.WITHDRAWN.value,
                   **_subject_data(obj), "body": obj.body.key, "reason": obj.withdraw_reason},
             invalid=_("This endorsement has been withdrawn already."))  # fmt: skip
        notices.endorsement_withdrawn(obj, by=by)
    return obj
