"""Motions, votes, closing and counting, and the resolutions passed motions become.

A vote is write-once (database triggers) and one per seat (a unique constraint): a second vote by
the same seat fails in the database even when two requests race. Closing a motion counts the votes
with the rules in force when the motion was put (governance/rules.py) and stores the tally with the rule version used.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move, record
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.core.values import is_blank, strip_text
from itisa.core.workflows import SYSTEM
from itisa.governance import actions, notices
from itisa.governance import rules as r
from itisa.governance.choices import (
    Matter,
    MeetingStatus,
    MotionStatus,
    ResolutionStatus,
    VoteChoice,
    VotingMethod,
)
from itisa.governance.clocks import REMIND_WITHIN, ballots_to_remind
from itisa.governance.models import Body, Meeting, Motion, MotionStatusChange, Resolution, Seat, Vote
from itisa.governance.permissions import actors_on, can_manage_governance, can_run_body, can_vote
from itisa.governance.selectors import current_rules, current_seats_of, current_seats_q, seat_held_by
from itisa.governance.services.bodies import _clean, _user
from itisa.governance.services.meetings import agenda_addition_problem
from itisa.governance.signals import motion_closed
from itisa.governance.workflows import MOTION_TRANSITIONS

if TYPE_CHECKING:
    from itisa.accounts.models import User


def motion_open(
    *,
    by: User,
    body: Body,
    title_zh: str,
    method: str,
    text_zh: str = "",
    deadline: dt.datetime | None = None,
    meeting: Meeting | None = None,
    now: dt.datetime | None = None,
    matter: str = Matter.ORDINARY,
) -> Motion:
    """Put a motion to a body: on a meeting's agenda, or to a written/electronic ballot with a deadline.

    The motion is decided by the body's rules for its matter (ordinary or important; the ordinary
    rules where the body has none for the matter). Under an agreement's procedures an item joins a
    meeting's agenda only until the additions deadline.
    """
    decision = can_run_body(by, body)
    if not decision:
        raise PermissionDenied(decision.reason)
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if method not in VotingMethod.values:
        errors["method"] = [_("Choose a valid voting method.")]
    elif method == VotingMethod.MEETING:
        if meeting is None or meeting.body_id != body.pk:
            errors["meeting"] = [_("Choose a meeting of this body.")]
        elif meeting.status != MeetingStatus.SCHEDULED:
            errors["meeting"] = [_("The meeting is no longer scheduled.")]
        elif late := agenda_addition_problem(meeting, now):
            errors["meeting"] = [late]
        else:
            deadline = meeting.ends_at
    else:
        meeting = None
        if deadline is None:
            errors["deadline"] = [_("A ballot needs a deadline.")]
        elif deadline <= now:
            errors["deadline"] = [_("The deadline must be in the future.")]
    if is_blank(title_zh):
        errors["title_zh"] = [_("This field is required.")]
    if matter not in Matter.values:
        errors["matter"] = [_("Choose a valid option.")]
    rules = current_rules(body, matter=matter)
    if rules is None:
        errors["__all__"] = [_("The body has no decision rules.")]
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    if deadline is None:  # pragma: no cover - the checks above give every method a deadline
        raise DomainError(_("A ballot needs a deadline."))
    with transaction.atomic():
        Body.objects.select_for_update().filter(pk=body.pk).first()
        number = (Motion.objects.filter(body=body).aggregate(n=Max("number"))["n"] or 0) + 1
        motion = Motion(
            body=body,
            meeting=meeting,
            number=number,
            title_zh=strip_text(title_zh),
            text_zh=strip_text(text_zh),
            method=method,
            matter=matter,
            status=MotionStatus.OPEN,
            deadline=deadline,
            opened_at=now,
            opened_by=_user(by),
            rules=rules,
        )
        _clean(motion)
        motion.save()
        row = record(MotionStatusChange, motion, "", MotionStatus.OPEN, by=by, at=now)
        log_action(
            motion,
            actions.MOTION_OPENED,
            by=by,
            data={
                "body": body.name_zh,
                "number": number,
                "title": motion.title_zh,
                "method": method,
                "matter": matter,
                "meeting": meeting.pk if meeting else None,
                "deadline": deadline.isoformat(),
            },
            sealed=[row],
        )
        if method == VotingMethod.BALLOT:
            notices.ballot_opened(motion, current_seats_of(body), by=by)
    return motion


def vote_cast(*, by: User, motion: Motion, choice: str, now: dt.datetime | None = None) -> Vote:
    """Cast the vote of the seat ``by`` represents: once, while the motion is open and before its deadline."""
    if choice not in VoteChoice.values:
        raise DomainError(_("Choose yes, no or abstain."), fields={"choice": [_("Choose a valid option.")]})
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # the motion row is locked so that a vote and the closing of the ballot never interleave
            locked = (
                Motion.objects.select_for_update(of=("self",))
                .select_related("body", "meeting")
                .get(pk=motion.pk)
            )
            decision = can_vote(by, locked, now=now)
            if not decision:
                raise PermissionDenied(decision.reason)
            seat = seat_held_by(by, locked.body, on=timezone.localdate(now))
            if seat is None:  # pragma: no cover - can_vote has just found it
                raise PermissionDenied(_("Only the current representative of a seat on this body may vote."))
            vote = Vote.objects.create(
                motion=locked,
                seat=seat,
                choice=choice,
                cast_by=by,
                cast_by_label=by.get_username(),
                cast_at=now,
            )
            log_action(
                vote,
                actions.VOTE_CAST,
                by=by,
                data={"motion": locked.pk, "number": locked.number, "seat": seat.pk, "choice": choice},
                sealed=[vote],
            )
    except IntegrityError as exc:
        raise Conflict(_("Your seat has already voted on this motion; a vote cannot be changed.")) from exc
    return vote


def _eligible_seats(motion: Motion, on: dt.date) -> int:
    """Seats counted: those current when the motion closes, and any that voted while current."""
    return (
        Seat.objects.filter(body_id=motion.body_id)
        .filter(current_seats_q(on) | Q(votes__motion=motion))
        .distinct()
        .count()
    )


def motion_close(*, by: User, motion: Motion, comment: str = "", now: dt.datetime | None = None) -> Motion:
    """Count the votes with the rules in force when the motion was put, store the tally and the rule version; passed → resolution."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = Motion.objects.select_for_update().select_related("body", "body__alliance").get(pk=motion.pk)
        actors = actors_on(by, obj.body)
        _close(obj, by=by, actors=actors, comment=comment, now=now)
    return obj


