"""Governance duties in the to-do list: vote for each seat one represents on every open motion whose
frozen seat list it is on and it has not voted on (one item per seat: a person holding two seats has
two votes to cast, a proxy holder votes for the seat at its meeting), attend the meetings of one's
bodies, carry out the resolutions one is responsible for once they bind; for the secretariat, record the minutes of a
meeting by its draft deadline (or revise them after an objection); for seat representatives, read
circulated minutes while objections are open; for seat representatives, decide whether to veto a passed
motion while its veto window is open. A bounded number of queries, whatever the number of items, but
for the vote and veto bars (``vote_bars.py``), which are asked per seat held and, for a veto, per
decision waiting for its window (a few each)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core import clocks
from itisa.core.formats import day, daytime
from itisa.governance.choices import (
    MeetingStatus,
    MinutesStatus,
    MotionStatus,
    ResolutionEffect,
    ResolutionStatus,
    VotingMethod,
)
from itisa.governance.clocks import MINUTES_WINDOW
from itisa.governance.models import (
    Meeting,
    MinuteObjection,
    Motion,
    MotionSeat,
    Proxy,
    Resolution,
    Seat,
    Vote,
)
from itisa.governance.selectors import binding_q, current_seats_q, minutes_rule
from itisa.governance.vote_bars import veto_barred, vote_barred
from itisa.notifications.todo import Todo, todo_kind
from itisa.ui.labels import as_name, local_text, names_joined, with_names

VOTE = todo_kind("governance.motion.vote", _("Vote on"), _("Motions to vote on"))
ATTEND = todo_kind("governance.meeting.attend", _("Attend"), _("Meetings to attend"))
RECORD_MINUTES = todo_kind("governance.meeting.minutes", _("Record the minutes of"), _("Minutes to record"))
OBJECT_MINUTES = todo_kind(
    "governance.meeting.minutes_objections", _("Read the minutes of"), _("Minutes open for objections")
)
VETO = todo_kind("governance.resolution.veto", _("Veto or accept"), _("Decisions open to a veto"))
CARRY_OUT = todo_kind("governance.resolution.carry_out", _("Carry out"), _("Resolutions to carry out"))


def _motion_label(motion: Motion) -> str:
    return with_names(
        gettext("Motion No. %(number)s: %(title)s"), number=motion.number, title=motion.title_zh
    )


def _seat_duties(user: Any, now: dt.datetime) -> Iterator[Todo]:
    seats = list(
        Seat.objects.filter(current_seats_q(timezone.localdate(now)), representative=user)
        .select_related("body__alliance")
        .order_by("body_id", "role", "pk")
    )
    # proxies held for meetings still to end: the holder votes for the seat on that meeting's motions
    proxies = {
        (p.meeting_id, p.seat_id): p.seat
        for p in Proxy.objects.filter(
            holder=user, meeting__status=MeetingStatus.SCHEDULED, meeting__ends_at__gt=now
        ).select_related("seat__body")
    }
    if not seats and not proxies:
        return
    bodies = {seat.body_id for seat in seats}
    # what can be voted now (governance.permissions.can_vote): open, before the deadline, and for a
    # motion put to a meeting, once the meeting has started
    motions = list(
        Motion.objects.filter(status=MotionStatus.OPEN, deadline__gt=now)
        .filter(Q(body_id__in=bodies) | Q(meeting_id__in={m for m, _s in proxies}))
        .filter(Q(method=VotingMethod.BALLOT) | Q(meeting__starts_at__lte=now))
        .select_related("body__alliance")
        .order_by("deadline", "pk")
    )
    candidates = {s.pk for s in seats} | {s for _m, s in proxies}
    listed = set(
        MotionSeat.objects.filter(motion__in=[m.pk for m in motions], seat__in=candidates).values_list(
            "motion_id", "seat_id"
        )
    )
    voted = set(
        Vote.objects.filter(motion__in=[m.pk for m in motions], seat__in=candidates).values_list(
            "motion_id", "seat_id"
        )
    )
    # a member whose rights are suspended (vote_bars.py) has no vote to cast: no to-do for its seats
    day = timezone.localdate(now)
    barred = {
        seat.pk for seat in [*seats, *proxies.values()] if seat.pk in candidates and vote_barred(seat, day)
    }
    for motion in motions:
        held = [s for s in seats if s.body_id == motion.body_id]
        held += [
            seat
            for (meeting_id, _pk), seat in proxies.items()
            if meeting_id == motion.meeting_id and seat not in held
        ]
        for seat in held:
            if (motion.pk, seat.pk) not in listed or (motion.pk, seat.pk) in voted or seat.pk in barred:
                continue
            yield Todo(
                kind=VOTE,
                ref=f"motion:{motion.pk}:seat:{seat.pk}",
                subject=_motion_label(motion),
                detail=names_joined([local_text(motion.body), seat.holder_name]),
                url=reverse("governance:motion", args=[motion.pk]),
                alliance=motion.body.alliance.code,
                due=timezone.localdate(motion.deadline),
                starts_at=motion.deadline,
            )
    meetings = (
        Meeting.objects.filter(status=MeetingStatus.SCHEDULED, body_id__in=bodies, ends_at__gt=now)
        .select_related("body__alliance")
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        yield Todo(
            kind=ATTEND,
            ref=f"meeting:{meeting.pk}",
            subject=as_name(meeting.title_zh),
            detail=names_joined(x for x in (local_text(meeting.body), meeting.location) if x),
            url=reverse("governance:meeting", args=[meeting.pk]),
            alliance=meeting.body.alliance.code,
            due=timezone.localdate(meeting.starts_at),
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
        )


def _vetoes(user: Any, now: dt.datetime) -> Iterator[Todo]:
    """For seat representatives: passed motions waiting for their veto window (DESCA 6.3.4) whose frozen
    seat list has a seat ``user`` represents and may veto for, until the window closes (a veto at its last
    moment still counts). One item per decision, whatever the number of seats held."""
    seats = {
        seat.pk: seat
        for seat in Seat.objects.filter(current_seats_q(timezone.localdate(now)), representative=user)
        .select_related("body__alliance")
        .order_by("role", "pk")
    }
    if not seats:
        return
    rows = list(
        Resolution.objects.filter(
            effect=ResolutionEffect.PENDING_VETO,
            veto_until__gte=now,
            motion__seat_list__seat__in=list(seats),
        )
        .distinct()
        .select_related("motion__body__alliance")
        .order_by("veto_until", "pk")
    )
    listed: dict[int, list[int]] = {}
    for motion_id, seat_id in MotionSeat.objects.filter(
        motion__in=[r.motion_id for r in rows], seat__in=list(seats)
    ).values_list("motion_id", "seat_id"):
        listed.setdefault(motion_id, []).append(seat_id)
    day = timezone.localdate(now)
    for resolution in rows:
        motion = resolution.motion
        mine = [seats[pk] for pk in sorted(listed.get(motion.pk, []), key=list(seats).index)]
        free = [seat for seat in mine if not veto_barred(seat, motion, day)]
        if not free or resolution.veto_until is None:
            continue
        until = timezone.localtime(resolution.veto_until)
        yield Todo(
            kind=VETO,
            ref=f"resolution:{resolution.pk}:veto",
            subject=_motion_label(motion),
            detail=with_names(
                gettext("%(body)s · %(holder)s: until %(date)s"),
                body=local_text(motion.body),
                holder=free[0].holder_name,
                date=daytime(until),
            ),
            url=reverse("governance:motion", args=[motion.pk]),
            alliance=motion.body.alliance.code,
            due=until.date(),
        )


def _minutes_to_record(user: Any, now: dt.datetime) -> Iterator[Todo]:
    """For the secretariat: meetings that have ended without minutes (due ``minutes_draft_days`` after
    the meeting, from the agreement; 逾期 after), and minutes objected to, to revise."""
    keeper = role_summary(user).alliances_with(Role.SECRETARIAT)
    if not keeper:
        return
    rows = (
        Meeting.objects.filter(body__alliance_id__in=keeper)
        .filter(
            Q(status=MeetingStatus.SCHEDULED, ends_at__lte=now)
            | Q(status=MeetingStatus.HELD, minutes_status=MinutesStatus.OBJECTED)
        )
        .select_related("body__alliance")
        .order_by("ends_at", "pk")
    )
    rules: dict[int, Any] = {}
    for meeting in rows:
        if meeting.body_id not in rules:  # a body's rule once, whatever the number of meetings
            rules[meeting.body_id] = minutes_rule(meeting.body)
        due = timezone.localdate(meeting.ends_at) + dt.timedelta(days=rules[meeting.body_id].draft_days)
        yield Todo(
            kind=RECORD_MINUTES,
            ref=f"meeting:{meeting.pk}:minutes:{meeting.minutes_version + 1}",
            subject=as_name(meeting.title_zh),
            detail=(
                with_names(gettext("%(body)s: by %(date)s"), body=local_text(meeting.body), date=day(due))
                if meeting.status == MeetingStatus.SCHEDULED
                else with_names(
                    gettext("%(body)s: a seat objected; record revised minutes"),
                    body=local_text(meeting.body),
                )
            ),
            url=reverse("governance:meeting", args=[meeting.pk]),
            alliance=meeting.body.alliance.code,
            due=due if meeting.status == MeetingStatus.SCHEDULED else None,
        )


def _minutes_to_read(user: Any, now: dt.datetime) -> Iterator[Todo]:
    """For seat representatives: circulated minutes of their bodies' meetings, while objections are
    open and their seat has not objected to this version."""
    seats = list(
        Seat.objects.filter(current_seats_q(timezone.localdate(now)), representative=user).values_list(
            "pk", "body_id"
        )
    )
    if not seats:
        return
    bodies = {body for _pk, body in seats}
    clocks.settle(MINUTES_WINDOW, body_id__in=bodies, now=now)
    rows = list(
        Meeting.objects.filter(
            body_id__in=bodies,
            minutes_status__in=(MinutesStatus.CIRCULATED, MinutesStatus.OBJECTED),
            minutes_objection_until__gte=now,
        )
        .select_related("body__alliance")
        .order_by("minutes_objection_until", "pk")
    )
    objected = set(
        MinuteObjection.objects.filter(meeting__in=rows, seat__in=[pk for pk, _b in seats]).values_list(
            "meeting_id", "version", "seat_id"
        )
    )
    for meeting in rows:
        mine = [pk for pk, body in seats if body == meeting.body_id]
        if all((meeting.pk, meeting.minutes_version, pk) in objected for pk in mine):
            continue
        until = timezone.localtime(meeting.minutes_objection_until)
        yield Todo(
            kind=OBJECT_MINUTES,
            ref=f"meeting:{meeting.pk}:minutes:{meeting.minutes_version}:objections",
            subject=as_name(meeting.title_zh),
            detail=with_names(
                gettext("%(body)s: objections until %(date)s"),
                body=local_text(meeting.body),
                date=daytime(until),
            ),
            url=reverse("governance:meeting", args=[meeting.pk]),
            alliance=meeting.body.alliance.code,
            due=until.date(),
        )


def _resolutions(user: Any, now: dt.datetime) -> Iterator[Todo]:
    """The resolutions ``user`` is responsible for that bind now (``selectors.binding_q``: not while a
    veto may still come, never once vetoed) and are not done."""
    rows = (
        Resolution.objects.filter(binding_q(now), responsible_user=user)
        .exclude(status=ResolutionStatus.DONE)
        .select_related("motion__body__alliance")
        .order_by("due_on", "pk")
    )
    for resolution in rows:
        motion = resolution.motion
        yield Todo(
            kind=CARRY_OUT,
            ref=f"resolution:{resolution.pk}",
            subject=_motion_label(motion),
            detail=as_name(local_text(motion.body)),
            url=reverse("governance:motion", args=[motion.pk]),
            alliance=motion.body.alliance.code,
            due=resolution.due_on,
        )


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    """The governance duties of ``user`` at ``now``."""
    return [
        *_seat_duties(user, now),
        *_vetoes(user, now),
        *_minutes_to_record(user, now),
        *_minutes_to_read(user, now),
        *_resolutions(user, now),
    ]
