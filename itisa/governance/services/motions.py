"""Motions, votes, closing and counting, and the resolutions passed motions become.

The seats that vote on a motion, and count for its quorum, are frozen when it is put (``MotionSeat``).
A vote is write-once (database triggers) and one per seat (a unique constraint): a second vote by
the same seat fails in the database even when two requests race. A person votes once for each seat
they represent, and for each seat whose recorded proxy they hold at the meeting. Closing a motion
counts the votes with the rules in force when the motion was put (governance/rules.py): for a meeting
vote the seats present are those attending (in person or by proxy), for a written ballot those that
voted; a tie goes to the chair's own vote where the rules give a casting vote. The tally is stored
with the rule version used. A passed motion whose rules give a veto window becomes a resolution
pending that window: a seat on the list may veto it (DESCA 6.3.4), else it takes effect by itself
when the window ends (governance/clocks.py). ``motion_closed`` is sent once the outcome is final.
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
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.core.values import is_blank, strip_text
from itisa.core.workflows import SYSTEM
from itisa.governance import actions, notices
from itisa.governance import rules as r
from itisa.governance.choices import (
    Matter,
    MeetingStatus,
    MotionStatus,
    ResolutionEffect,
    ResolutionStatus,
    VoteChoice,
    VotingMethod,
)
from itisa.governance.clocks import REMIND_WITHIN, ballots_to_remind
from itisa.governance.models import (
    Attendance,
    Body,
    Meeting,
    Motion,
    MotionSeat,
    MotionStatusChange,
    Resolution,
    Seat,
    Veto,
    Vote,
)
from itisa.governance.permissions import actors_on, can_manage_governance, can_run_body, can_veto, can_vote
from itisa.governance.selectors import (
    VotingSeat,
    binding_resolutions,
    chair_seat_ids,
    current_rules,
    current_seats_of,
    current_seats_q,
    frozen_seats,
    veto_seats,
    voting_seats,
)
from itisa.governance.services.bodies import _clean, _user
from itisa.governance.services.meetings import agenda_addition_problem
from itisa.governance.signals import motion_closed
from itisa.governance.vote_bars import veto_barred, vote_barred
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
        # the seat list is frozen now: these seats vote and count, whatever happens to the body later
        listed = list(current_seats_of(body, on=timezone.localdate(now)))
        MotionSeat.objects.bulk_create([MotionSeat(motion=motion, seat=s) for s in listed])
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
                "seats": sorted(s.pk for s in listed),
            },
            sealed=[row],
        )
        if method == VotingMethod.BALLOT:
            # a seat whose votes are barred (its member's rights suspended, vote_bars.py) is not asked to vote
            day = timezone.localdate(now)
            notices.ballot_opened(motion, [s for s in listed if not vote_barred(s, day)], by=by)
    return motion


def _choose_seat(seats: list[VotingSeat], seat: Seat | int | None) -> VotingSeat:
    """The seat voted for: the one named, or the only one the voter may vote for; 422 listing them when
    the voter may vote for several and named none; 403 when the one named is not theirs to vote for."""
    if seat is None:
        if len(seats) == 1:
            return seats[0]
        listing = ", ".join(f"{v.seat.pk} ({v.seat.holder_name})" for v in seats)
        raise DomainError(
            _("You vote for several seats: say which one."),
            fields={"seat": [_("Choose one of the seats: %(seats)s.") % {"seats": listing}]},
        )
    pk = seat if isinstance(seat, int) else seat.pk
    found = next((v for v in seats if v.seat.pk == pk), None)
    if found is None:
        raise PermissionDenied(_("You may not vote for this seat on this motion."))
    return found


def vote_cast(
    *,
    by: User,
    motion: Motion,
    choice: str,
    seat: Seat | int | None = None,
    now: dt.datetime | None = None,
) -> Vote:
    """Cast the vote of one seat on the motion's frozen list: once, while the motion is open and before
    its deadline, by the seat's current representative or, in the meeting, by its recorded proxy.

    ``seat`` is required when ``by`` may vote for more than one seat (two seats held, or proxies).
    """
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
            chosen = _choose_seat(voting_seats(by, locked, on=timezone.localdate(now)), seat)
            if barred := vote_barred(chosen.seat, timezone.localdate(now)):  # rights suspended (vote_bars.py)
                raise PermissionDenied(barred)
            vote = Vote.objects.create(
                motion=locked,
                seat=chosen.seat,
                choice=choice,
                cast_by=by,
                cast_by_label=by.get_username(),
                cast_at=now,
            )
            log_action(
                vote,
                actions.VOTE_CAST,
                by=by,
                data={
                    "motion": locked.pk,
                    "number": locked.number,
                    "seat": chosen.seat.pk,
                    "choice": choice,
                    **({"proxy": chosen.proxy.pk} if chosen.proxy is not None else {}),
                },
                sealed=[vote],
            )
    except IntegrityError as exc:
        raise Conflict(_("This seat has already voted on this motion; a vote cannot be changed.")) from exc
    return vote


def _listed_seat_ids(motion: Motion, on: dt.date) -> set[int]:
    """The motion's frozen seat list; for a motion put before lists were kept (none recorded), the seats
    current on ``on`` and any that voted."""
    listed = set(MotionSeat.objects.filter(motion=motion).values_list("seat_id", flat=True))
    if listed:
        return listed
    return set(
        Seat.objects.filter(body_id=motion.body_id)
        .filter(current_seats_q(on) | Q(votes__motion=motion))
        .values_list("pk", flat=True)
    )


def count_motion(motion: Motion, *, on: dt.date) -> r.Tally:
    """The tally of ``motion`` from its votes, its frozen seat list and, for a meeting vote, the seats
    attending the meeting (in person or by proxy; a seat that voted there was present)."""
    listed = _listed_seat_ids(motion, on)
    votes = dict(Vote.objects.filter(motion=motion, seat_id__in=listed).values_list("seat_id", "choice"))
    counts = {c: 0 for c in VoteChoice.values}
    for choice in votes.values():
        counts[choice] += 1
    attending = None
    if motion.method == VotingMethod.MEETING and motion.meeting_id is not None:
        present = set(
            Attendance.objects.filter(meeting_id=motion.meeting_id, seat_id__in=listed).values_list(
                "seat_id", flat=True
            )
        )
        attending = len(present | set(votes))
    chairs = sorted(chair_seat_ids(set(votes)))
    return r.Tally(
        seats=len(listed),
        yes=counts[VoteChoice.YES],
        no=counts[VoteChoice.NO],
        abstain=counts[VoteChoice.ABSTAIN],
        attending=attending,
        chair=votes[chairs[0]] if chairs else None,
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
    tally = count_motion(obj, on=timezone.localdate(now))
    decision_rules = rules.as_rules()
    outcome = r.decide(decision_rules, tally)
    early = now < obj.deadline
    obj.closed_at = now
    obj.rules = rules
    obj.seats_count = tally.seats
    obj.yes, obj.no, obj.abstain = tally.yes, tally.no, tally.abstain
    obj.attending = tally.attending
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
            "attending": tally.attending,
            "present": outcome.present,
            "base": outcome.base,
            "quorum_met": outcome.quorum_met,
            "passed": outcome.passed,
            "outcome": outcome.reason,
            "early": early,
            **(
                {"veto_days": decision_rules.veto_days} if outcome.passed and decision_rules.veto_days else {}
            ),
        },
        comment=note,
        fields=(
            "closed_at",
            "rules",
            "seats_count",
            "yes",
            "no",
            "abstain",
            "attending",
            "present",
            "quorum_met",
            "passed",
            "outcome",
        ),
        at=now,
        invalid=invalid,
        denied=denied,
    )
    if outcome.passed and decision_rules.veto_days > 0:
        # DESCA 6.3.4: the decision waits for its veto window; motion_closed is sent when it ends
        resolution = Resolution.objects.create(
            motion=obj,
            effect=ResolutionEffect.PENDING_VETO,
            veto_until=now + dt.timedelta(days=decision_rules.veto_days),
        )
        day = timezone.localdate(now)
        holders = [
            s
            for s in frozen_seats(obj).filter(current_seats_q(day)).select_related("body")
            if not veto_barred(s, obj, day)
        ]
        notices.veto_window_open(resolution, holders, by=by)
        return
    if outcome.passed:
        Resolution.objects.create(motion=obj, effect=ResolutionEffect.IN_FORCE, effective_at=now)
    motion_closed.send(sender=Motion, motion=obj, by=by, carried=outcome.passed)


def resolution_take_effect(*, resolution: Resolution, now: dt.datetime | None = None) -> Resolution | None:
    """The veto window of a passed motion has ended without a veto: its resolution is in force, as of the
    window's end (governance/clocks.py). None, and nothing written, when it is no longer pending or the
    window has not ended yet."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = (
            Resolution.objects.select_for_update(of=("self",))
            .select_related("motion__body__alliance")
            .filter(pk=resolution.pk, effect=ResolutionEffect.PENDING_VETO, veto_until__lt=now)
            .first()
        )
        if obj is None or obj.veto_until is None:
            return None
        obj.effect = ResolutionEffect.IN_FORCE
        obj.effective_at = obj.veto_until
        obj.save(update_fields=["effect", "effective_at", "updated_at"])
        log_action(
            obj,
            actions.RESOLUTION_IN_FORCE,
            by=None,
            data={
                "motion": obj.motion_id,
                "number": obj.motion.number,
                "veto_until": obj.veto_until.isoformat(),
            },
        )
        motion_closed.send(sender=Motion, motion=obj.motion, by=None, carried=True)
    return obj