def motion_close_at_deadline(*, motion: Motion, now: dt.datetime | None = None) -> Motion | None:
    """The system closes a written ballot whose deadline has passed, as of its deadline (governance/clocks.py).

    None, and nothing written, when the motion is no longer an open ballot or its deadline has not
    passed yet: closing twice, or racing a chair who closes it by hand, acts once.
    """
    now = now or timezone.now()
    with transaction.atomic():
        obj = (
            Motion.objects.select_for_update()
            .select_related("body", "body__alliance")
            .filter(pk=motion.pk, status=MotionStatus.OPEN, method=VotingMethod.BALLOT, deadline__lt=now)
            .first()
        )
        if obj is None:
            return None
        with translation.override(settings.LANGUAGE_CODE):
            comment = _("Closed by the system at its deadline.")
        _close(obj, by=None, actors={SYSTEM}, comment=comment, now=obj.deadline)
    return obj


def _close(obj: Motion, *, by: User | None, actors: set[str], comment: str, now: dt.datetime) -> None:
    """Count and close the locked motion ``obj`` as of ``now`` (the tally, the history row, the audit entry)."""
    invalid = _("The motion is already %(status)s.") % {"status": obj.get_status_display()}
    denied = _("Only the body's chair or the alliance's secretariat closes a ballot.")
    MOTION_TRANSITIONS.check(obj.status, MotionStatus.CLOSED, actors, invalid=invalid, denied=denied)
    rules = obj.rules  # the rules in force when the motion was put
    if rules is None:  # pragma: no cover - motion_open always records them
        raise DomainError(_("The body has no decision rules."))
    counts = {c: 0 for c in VoteChoice.values}
    for choice in Vote.objects.filter(motion=obj).values_list("choice", flat=True):
        counts[choice] += 1
    tally = r.Tally(
        seats=_eligible_seats(obj, timezone.localdate(now)),
        yes=counts[VoteChoice.YES],
        no=counts[VoteChoice.NO],
        abstain=counts[VoteChoice.ABSTAIN],
    )
    outcome = r.decide(rules.as_rules(), tally)
    early = now < obj.deadline
    obj.closed_at = now
    obj.rules = rules
    obj.seats_count = tally.seats
    obj.yes, obj.no, obj.abstain = tally.yes, tally.no, tally.abstain
    obj.present = outcome.present
    obj.quorum_met = outcome.quorum_met
    obj.passed = outcome.passed
    obj.outcome = outcome.reason
    note = strip_text(comment)
    if early:
        missing = tally.seats - tally.cast
        note = (
            _("Closed before the deadline; %(n)s seats had not voted.") % {"n": missing}
            + (" " + note if note else "")
        ).strip()
    move(
        obj,
        MotionStatus.CLOSED,
        by=by,
        actors=actors,
        table=MOTION_TRANSITIONS,
        history=MotionStatusChange,
        action=actions.MOTION_CLOSED,
        data={
            "number": obj.number,
            "rules_version": rules.version,
            "seats": tally.seats,
            "yes": tally.yes,
            "no": tally.no,
            "abstain": tally.abstain,
            "present": outcome.present,
            "quorum_met": outcome.quorum_met,
            "passed": outcome.passed,
            "outcome": outcome.reason,
            "early": early,
        },
        comment=note,
        fields=(
            "closed_at",
            "rules",
            "seats_count",
            "yes",
            "no",
            "abstain",
            "present",
            "quorum_met",
            "passed",
            "outcome",
        ),
        at=now,
        invalid=invalid,
        denied=denied,
    )
    if outcome.passed:
        Resolution.objects.create(motion=obj)
    motion_closed.send(sender=Motion, motion=obj, by=by)


