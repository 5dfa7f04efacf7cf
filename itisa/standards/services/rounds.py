"""Writes of the declaration rounds: open a round before a vote, file a declaration (or its correction),
and open the vote, which waits until every drafting member has declared (the issue's done-when)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.core.values import is_blank
from itisa.governance.choices import MotionStatus, VotingMethod
from itisa.governance.services import motion_open
from itisa.projects.services.projects import approving_bodies
from itisa.standards import actions, notices
from itisa.standards.choices import RoundOutcome, Stage
from itisa.standards.models import DraftingMember, IprDeclaration, StandardProject, VoteRound
from itisa.standards.permissions import can_declare_for, declares_as_member
from itisa.standards.rules import declaration_problems, missing_declarations, normalised_patents
from itisa.standards.services.common import Errors, invalid, locked, require_keeper
from itisa.standards.services.inputs import DeclarationInput
from itisa.standards.workflows import VOTED_MOVES

if TYPE_CHECKING:
    from itisa.accounts.models import User
    from itisa.governance.models import Body


def open_round(standard: StandardProject) -> VoteRound | None:
    return standard.rounds.filter(outcome=RoundOutcome.OPEN).first()


def round_open(*, by: User, standard: StandardProject) -> VoteRound:
    """Open a round of IPR declarations before the decision body votes on the standard's next voted move
    (approval for drafting; submission for approval); the drafting members' contacts are told."""
    require_keeper(by, standard.alliance)
    with transaction.atomic():
        obj = locked(standard)
        target = VOTED_MOVES.get(obj.stage)
        if target is None:
            raise DomainError(
                _("At %(stage)s no vote is due: declarations are collected before approval for drafting "
                  "and before submission for approval.") % {"stage": obj.get_stage_display()}
            )  # fmt: skip
        if open_round(obj) is not None:
            raise Conflict(_("A declaration round is already open for this standard."))
        seq = (obj.rounds.aggregate(m=Max("seq"))["m"] or 0) + 1
        row = VoteRound.objects.create(
            standard=obj, seq=seq, target=target, opened_by=by, opened_at=timezone.now()
        )
        log_action(obj, actions.ROUND_OPENED, by=by, data={"round": seq, "target": target})
        notices.round_opened(obj, row, by=by)
    return row


def _voting(row: VoteRound) -> bool:
    """Whether the round's vote is open or done (a withdrawn motion leaves the round to vote again)."""
    return row.motion is not None and row.motion.status != MotionStatus.WITHDRAWN


def _current(row: VoteRound, organisation_id: int) -> IprDeclaration | None:
    return (
        row.declarations.filter(organisation_id=organisation_id, superseded_by__isnull=True)
        .order_by("-pk")
        .first()
    )


def declaration_file(*, by: User, standard: StandardProject, data: DeclarationInput) -> IprDeclaration:
    """File a drafting member's IPR disclosure and licensing declaration in the open round (its contact or
    legal representative; or the secretariat with the signed document's reference). A second one from the
    same member supersedes the first; both are kept."""
    decision = can_declare_for(by, standard.alliance, data.organisation)
    if not decision:
        raise PermissionDenied(decision.reason)
    errors: Errors = declaration_problems(
        holds_essential=data.holds_essential, patents=data.patents, position=data.licensing
    )
    # the secretariat records what the member signed, with its reference
    acting_for_self = data.organisation is not None and declares_as_member(by, data.organisation)
    if not acting_for_self and is_blank(data.document_ref):
        errors["document_ref"] = [_("Give the reference of the member's signed declaration.")]
    invalid(errors)
    with transaction.atomic():
        obj = locked(standard)
        drafter = (
            DraftingMember.objects.filter(standard=obj, organisation_id=data.organisation or 0)
            .select_related("organisation")
            .first()
        )
        if drafter is None:
            raise DomainError(
                _("Please correct the errors below."),
                fields={"organisation": [_("Choose a drafting member of the standard.")]},
            )
        row = open_round(obj)
        if row is None:
            raise DomainError(_("No declaration round is open for this standard."))
        if _voting(row):
            raise DomainError(_("The vote is open: the declarations of this round are closed."))
        earlier = _current(row, drafter.organisation_id)
        declaration = IprDeclaration(
            round=row, organisation=drafter.organisation, holds_essential=data.holds_essential,
            patents=normalised_patents(data.patents), licensing=data.licensing, document_ref=data.document_ref,
            note=data.note, supersedes=earlier, by=by, at=timezone.now(),
        )  # fmt: skip
        declaration.save()
        log_action(
            obj, actions.DECLARATION_FILED, by=by, sealed=[declaration],
            data={"round": row.seq, "organisation": drafter.organisation.uscc,
                  "holds_essential": declaration.holds_essential, "patents": declaration.patents,
                  "licensing": declaration.licensing, "document_ref": declaration.document_ref,
                  "supersedes": earlier.pk if earlier else None},
        )  # fmt: skip
    return declaration


def missing_in(row: VoteRound) -> list[str]:
    """The names of the drafting members who have not declared in ``row`` (two queries)."""
    drafters = dict(
        DraftingMember.objects.filter(standard_id=row.standard_id)
        .order_by("pk")
        .values_list("organisation_id", "organisation__name_zh")
    )
    declared = row.declarations.values_list("organisation_id", flat=True)
    return missing_declarations(drafters, declared)


def vote_open(*, by: User, standard: StandardProject, body: Body, deadline: dt.datetime) -> VoteRound:
    """Put the round's move to a ballot of the decision body the agreement names. Refused until every
    drafting member has filed its IPR declaration for the round: the vote cannot open without them."""
    require_keeper(by, standard.alliance)
    if body not in approving_bodies(standard.alliance):
        invalid({"body": [_("Choose the decision body the alliance's agreement names.")]})
    with transaction.atomic():
        obj = locked(standard)
        row = open_round(obj)
        if row is None:
            raise DomainError(_("Open a declaration round before the vote."))
        if _voting(row):
            raise Conflict(_("The vote of this round is already open."))
        missing = missing_in(row)
        if missing:
            raise DomainError(
                _("The vote cannot open: every drafting member files its IPR declaration first. "
                  "Missing: %(names)s.") % {"names": "、".join(missing)}
            )  # fmt: skip
        with translation.override("zh-hans"):
            title = _("Motion on the standard %(code)s %(title)s: %(target)s") % {
                "code": obj.code, "title": obj.title_zh, "target": Stage(row.target).label}  # fmt: skip
            text = _("Level: %(level)s; drafting members have declared their essential patents in round %(seq)s.") % {
                "level": obj.get_level_display(), "seq": row.seq}  # fmt: skip
        row.motion = motion_open(
            by=by, body=body, title_zh=str(title)[:200], text_zh=str(text), method=VotingMethod.BALLOT,
            deadline=deadline,
        )  # fmt: skip
        row.save(update_fields=["motion"])
        log_action(obj, actions.VOTE_OPENED, by=by,
                   data={"round": row.seq, "target": row.target, "motion": row.motion.pk, "body": body.name_zh})  # fmt: skip
    return row
