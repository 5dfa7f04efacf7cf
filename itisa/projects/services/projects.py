"""Writes of projects: propose, plan (goals, participants, funding), put to the deciding body, move.

Every write checks ``permissions.can_manage_projects``, runs in one transaction and leaves an audit
entry; every status move goes through ``audit.workflows.move`` with ``PROJECT_TRANSITIONS`` and a
write-once history row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from itisa.agreements.content import AgreementContent
from itisa.agreements.selectors import effective_version
from itisa.audit.services import log_action
from itisa.audit.workflows import move, record
from itisa.core.errors import Conflict, DomainError, PermissionDenied, full_clean
from itisa.core.formats import day
from itisa.core.inputs import refuse_bad_values
from itisa.core.values import ValueRefused, is_blank, parse_amount, strip_text
from itisa.core.workflows import SYSTEM
from itisa.governance.choices import BodyKind, MotionStatus, VotingMethod
from itisa.governance.models import Body, Motion
from itisa.governance.services import motion_open
from itisa.ledger.models import Book, Fund
from itisa.ledger.services import cost_object_close, cost_object_open
from itisa.membership.models import Membership
from itisa.projects import actions, notices
from itisa.projects.choices import ENDED_STATUSES, FundingKind, ProjectStatus, ReviewKind
from itisa.projects.models import FundingSource, Goal, Participant, Project, ProjectStatusChange
from itisa.projects.permissions import can_manage_projects
from itisa.projects.rules import acceptance_outcome, period_problems
from itisa.projects.services.inputs import FundingInput, GoalInput, ParticipantInput, ProjectInput
from itisa.projects.workflows import KEEPER, PROJECT_TRANSITIONS
from itisa.registry.models import Alliance, Organisation

if TYPE_CHECKING:
    from itisa.accounts.models import User

P = ProjectStatus
# the plan the body approves (goals, the division of tasks) changes only before the vote
PLANNING = (P.PROPOSED,)
# money and dates may be added until the project is accepted
FUNDABLE = (P.PROPOSED, P.APPROVED, P.RUNNING)


def _require(by: User | None, alliance: Alliance) -> None:
    decision = can_manage_projects(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)


def _invalid(errors: dict[str, list[str]]) -> None:
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)


def _amount(value: Any, column: Any, field: str, errors: dict[str, list[str]]) -> Decimal:
    try:
        amount = parse_amount(value, column=column)
    except ValueRefused as exc:
        errors.setdefault(field, []).append(exc.message)
        return Decimal(0)
    if amount < 0:
        errors.setdefault(field, []).append(_("The amount cannot be negative."))
    return amount


def _member(alliance: Alliance, organisation_id: int | None, field: str, errors: dict[str, list[str]]) -> Any:
    """The organisation if it is an active member of the alliance (only members take part, Art. 8(2))."""
    org = Organisation.objects.filter(pk=organisation_id).first() if organisation_id else None
    if org is None or not Membership.objects.active().filter(alliance=alliance, organisation=org).exists():
        errors.setdefault(field, []).append(_("Choose an active member of the alliance."))
        return None
    return org


def _locked(project: Project) -> Project:
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("alliance", "lead", "cost_object")
        .get(pk=project.pk)
    )


def _in_status(project: Project, allowed: tuple[str, ...]) -> None:
    if project.status not in allowed:
        raise DomainError(
            _("The project is %(status)s: this part of it can no longer change.")
            % {"status": project.get_status_display()}
        )


def project_create(*, by: User, alliance: Alliance, data: ProjectInput, is_demo: bool = False) -> Project:
    """Propose a project: numbered ``P001``… in the alliance, linked to its effective agreement and to a
    cost object of its book (when it keeps one), with the lead member as its first participant
    (``is_demo``: made by ``itisa demo load``)."""
    _require(by, alliance)
    errors = period_problems(data.starts_on, data.ends_on)
    if is_blank(data.title_zh):
        errors["title_zh"] = [_("This field is required.")]
    if is_blank(data.lead_task_zh):
        errors["lead_task_zh"] = [_("Say what the lead member does.")]
    lead = _member(alliance, data.lead, "lead", errors)
    money = _amount(data.lead_money, Participant._meta.get_field("money"), "lead_money", errors)
    months = _amount(
        data.lead_people_months, Participant._meta.get_field("people_months"), "lead_people_months", errors
    )
    _invalid(errors)
    if data.starts_on is None or data.ends_on is None or lead is None:  # pragma: no cover - refused above
        raise DomainError(_("Please correct the errors below."))
    try:
        with transaction.atomic():
            Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
            last = Project.objects.filter(alliance=alliance).aggregate(n=Max("code"))["n"] or "P000"
            code = f"P{int(last[1:]) + 1:03d}"
            project = Project(
                alliance=alliance, code=code, title_zh=data.title_zh, title_en=data.title_en,
                summary_zh=data.summary_zh, starts_on=data.starts_on, ends_on=data.ends_on, lead=lead,
                status=P.PROPOSED, agreement=effective_version(alliance), is_demo=is_demo,
            )  # fmt: skip
            full_clean(project)
            book = Book.objects.filter(alliance=alliance).first()
            if book is not None:
                project.cost_object = cost_object_open(by=by, book=book, code=code, name_zh=project.title_zh)
            project.save()
            lead_row = Participant(
                project=project,
                organisation=lead,
                task_zh=data.lead_task_zh,
                money=money,
                people_months=months,
            )
            full_clean(lead_row, validate_unique=False, validate_constraints=False)
            lead_row.save()
            row = record(ProjectStatusChange, project, "", P.PROPOSED, by=by)
            log_action(
                project,
                actions.PROJECT_CREATED,
                by=by,
                data={
                    "code": code, "title_zh": project.title_zh, "starts_on": project.starts_on.isoformat(),
                    "ends_on": project.ends_on.isoformat(), "lead": lead.uscc,
                    "lead_money": str(lead_row.money), "lead_people_months": str(lead_row.people_months),
                    "agreement": project.agreement.label if project.agreement else None,
                    "cost_object": project.cost_object_id,
                },
                sealed=[row],
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(_("Another project was proposed at the same moment; please try again.")) from exc
    return project


def _agreement_goals(project: Project) -> list[str]:
    if project.agreement is None:
        return []
    try:
        content = AgreementContent.model_validate(project.agreement.content)
    except ValueError:  # an accession or unreadable content names no goals
        return []
    return [g.title_zh for g in content.goals]


def goal_add(*, by: User, project: Project, data: GoalInput) -> Goal:
    """A technical goal with a measurable target; it may name the agreement goal it serves (Art. 8(2))."""
    _require(by, project.alliance)
    errors: dict[str, list[str]] = {}
    if is_blank(data.title_zh):
        errors["title_zh"] = [_("This field is required.")]
    if is_blank(data.target):
        errors["target"] = [_("Every goal needs a measurable target.")]
    if data.agreement_goal and data.agreement_goal not in _agreement_goals(project):
        errors["agreement_goal"] = [_("Choose a goal of the alliance's effective agreement.")]
    _invalid(errors)
    with transaction.atomic():
        obj = _locked(project)
        _in_status(obj, PLANNING)
        goal = Goal(
            project=obj, title_zh=data.title_zh, target=data.target, agreement_goal=data.agreement_goal
        )
        full_clean(goal)
        goal.save()
        log_action(
            obj,
            actions.GOAL_ADDED,
            by=by,
            data={"goal": goal.title_zh, "target": goal.target, "agreement_goal": goal.agreement_goal},
        )
    return goal


def participant_add(*, by: User, project: Project, data: ParticipantInput) -> Participant:
    """A member takes part with its task and committed money (CNY) and people-months."""
    _require(by, project.alliance)
    errors: dict[str, list[str]] = {}
    org = _member(project.alliance, data.organisation, "organisation", errors)
    if is_blank(data.task_zh):
        errors["task_zh"] = [_("Say what the member does.")]
    money = _amount(data.money, Participant._meta.get_field("money"), "money", errors)
    months = _amount(
        data.people_months, Participant._meta.get_field("people_months"), "people_months", errors
    )
    _invalid(errors)
    try:
        with transaction.atomic():
            obj = _locked(project)
            _in_status(obj, PLANNING)
            row = Participant(
                project=obj, organisation=org, task_zh=data.task_zh, money=money, people_months=months
            )
            # the database's constraint answers "already a participant" (a race included)
            full_clean(row, validate_unique=False, validate_constraints=False)
            row.save()
            log_action(
                obj,
                actions.PARTICIPANT_ADDED,
                by=by,
                data={"organisation": org.uscc, "task_zh": row.task_zh, "money": str(money),
                      "people_months": str(months)},
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(
            _("%(org)s already takes part in the project.") % {"org": org.name_zh},
            fields={"organisation": [_("Already a participant.")]},
        ) from exc
    return row


def funding_add(*, by: User, project: Project, data: FundingInput) -> FundingSource:
    """A funding source booked to a fund of the alliance's own book: a government plan grant (a grant
    fund), members' own funds (naming the member), or a loan (a loan fund)."""
    _require(by, project.alliance)
    errors: dict[str, list[str]] = {}
    fund = Fund.objects.filter(pk=data.fund, book__alliance=project.alliance).first() if data.fund else None
    if data.kind not in FundingKind.values:
        errors["kind"] = [_("Choose a valid option.")]
    if fund is None:
        errors["fund"] = [_("No such fund in this book.")]
    elif data.kind == FundingKind.GOVERNMENT_GRANT and fund.kind != "government_grant":
        errors["fund"] = [_("A government plan grant is booked to a government grant fund.")]
    elif data.kind == FundingKind.LOAN and fund.kind != "bank_loan":
        errors["fund"] = [_("A loan is booked to a loan fund.")]
    org = None
    if data.kind == FundingKind.OWN_FUNDS:
        org = _member(project.alliance, data.organisation, "organisation", errors)
    amount = _amount(data.amount, FundingSource._meta.get_field("amount"), "amount", errors)
    if not errors and amount == 0:
        errors["amount"] = [_("A funding source brings more than nothing.")]
    _invalid(errors)
    if fund is None:  # pragma: no cover - refused above
        raise DomainError(_("No such fund in this book."))
    try:
        with transaction.atomic():
            obj = _locked(project)
            _in_status(obj, FUNDABLE)
            row = FundingSource(project=obj, kind=data.kind, fund=fund, amount=amount, organisation=org)
            full_clean(row, validate_unique=False, validate_constraints=False)
            row.save()
            log_action(
                obj,
                actions.FUNDING_ADDED,
                by=by,
                data={"kind": row.kind, "fund": fund.name_zh if fund else None, "amount": str(amount),
                      "organisation": org.uscc if org else None},
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(
            _("The fund already finances this project."), fields={"fund": [_("Already a source.")]}
        ) from exc
    return row


def approving_bodies(alliance: Alliance) -> list[Body]:
    """The bodies that may approve a project: the alliance's decision bodies, and among them only those
    its effective agreement names as decision bodies when it names any (Art. 8(3); the agreement's
    "bodies and duties")."""
    bodies = list(Body.objects.filter(alliance=alliance, kind=BodyKind.DECISION).order_by("pk"))
    version = effective_version(alliance)
    if version is None:
        return bodies
    try:
        content = AgreementContent.model_validate(version.content)
    except ValueError:
        return bodies
    named = {b.name_zh for b in content.bodies if b.kind == BodyKind.DECISION}
    return [b for b in bodies if b.name_zh in named] if named else bodies


def project_put_to_vote(*, by: User, project: Project, body: Body, deadline: dt.datetime) -> Project:
    """Open a ballot of the body the agreement names on approving the project; the vote decides."""
    _require(by, project.alliance)
    if body not in approving_bodies(project.alliance):
        raise DomainError(
            _("Please correct the errors below."),
            fields={"body": [_("Choose the decision body the alliance's agreement names.")]},
        )
    with transaction.atomic():
        obj = _locked(project)
        PROJECT_TRANSITIONS.check(obj.status, P.VOTING, {KEEPER}, invalid=_invalid_move(obj, P.VOTING))
        if not obj.goals.exists():
            raise DomainError(_("A project needs at least one technical goal before it is put to the vote."))
        with translation.override("zh-hans"):
            title = _("Motion to approve the R&D project %(code)s %(title)s") % {
                "code": obj.code,
                "title": obj.title_zh,
            }
            goals = "；".join(f"{g.title_zh}（{g.target}）" for g in obj.goals.order_by("pk"))
            text = _("Period %(start)s to %(end)s; lead member %(lead)s; goals: %(goals)s") % {
                "start": day(obj.starts_on), "end": day(obj.ends_on), "lead": obj.lead.name_zh,
                "goals": goals}  # fmt: skip
        obj.motion = motion_open(
            by=by,
            body=body,
            title_zh=title[:200],
            text_zh=text,
            method=VotingMethod.BALLOT,
            deadline=deadline,
        )
        _move(obj, P.VOTING, by=by, actors={KEEPER}, fields=("motion",),
              data={"motion": obj.motion.pk, "body": body.name_zh})  # fmt: skip
    return obj


def project_record_vote(*, motion: Motion, by: User | None, carried: bool) -> Project | None:
    """The deciding body's vote on a project is final: approved if it carried (passed, and not vetoed
    within the rules' veto window); back to proposed if not."""
    obj = (
        Project.objects.select_for_update(of=("self",))
        .select_related("alliance", "lead")
        .filter(motion=motion, status=P.VOTING)
        .first()
    )
    if obj is None:
        return None
    tally = {"yes": motion.yes, "no": motion.no, "abstain": motion.abstain, "outcome": motion.outcome}
    if carried:
        _move(obj, P.APPROVED, by=by, actors={SYSTEM}, data=tally)
        notices.project_decided(obj, passed=True, by=by)
        return obj
    with translation.override("zh-hans"):
        comment = _("%(body)s did not pass the motion (yes %(yes)s, no %(no)s, abstain %(abstain)s).") % {
            "body": motion.body.name_zh, **tally}  # fmt: skip
    _move(obj, P.PROPOSED, by=by, actors={SYSTEM}, comment=comment, data=tally)
    notices.project_decided(obj, passed=False, by=by)
    return obj


def project_motion_withdrawn(*, project: Project, now: dt.datetime) -> bool:
    """The motion to approve the project was withdrawn before the vote (governance's ``motion_withdraw``,
    which sends no signal): the project goes back to proposed, to be revised and put again. Acts as the
    system, once: False when the project no longer waits on a withdrawn motion (the clock
    ``projects.project.motion_withdrawn``)."""
    obj = (
        Project.objects.select_for_update(of=("self",))
        .select_related("alliance", "lead", "motion")
        .filter(pk=project.pk, status=P.VOTING, motion__status=MotionStatus.WITHDRAWN)
        .first()
    )
    if obj is None or obj.motion is None:
        return False
    withdrawal = obj.motion.status_changes.filter(new_status=MotionStatus.WITHDRAWN).order_by("-pk").first()
    reason = withdrawal.comment if withdrawal is not None else ""
    with translation.override("zh-hans"):
        comment = _("The motion to approve the project was withdrawn: %(reason)s") % {"reason": reason}
    move(
        obj, P.PROPOSED, by=None, actors={SYSTEM}, table=PROJECT_TRANSITIONS, history=ProjectStatusChange,
        action=actions.PROJECT_MOVED, comment=comment, at=now, invalid=_invalid_move(obj, P.PROPOSED),
        data={"from": obj.status, "to": P.PROPOSED, "comment": comment, "motion": obj.motion_id},
    )  # fmt: skip
    return True


def _invalid_move(obj: Project, target: str) -> str:
    return _("The project is %(status)s; it cannot move to %(target)s.") % {
        "status": obj.get_status_display(),
        "target": ProjectStatus(target).label,
    }


def _move(
    obj: Project, target: str, *, by: User | None, actors: set[str], comment: str = "",
    fields: tuple[str, ...] = (), data: dict[str, Any] | None = None,
) -> None:  # fmt: skip
    move(
        obj, target, by=by, actors=actors, table=PROJECT_TRANSITIONS, history=ProjectStatusChange,
        action=actions.PROJECT_MOVED, data={"from": obj.status, "to": target, "comment": comment, **(data or {})},
        comment=comment, fields=fields, invalid=_invalid_move(obj, target),
        denied=_("Only the alliance's secretariat moves its projects."),
    )  # fmt: skip


def acceptance_state(project: Project) -> Any:
    """The outcome of the project's latest acceptance review (``rules.acceptance_outcome``)."""
    latest = project.review_rounds.filter(kind=ReviewKind.ACCEPTANCE).order_by("-opened_at", "-pk").first()
    if latest is None:
        return acceptance_outcome([])
    verdicts = [
        getattr(getattr(a, "opinion", None), "verdict", None)
        for a in latest.assignments.select_related("opinion").order_by("pk")
    ]
    return acceptance_outcome(verdicts)


# moves the secretariat makes by hand (the vote's are the system's: project_record_vote)
MANUAL = (P.RUNNING, P.ACCEPTANCE, P.CLOSED, P.TERMINATED)


def project_move(*, by: User, project: Project, to: str, comment: str = "") -> Project:
    """Start an approved project, send a running one to acceptance (验收), close it once the acceptance
    review passed, send it back to work, or terminate it (with the reason)."""
    _require(by, project.alliance)
    refuse_bad_values(comment=comment)
    if to not in MANUAL:
        raise DomainError(_("Please correct the errors below."), fields={"to": [_("Choose a valid option.")]})
    with transaction.atomic():
        obj = _locked(project)
        PROJECT_TRANSITIONS.check(obj.status, to, {KEEPER}, invalid=_invalid_move(obj, to))
        if to == P.TERMINATED and is_blank(comment):
            raise DomainError(
                _("Please correct the errors below."), fields={"comment": [_("Say why the project ends.")]}
            )
        if to == P.CLOSED:
            outcome = acceptance_state(obj)
            if not outcome.passed:
                raise DomainError(
                    _("The project closes once its acceptance review has passed: %(reason)s")
                    % {"reason": outcome.reason}
                )
        _move(obj, to, by=by, actors={KEEPER}, comment=strip_text(comment))
        if to in ENDED_STATUSES and obj.cost_object is not None and obj.cost_object.closed_at is None:
            # an ended project takes no more costs: the ledger refuses entries on its cost object
            cost_object_close(by=by, cost_object=obj.cost_object)
    return obj