def motion_withdraw(*, by: User, motion: Motion, reason: str) -> Motion:
    """Withdraw an open motion on which no one has voted yet."""
    with transaction.atomic():
        obj = Motion.objects.select_for_update().select_related("body", "body__alliance").get(pk=motion.pk)
        actors = actors_on(by, obj.body)
        invalid = _("The motion is already %(status)s.") % {"status": obj.get_status_display()}
        denied = _("Only the body's chair or the alliance's secretariat withdraws a motion.")
        MOTION_TRANSITIONS.check(obj.status, MotionStatus.WITHDRAWN, actors, invalid=invalid, denied=denied)
        if is_blank(reason):
            raise DomainError(_("Please correct the errors below."), fields={"reason": [_("Say why.")]})
        if obj.votes.exists():
            raise DomainError(_("Votes have been cast on this motion; close it instead."))
        now = timezone.now()
        obj.closed_at = now
        move(
            obj,
            MotionStatus.WITHDRAWN,
            by=by,
            actors=actors,
            table=MOTION_TRANSITIONS,
            history=MotionStatusChange,
            action=actions.MOTION_WITHDRAWN,
            data={"number": obj.number, "reason": strip_text(reason)},
            comment=strip_text(reason),
            fields=("closed_at",),
            at=now,
            invalid=invalid,
            denied=denied,
        )
    return obj


