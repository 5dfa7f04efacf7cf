"""Writes of standards: create one, add its drafting members, move it by hand, and take the decision
body's vote (through governance's ``motion_closed``). Every write checks
``permissions.can_keep_standards``, runs in one transaction and leaves an audit entry; every stage move
goes through ``audit.workflows.move`` with ``STAGE_TRANSITIONS`` and a write-once history row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move, record
from itisa.core.errors import Conflict, DomainError, full_clean
from itisa.core.values import is_blank
from itisa.core.workflows import SYSTEM
from itisa.projects.models import Project
from itisa.results.models import Result
from itisa.standards import actions, notices
from itisa.standards.choices import DraftingRole, Level, RoundOutcome, Stage
from itisa.standards.models import DraftingMember, StageChange, StandardProject, VoteRound
from itisa.standards.rules import published_number_problem
from itisa.standards.services.common import Errors, active_member, invalid, locked, not_ended, require_keeper
from itisa.standards.services.inputs import DrafterInput, MoveInput, StandardInput
from itisa.standards.workflows import KEEPER, MANUAL, STAGE_TRANSITIONS

if TYPE_CHECKING:
    from itisa.accounts.models import User
    from itisa.governance.models import Motion
    from itisa.registry.models import Alliance


def _next_code(alliance: Alliance) -> str:
    codes = StandardProject.objects.filter(alliance=alliance).values_list("code", flat=True)
    numbers = [int(c[1:]) for c in codes if c[1:].isdigit()]
    return f"S{(max(numbers, default=0) + 1):04d}"


def standard_create(
    *, by: User, alliance: Alliance, data: StandardInput, is_demo: bool = False
) -> StandardProject:
    """Propose a standard (stage: proposal), numbered ``S0001``… in the alliance, with its lead drafting
    member (an active member) and, if given, the alliance's R&D project and results it comes from."""
    require_keeper(by, alliance)
    errors: Errors = {}
    if data.level not in Level.values:
        errors["level"] = [_("Choose a valid level.")]
    if is_blank(data.title_zh):
        errors["title_zh"] = [_("This field is required.")]
    lead = active_member(alliance, data.lead, "lead", errors)
    project = None
    if data.project is not None:
        project = Project.objects.filter(pk=data.project, alliance=alliance).first()
        if project is None:
            errors["project"] = [_("Choose a project of the alliance.")]
    results = list(Result.objects.filter(pk__in=data.results, alliance=alliance).order_by("pk"))
    if len(results) != len(set(data.results)):
        errors["results"] = [_("Choose results of the alliance.")]
    invalid(errors)
    now = timezone.now()
    with transaction.atomic():
        obj = StandardProject(
            alliance=alliance, code=_next_code(alliance), level=data.level, title_zh=data.title_zh,
            title_en=data.title_en, committee=data.committee, project=project, by=by, at=now, is_demo=is_demo,
        )  # fmt: skip
        full_clean(obj, exclude=["by"])
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError as exc:
            raise Conflict(_("Another standard took this code; please try again.")) from exc
        if results:
            obj.results.set(results)
        DraftingMember.objects.create(standard=obj, organisation=lead, role=DraftingRole.LEAD, by=by, at=now)
        row = record(StageChange, obj, "", Stage.PROPOSAL, by=by, at=now)
        log_action(
            obj, actions.STANDARD_CREATED, by=by, sealed=[row],
            data={"code": obj.code, "level": obj.level, "title_zh": obj.title_zh, "lead": lead.uscc,
                  "project": project.code if project else None, "results": [r.code for r in results]},
        )  # fmt: skip
    return obj


def drafter_add(*, by: User, standard: StandardProject, data: DrafterInput) -> DraftingMember:
    """Add an active member of the alliance to the drafting members (a participant; the lead is named at
    creation). It files a declaration in each round from now on."""
    require_keeper(by, standard.alliance)
    errors: Errors = {}
    if data.role != DraftingRole.PARTICIPANT:
        errors["role"] = [_("The lead drafter is named when the standard is created.")]
    org = active_member(standard.alliance, data.organisation, "organisation", errors)
    invalid(errors)
    with transaction.atomic():
        obj = locked(standard)
        not_ended(obj)
        if DraftingMember.objects.filter(standard=obj, organisation=org).exists():
            raise Conflict(
                _("%(name)s already drafts this standard.") % {"name": org.name_zh},
                fields={"organisation": [_("Already a drafting member.")]},
            )
        row = DraftingMember.objects.create(
            standard=obj, organisation=org, role=data.role, by=by, at=timezone.now()
        )
        log_action(obj, actions.MEMBER_ADDED, by=by, data={"organisation": org.uscc, "role": row.role})
    return row


