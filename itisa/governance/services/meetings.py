"""Meetings: convening with notice, proxies, attendance, minutes, cancellation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.core.formats import daytime
from itisa.core.values import is_blank, strip_text
from itisa.governance import actions, notices
from itisa.governance import rules as r
from itisa.governance.choices import ConvenedBy, MeetingKind, MeetingStatus, MinutesStatus, MotionStatus
from itisa.governance.models import Attendance, Body, Meeting, Motion, MotionStatusChange, Proxy, Seat
from itisa.governance.permissions import actors_on, can_manage_governance, can_run_body
from itisa.governance.selectors import (
    agenda_closes,
    current_rules,
    current_seats_of,
    current_seats_q,
    notice_rule,
)
from itisa.governance.services.bodies import _clean, _user
from itisa.governance.services.minutes import circulate, meeting_minutes_revise, window_data
from itisa.governance.vote_bars import vote_barred
from itisa.governance.workflows import MEETING_TRANSITIONS, MOTION_TRANSITIONS

if TYPE_CHECKING:
    from itisa.accounts.models import User


def meeting_convene(
    *,
    by: User,
    body: Body,
    kind: str,
    title_zh: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    location: str = "",
    requested_by: Iterable[Seat] = (),
    is_demo: bool = False,
    now: dt.datetime | None = None,
) -> Meeting:
    """Convene a meeting with the notice the body's rules require, and send the notice to every seat.

    A regular meeting is convened by the chair (the secretariat acts for the chair). An extraordinary
    meeting may instead be requested by seats: at least the share the rules name (e.g. 1/4 of seats).
    """
    now = now or timezone.now()
    requested = list(requested_by)
    seats = list(current_seats_of(body, on=timezone.localdate(now)))
    if not requested:
        decision = can_run_body(by, body)
        if not decision:
            raise PermissionDenied(decision.reason)
    elif not can_manage_governance(by, body.alliance) and not any(
        s.representative_id == getattr(by, "pk", None) for s in requested
    ):
        raise PermissionDenied(
            _("Only the secretariat or a requesting seat's representative records a request.")
        )
    errors: dict[str, list[str]] = {}
    if kind not in MeetingKind.values:
        errors["kind"] = [_("Choose a valid kind.")]
    rules = current_rules(body)
    notice = notice_rule(body, kind)
    notice_days = notice.days
    if starts_at <= now:
        errors["starts_at"] = [_("A meeting is convened for a time in the future.")]
    elif starts_at - now < dt.timedelta(days=notice_days):
        earliest = daytime(now + dt.timedelta(days=notice_days))
        if notice.agreement is not None:
            message = _(
                "The agreement %(version)s requires %(days)s days' notice for this meeting (%(kind)s of %(body)s): it starts on %(date)s at the earliest."
            ) % {
                "version": notice.agreement.label,
                "days": notice_days,
                "kind": MeetingKind(kind).label if kind in MeetingKind.values else kind,
                "body": body.name_zh,
                "date": earliest,
            }
        else:
            message = _(
                "The rules of %(body)s require %(days)s days' notice: the meeting starts on %(date)s at the earliest."
            ) % {"body": body.name_zh, "days": notice_days, "date": earliest}
        errors["starts_at"] = [message]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The meeting ends after it starts.")]
    if requested:
        current_ids = {s.pk for s in seats}
        if any(s.pk not in current_ids for s in requested):
            errors["requested_by"] = [_("Only current seats of this body may request a meeting.")]
        elif kind != MeetingKind.EXTRAORDINARY:
            errors["kind"] = [_("Seats may request only an extraordinary meeting.")]
        elif rules and not r.can_call_extraordinary(
            rules.as_rules(), requesting=len({s.pk for s in requested}), seats=len(seats)
        ):
            share = rules.as_rules().extraordinary_share
            errors["requested_by"] = [
                _(
                    "%(n)s of %(total)s seats cannot call an extraordinary meeting; the rules need %(share)s of the seats."
                )
                % {
                    "n": len(requested),
                    "total": len(seats),
                    "share": f"{share.numerator}/{share.denominator}",
                }
            ]
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    meeting = Meeting(
        body=body,
        kind=kind,
        title_zh=strip_text(title_zh),
        starts_at=starts_at,
        ends_at=ends_at,
        location=strip_text(location),
        convened_by=ConvenedBy.SEATS if requested else ConvenedBy.CHAIR,
        notice_given_at=now,
        created_by=_user(by),
        is_demo=is_demo,
    )
    _clean(meeting)
    with transaction.atomic():
        meeting.save()
        if requested:
            meeting.requested_by.set(requested)
        log_action(
            meeting,
            actions.MEETING_CONVENED,
            by=by,
            data={
                "body": body.name_zh,
                "kind": kind,
                "title": meeting.title_zh,
                "starts_at": starts_at.isoformat(),
                "ends_at": ends_at.isoformat(),
                "convened_by": meeting.convened_by,
                "requested_by": sorted(s.pk for s in requested),
                "notice_days": notice_days,
                **({"notice_from": notice.agreement.label} if notice.agreement is not None else {}),
            },
        )
        notices.meeting_notice(meeting, seats, by=by)
    return meeting


def agenda_addition_problem(meeting: Meeting, now: dt.datetime) -> str:
    """Why an item can no longer be added to a meeting's agenda (the agreement's additions deadline has
    passed), or "" when it still can. Bodies whose rules are their own set no deadline."""
    closes = agenda_closes(meeting)
    if closes is None or now <= closes[0]:
        return ""
    at, days, version = closes
    return _(
        "The agreement %(version)s closes the agenda %(days)s days before the meeting: items were added until %(date)s."
    ) % {"version": version.label, "days": days, "date": daytime(at)}


def proxy_give(
    *,
    by: User,
    meeting: Meeting,
    seat: Seat,
    holder: Any,
    document: str = "",
    now: dt.datetime | None = None,
) -> Proxy:
    """Name ``holder`` the seat's proxy for one meeting: they attend and vote for the seat there.

    Given by the seat's current representative, or recorded by the secretariat on the representative's
    written proxy (``document`` names it, e.g. "委托书 2026-03-01"). Until the meeting ends; write-once,
    one per seat and meeting (a proxy is not revoked; the representative who attends votes first).
    """
    now = now or timezone.now()
    on = timezone.localdate(meeting.starts_at)
    keeper = bool(can_manage_governance(by, meeting.body.alliance))
    current = Seat.objects.filter(current_seats_q(on), pk=seat.pk, body_id=meeting.body_id).first()
    representative = current is not None and current.representative_id == getattr(by, "pk", None)
    if not (keeper or representative):
        raise PermissionDenied(
            _("Only the seat's representative, or the secretariat on a written proxy, names its proxy.")
        )
    errors: dict[str, list[str]] = {}
    if current is None:
        errors["seat"] = [_("Choose a seat of this body current at the meeting.")]
    if holder is None or not getattr(holder, "is_active", False):
        errors["holder"] = [_("No active user with this username.")]
    elif current is not None and holder.pk == current.representative_id:
        errors["holder"] = [_("The seat's own representative needs no proxy.")]
    if keeper and not representative and is_blank(document):
        errors["document"] = [_("Name the representative's written proxy.")]
    # a seat whose votes are barred (its member's rights suspended, vote_bars.py) has no vote to hand on,
    # and the representative of such a seat may not cast another seat's vote either
    if current is not None and (barred := vote_barred(current, on)):
        errors["seat"] = [barred]
    if holder is not None and "holder" not in errors:
        held = Seat.objects.filter(
            current_seats_q(on), body__alliance_id=meeting.body.alliance_id, representative=holder
        ).select_related("body")
        if any(vote_barred(s, on) for s in held):
            errors["holder"] = [
                _("The holder represents a member whose rights are suspended: it cannot hold a proxy.")
            ]
    if errors or current is None:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    try:
        with transaction.atomic():
            obj = Meeting.objects.select_for_update().select_related("body__alliance").get(pk=meeting.pk)
            if obj.status != MeetingStatus.SCHEDULED or now >= obj.ends_at:
                raise InvalidTransition(_("A proxy is given for a meeting that has not ended."))
            proxy = Proxy.objects.create(
                meeting=obj,
                seat=current,
                holder=holder,
                document=strip_text(document),
                given_by=_user(by),
                given_at=now,
            )
            log_action(
                obj,
                actions.PROXY_GIVEN,
                by=by,
                data={
                    "seat": proxy.seat_id,
                    "holder": holder.get_username(),
                    "document": proxy.document,
                },
                sealed=[proxy],
            )
            notices.proxy_given(proxy, by=by)
    except IntegrityError as exc:
        raise Conflict(_("This seat has already named its proxy for this meeting.")) from exc
    return proxy


def meeting_attendance_record(
    *, by: User, meeting: Meeting, seats: Iterable[Seat], proxies: dict[int, str] | None = None
) -> list[Attendance]:
    """Record the seats present, a seat once: in person, or by proxy. A seat whose proxy for the meeting
    is recorded (``proxy_give``) attends by that proxy; ``proxies`` may name one that was not recorded
    (seat id → name), who is counted as present but does not vote."""
    if not can_manage_governance(by, meeting.body.alliance):
        raise PermissionDenied(_("Only the alliance's secretariat records attendance."))
    proxies = proxies or {}
    chosen = list(seats)
    with transaction.atomic():
        obj = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if obj.status == MeetingStatus.CANCELLED:
            raise InvalidTransition(_("The meeting was cancelled."))
        if timezone.now() < obj.starts_at:
            raise DomainError(_("Attendance is recorded once the meeting has started."))
        if any(s.body_id != obj.body_id for s in chosen):
            raise DomainError(_("Only seats of this body attend its meetings."))
        already = set(Attendance.objects.filter(meeting=obj).values_list("seat_id", flat=True))
        recorded = {p.seat_id: p for p in Proxy.objects.filter(meeting=obj).select_related("holder")}
        rows = [
            Attendance(
                meeting=obj,
                seat=s,
                proxy=recorded.get(s.pk),
                proxy_name=strip_text(proxies.get(s.pk, ""))
                or (recorded[s.pk].holder.person_name if s.pk in recorded else ""),
            )
            for s in chosen
            if s.pk not in already
        ]
        if not rows:
            raise DomainError(_("These seats are already recorded as present."))
        Attendance.objects.bulk_create(rows)
        log_action(
            obj,
            actions.MEETING_ATTENDANCE,
            by=by,
            data={
                "seats": sorted(a.seat_id for a in rows),
                "proxies": {str(a.seat_id): a.proxy_name for a in rows if a.proxy_name},
                "recorded_proxies": {str(a.seat_id): a.proxy.pk for a in rows if a.proxy is not None},
            },
        )
    return rows


def meeting_minutes_record(*, by: User, meeting: Meeting, minutes_zh: str) -> Meeting:
    """Record the minutes once the meeting has started; the meeting is then held and the draft is
    circulated to the seats, accepted unless a seat objects within the agreement's objection window
    (services/minutes.py). After an objection, the secretariat records revised minutes here too."""
    if meeting.status == MeetingStatus.HELD and meeting.minutes_status == MinutesStatus.OBJECTED:
        return meeting_minutes_revise(by=by, meeting=meeting, minutes_zh=minutes_zh)
    with transaction.atomic():
        obj = Meeting.objects.select_for_update().select_related("body__alliance").get(pk=meeting.pk)
        actors = actors_on(by, obj.body)
        invalid = _("The minutes of this meeting are already recorded, or it was cancelled.")
        denied = _("Only the alliance's secretariat records minutes.")
        MEETING_TRANSITIONS.check(obj.status, MeetingStatus.HELD, actors, invalid=invalid, denied=denied)
        now = timezone.now()
        if now < obj.starts_at:
            raise DomainError(_("Minutes are recorded after the meeting has started."))
        if is_blank(minutes_zh):
            raise DomainError(
                _("Please correct the errors below."), fields={"minutes_zh": [_("Write the minutes.")]}
            )
        obj.minutes_zh = strip_text(minutes_zh)
        obj.minutes_recorded_at = now
        circulate(obj, by=by, now=now)
        move(
            obj,
            MeetingStatus.HELD,
            by=by,
            actors=actors,
            table=MEETING_TRANSITIONS,
            action=actions.MEETING_MINUTES,
            data={"minutes_zh": obj.minutes_zh, **window_data(obj)},
            fields=(
                "minutes_zh",
                "minutes_recorded_at",
                "minutes_version",
                "minutes_status",
                "minutes_objection_until",
            ),
            invalid=invalid,
            denied=denied,
        )
    return obj


def meeting_cancel(*, by: User, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a scheduled meeting; its motions without votes are withdrawn. Seats are told why."""
    with transaction.atomic():
        obj = Meeting.objects.select_for_update().select_related("body__alliance").get(pk=meeting.pk)
        actors = actors_on(by, obj.body)
        invalid = _("Only a scheduled meeting can be cancelled.")
        denied = _("Only the body's chair or the alliance's secretariat cancels a meeting.")
        MEETING_TRANSITIONS.check(obj.status, MeetingStatus.CANCELLED, actors, invalid=invalid, denied=denied)
        if is_blank(reason):
            raise DomainError(_("Please correct the errors below."), fields={"reason": [_("Say why.")]})
        open_motions = list(Motion.objects.select_for_update().filter(meeting=obj, status=MotionStatus.OPEN))
        if any(m.votes.exists() for m in open_motions):
            raise DomainError(_("Votes have been cast on this meeting's motions; close them instead."))
        now = timezone.now()
        withdrawn: list[Any] = []  # their history rows, sealed by the meeting's entry
        for m in open_motions:  # withdrawn with the meeting; the meeting's audit entry lists them
            m.closed_at = now
            move(
                m,
                MotionStatus.WITHDRAWN,
                by=by,
                actors=actors,
                table=MOTION_TRANSITIONS,
                history=MotionStatusChange,
                comment=strip_text(reason),
                fields=("closed_at",),
                at=now,
                collect=withdrawn,
            )
        move(
            obj,
            MeetingStatus.CANCELLED,
            by=by,
            actors=actors,
            table=MEETING_TRANSITIONS,
            action=actions.MEETING_CANCELLED,
            data={"reason": strip_text(reason), "withdrawn_motions": sorted(m.number for m in open_motions)},
            invalid=invalid,
            denied=denied,
            sealed=withdrawn,
        )
        notices.meeting_cancelled(obj, current_seats_of(obj.body), reason=strip_text(reason), by=by)
    return obj