def ballot_remind(
    *,
    motion: Motion,
    by: User | None = None,
    within: dt.timedelta = REMIND_WITHIN,
    now: dt.datetime | None = None,
) -> bool:
    """Tell the seats that have not voted that this ballot closes within ``within``; once per ballot.

    False, and nothing written, when it was reminded already, is no longer open or does not close
    within ``within``.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = ballots_to_remind(now, within).select_for_update(of=("self",)).filter(pk=motion.pk).first()
        if locked is None:
            return False
        voted = set(Vote.objects.filter(motion=locked).values_list("seat_id", flat=True))
        waiting = [s for s in current_seats_of(locked.body, on=timezone.localdate(now)) if s.pk not in voted]
        locked.reminded_at = now
        locked.save(update_fields=["reminded_at", "updated_at"])
        log_action(
            locked,
            actions.BALLOT_REMINDED,
            by=by,
            data={"number": locked.number, "seats": sorted(s.pk for s in waiting)},
        )
        notices.ballot_closing(locked, waiting, by=by)
    return True


def ballots_remind(
    *, by: User | None = None, within: dt.timedelta = REMIND_WITHIN, now: dt.datetime | None = None
) -> list[Motion]:
    """Tell the seats that have not voted that a ballot closes within ``within``; once per ballot."""
    now = now or timezone.now()
    return [
        motion
        for motion in ballots_to_remind(now, within)
        if ballot_remind(motion=motion, by=by, within=within, now=now)
    ]


def resolution_assign(
    *,
    by: User,
    resolution: Resolution,
    responsible: str,
    due_on: dt.date | None,
    responsible_user: Any = None,
) -> Resolution:
    """Say who carries out a resolution and by when; the responsible account is notified."""
    alliance = resolution.motion.body.alliance
    if not can_manage_governance(by, alliance):
        raise PermissionDenied(_("Only the alliance's secretariat assigns resolutions."))
    if is_blank(responsible) and responsible_user is None:
        raise DomainError(
            _("Please correct the errors below."), fields={"responsible": [_("Name who is responsible.")]}
        )
    with transaction.atomic():
        obj = (
            Resolution.objects.select_for_update()
            .select_related("motion__body__alliance")
            .get(pk=resolution.pk)
        )
        obj.responsible = strip_text(responsible) or (
            responsible_user.get_full_name() or responsible_user.get_username()
        )
        obj.responsible_user = responsible_user
        obj.due_on = due_on
        obj.save(update_fields=["responsible", "responsible_user", "due_on", "updated_at"])
        log_action(
            obj,
            actions.RESOLUTION_ASSIGNED,
            by=by,
            data={
                "responsible": obj.responsible,
                "account": responsible_user.get_username() if responsible_user else None,
                "due_on": due_on.isoformat() if due_on else None,
            },
        )
        notices.resolution_assigned(obj, by=by)
    return obj


def resolution_update(*, by: User, resolution: Resolution, status: str, note: str = "") -> Resolution:
    """Record how far a resolution's execution has got (the secretariat, or the responsible account)."""
    if status not in ResolutionStatus.values:
        raise DomainError(
            _("Please correct the errors below."), fields={"status": [_("Choose a valid option.")]}
        )
    with transaction.atomic():
        obj = (
            Resolution.objects.select_for_update()
            .select_related("motion__body__alliance")
            .get(pk=resolution.pk)
        )
        if not (
            can_manage_governance(by, obj.motion.body.alliance)
            or (obj.responsible_user_id and obj.responsible_user_id == getattr(by, "pk", None))
        ):
            raise PermissionDenied(_("Only the secretariat or the person responsible updates a resolution."))
        old = obj.status
        obj.status = status
        if strip_text(note):
            obj.note = strip_text(note)
        obj.save(update_fields=["status", "note", "updated_at"])
        log_action(
            obj, actions.RESOLUTION_UPDATED, by=by, data={"old": old, "new": status, "note": strip_text(note)}
        )
    return obj