def _invalid_move(obj: StandardProject, target: str) -> str:
    return _("The standard is at %(stage)s; it cannot move to %(target)s.") % {
        "stage": obj.get_stage_display(),
        "target": Stage(target).label,
    }


def _move(
    obj: StandardProject, target: str, *, by: User | None, actors: set[str], comment: str = "",
    fields: tuple[str, ...] = (), data: dict[str, Any] | None = None,
) -> None:  # fmt: skip
    move(
        obj, target, by=by, actors=actors, table=STAGE_TRANSITIONS, history=StageChange,
        action=actions.STANDARD_MOVED, status_field="stage",
        data={"from": obj.stage, "to": target, "comment": comment, **(data or {})},
        comment=comment, fields=fields, invalid=_invalid_move(obj, target),
        denied=_("This move is made by the decision body's vote."),
    )  # fmt: skip


def standard_move(*, by: User, standard: StandardProject, data: MoveInput) -> StandardProject:
    """Move a standard by hand: to drafting, consultation or review; back a step; publish it with its
    number (checked against its level, ``rules.published_number_problem``); or withdraw it (with the
    reason). The moves a vote makes (``workflows.VOTED_MOVES``) are not made here."""
    require_keeper(by, standard.alliance)
    if data.to not in MANUAL:
        invalid({"to": [_("Choose a valid option.")]})
    with transaction.atomic():
        obj = locked(standard)
        STAGE_TRANSITIONS.check(obj.stage, data.to, {KEEPER}, invalid=_invalid_move(obj, data.to),
                                denied=_("This move is made by the decision body's vote."))  # fmt: skip
        errors: Errors = {}
        fields: tuple[str, ...] = ()
        extra: dict[str, Any] = {}
        if data.to == Stage.WITHDRAWN and is_blank(data.comment):
            errors["comment"] = [_("Say why the standard is withdrawn.")]
        if data.to == Stage.PUBLISHED:
            number = " ".join(data.published_number.split())
            problem = published_number_problem(obj.level, number)
            if problem:
                errors["published_number"] = [problem]
            if data.published_on is None:
                errors["published_on"] = [_("This field is required.")]
            obj.published_number, obj.published_on = number, data.published_on
            fields = ("published_number", "published_on")
            extra = {"published_number": number, "published_on": str(data.published_on)}
        invalid(errors)
        if obj.rounds.filter(outcome=RoundOutcome.OPEN).exists():
            raise DomainError(_("A declaration round is open: the decision body's vote comes first."))
        _move(obj, data.to, by=by, actors={KEEPER}, comment=data.comment, fields=fields, data=extra)
    return obj


def standard_record_vote(*, motion: Motion, by: User | None, carried: bool) -> VoteRound | None:
    """The decision body's vote on a standard's move is final: carried, the standard moves to the round's
    target; not carried, it stays where it is. Either way the round ends."""
    row = (
        VoteRound.objects.select_for_update(of=("self",))
        .select_related("standard__alliance")
        .filter(motion=motion, outcome=RoundOutcome.OPEN)
        .first()
    )
    if row is None:
        return None
    obj = locked(row.standard)
    tally = {"yes": motion.yes, "no": motion.no, "abstain": motion.abstain, "outcome": motion.outcome}
    row.outcome = RoundOutcome.CARRIED if carried else RoundOutcome.FAILED
    row.closed_at = timezone.now()
    row.save(update_fields=["outcome", "closed_at"])
    if carried:
        _move(obj, row.target, by=by, actors={SYSTEM}, data={**tally, "round": row.seq, "motion": motion.pk})
    else:
        with translation.override("zh-hans"):
            comment = _("%(body)s did not pass the motion (yes %(yes)s, no %(no)s, abstain %(abstain)s).") % {
                "body": motion.body.name_zh, **tally}  # fmt: skip
        log_action(obj, actions.VOTE_FAILED, by=by,
                   data={"stage": obj.stage, "target": row.target, "comment": comment, **tally, "round": row.seq,
                         "motion": motion.pk})  # fmt: skip
    notices.vote_decided(obj, row, carried=carried, by=by)
    return row