def resolution_veto(
    *,
    by: User,
    resolution: Resolution,
    reason: str,
    seat: Seat | int | None = None,
    now: dt.datetime | None = None,
) -> Veto:
    """A seat on the motion's frozen list vetoes a passed motion within its veto window: the resolution
    is suspended (DESCA 6.3.4: a member whose legitimate interests would be severely affected). The
    seats are told. ``seat`` is required when ``by`` represents several listed seats."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = (
            Resolution.objects.select_for_update(of=("self",))
            .select_related("motion__body__alliance")
            .get(pk=resolution.pk)
        )
        decision = can_veto(by, obj, now=now)
        if not decision:
            if obj.effect != ResolutionEffect.PENDING_VETO or obj.veto_until is None or now > obj.veto_until:
                raise InvalidTransition(decision.reason)
            raise PermissionDenied(decision.reason)
        if is_blank(reason):
            raise DomainError(
                _("Please correct the errors below."),
                fields={"reason": [_("Say how the decision would severely affect your seat's interests.")]},
            )
        seats = [VotingSeat(s, None) for s in veto_seats(by, obj.motion, on=timezone.localdate(now))]
        chosen = _choose_seat(seats, seat).seat
        if barred := veto_barred(chosen, obj.motion, timezone.localdate(now)):
            raise PermissionDenied(barred)
        try:
            with transaction.atomic():  # one veto per resolution (unique): a racing second one is a conflict
                veto = Veto.objects.create(
                    resolution=obj,
                    seat=chosen,
                    reason=strip_text(reason),
                    cast_by=by,
                    cast_by_label=by.get_username(),
                    at=now,
                )
        except IntegrityError as exc:
            raise Conflict(_("This decision has already been vetoed.")) from exc
        obj.effect = ResolutionEffect.SUSPENDED
        obj.save(update_fields=["effect", "updated_at"])
        log_action(
            obj,
            actions.RESOLUTION_VETOED,
            by=by,
            data={
                "motion": obj.motion_id,
                "number": obj.motion.number,
                "seat": chosen.pk,
                "reason": veto.reason,
            },
            sealed=[veto],
        )
        notices.resolution_vetoed(obj, veto, list(frozen_seats(obj.motion)), by=by)
        motion_closed.send(sender=Motion, motion=obj.motion, by=by, carried=False)
    return veto


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
        day = timezone.localdate(now)
        waiting = [
            s
            for s in frozen_seats(locked).select_related("body")
            if s.pk not in voted and not vote_barred(s, day)
        ]
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
        if not binding_resolutions(obj.motion.body.alliance, timezone.now()).filter(pk=obj.pk).exists():
            raise InvalidTransition(
                _(
                    "This resolution does not bind (its veto window is open, or it was vetoed): it is not carried out."
                )
            )
        old = obj.status
        obj.status = status
        if strip_text(note):
            obj.note = strip_text(note)
        obj.save(update_fields=["status", "note", "updated_at"])
        log_action(
            obj, actions.RESOLUTION_UPDATED, by=by, data={"old": old, "new": status, "note": strip_text(note)}
        )
    return obj
