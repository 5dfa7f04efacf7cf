"""Meeting, motion and vote endpoints: convene, attendance, minutes, ballots, votes, closing, resolutions."""

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import DomainError
from itisa.core.inputs import Id
from itisa.core.responses import errors
from itisa.governance import services
from itisa.governance.choices import MotionStatus
from itisa.governance.models import Body, Meeting, Motion, Seat
from itisa.governance.permissions import can_view_governance
from itisa.governance.schemas import (
    AttendanceIn,
    CloseIn,
    GovernanceReasonIn,
    MeetingDetailOut,
    MeetingIn,
    MeetingOut,
    MinuteObjectionIn,
    MinutesIn,
    MotionBrief,
    MotionFilterIn,
    MotionIn,
    MotionOut,
    ProxyIn,
    ProxyOut,
    ResolutionAssignIn,
    ResolutionUpdateIn,
    VetoIn,
    VoteIn,
    VoteOut,
)
from itisa.governance.selectors import (
    VoteLine,
    access_body,
    access_meeting,
    access_motion,
    access_resolution,
    meetings_of,
    motions_of,
    tally_of,
    veto_of,
    vote_lines,
)
from itisa.registry.selectors import access_alliance

router = Router(tags=["meetings and votes"])


def _vote_out(line: VoteLine, body: Body) -> dict[str, Any]:
    """A vote by its seat and the organisation the seat represents; the voter's name only if entitled."""
    seat = line.vote.seat
    return {
        "seat": seat.pk,
        "body_name_zh": body.name_zh,
        "holder_name": seat.holder_name,
        "role": seat.role,
        "organisation": seat.organisation.uscc if seat.organisation else None,
        "organisation_name_zh": seat.organisation.name_zh if seat.organisation else None,
        "voter_name": line.voter_name or None,
        "cast_at": line.vote.cast_at,
        "choice": line.choice,
    }


def _motion_out(user: Any, m: Motion) -> dict[str, Any]:
    closed = m.status == MotionStatus.CLOSED
    resolution = getattr(m, "resolution", None) if m.passed else None
    tally = tally_of(m)
    veto = veto_of(resolution) if resolution is not None else None
    return {
        "id": m.pk,
        "body": m.body_id,
        "body_name_zh": m.body.name_zh,
        "number": m.number,
        "title_zh": m.title_zh,
        "text_zh": m.text_zh,
        "method": m.method,
        "matter": m.matter,
        "meeting": m.meeting_id,
        "status": m.status,
        "opened_at": m.opened_at,
        "deadline": m.deadline,
        "closed_at": m.closed_at,
        "rules_version": m.rules.version if m.rules else None,
        "seat_list": sorted(m.seat_list.values_list("seat_id", flat=True)),
        "votes": [_vote_out(line, m.body) for line in vote_lines(user, m)],
        "tally": tally.as_dict() if closed and tally is not None else None,
        "resolution": {
            "responsible": resolution.responsible,
            "responsible_user": resolution.responsible_user.get_username()
            if resolution.responsible_user
            else None,
            "due_on": resolution.due_on,
            "status": resolution.status,
            "note": resolution.note,
            "effect": resolution.effect,
            "veto_until": resolution.veto_until,
            "effective_at": resolution.effective_at,
            "veto": {
                "seat": veto.seat_id,
                "holder_name": veto.seat.holder_name,
                "reason": veto.reason,
                "at": veto.at,
            }
            if veto is not None
            else None,
        }
        if resolution
        else None,
    }


@router.get("/alliances/{code}/meetings", response={200: list[MeetingOut], **errors(401, 403, 404, 422)})
@paginate
def meeting_list(request: HttpRequest, code: str) -> Any:
    alliance = access_alliance(viewer(request), code, need=can_view_governance)
    return meetings_of(viewer(request), alliance).prefetch_related("requested_by")


@router.post(
    "/alliances/{code}/meetings",
    response={201: MeetingDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def meeting_convene(request: HttpRequest, code: str, payload: MeetingIn) -> Any:
    alliance = access_alliance(viewer(request), code, need=can_view_governance)
    body = access_body(viewer(request), payload.body_id, alliance=alliance)
    seats = list(Seat.objects.filter(body=body, pk__in=payload.requested_by))
    if len(seats) != len(set(payload.requested_by)):
        raise DomainError(
            _("Please correct the errors below."),
            fields={"requested_by": [_("Only current seats of this body may request a meeting.")]},
        )
    meeting = services.meeting_convene(
        by=viewer(request),
        body=body,
        kind=payload.kind,
        title_zh=payload.title_zh,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        location=payload.location,
        requested_by=seats,
    )
    return Status(201, meeting)


@router.get("/meetings/{meeting_id}", response={200: MeetingDetailOut, **errors(401, 404, 422)})
def meeting_detail(request: HttpRequest, meeting_id: Id) -> Any:
    return access_meeting(viewer(request), meeting_id)


@router.post(
    "/meetings/{meeting_id}/attendance",
    response={200: MeetingDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def meeting_attendance(request: HttpRequest, meeting_id: Id, payload: AttendanceIn) -> Any:
    meeting = access_meeting(viewer(request), meeting_id)
    seats = list(Seat.objects.filter(body=meeting.body, pk__in=payload.seats))
    if len(seats) != len(set(payload.seats)):
        raise DomainError(
            _("Only seats of this body attend its meetings."), fields={"seats": [_("Unknown seat.")]}
        )
    services.meeting_attendance_record(
        by=viewer(request), meeting=meeting, seats=seats, proxies=payload.proxies
    )
    return meeting


@router.post(
    "/meetings/{meeting_id}/proxies",
    response={201: ProxyOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def meeting_proxy(request: HttpRequest, meeting_id: Id, payload: ProxyIn) -> Any:
    """Name a seat's proxy for the meeting: its representative, or the secretariat on a written proxy."""
    meeting = access_meeting(viewer(request), meeting_id)
    seat = Seat.objects.filter(body=meeting.body, pk=payload.seat).first()
    if seat is None:
        raise DomainError(_("Please correct the errors below."), fields={"seat": [_("Unknown seat.")]})
    holder = get_user_model().objects.filter(username=payload.holder, is_active=True).first()
    proxy = services.proxy_give(
        by=viewer(request), meeting=meeting, seat=seat, holder=holder, document=payload.document
    )
    return Status(201, proxy)


@router.post(
    "/meetings/{meeting_id}/minutes",
    response={200: MeetingDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def meeting_minutes(request: HttpRequest, meeting_id: Id, payload: MinutesIn) -> Any:
    return services.meeting_minutes_record(
        by=viewer(request), meeting=access_meeting(viewer(request), meeting_id), minutes_zh=payload.minutes_zh
    )


@router.post(
    "/meetings/{meeting_id}/minutes/objections",
    response={200: MeetingDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def meeting_minutes_object(request: HttpRequest, meeting_id: Id, payload: MinuteObjectionIn) -> Any:
    """A seat objects to the circulated minutes within the objection window (DESCA 6.2.5): they are not
    accepted; the secretariat records revised minutes. The secretariat may object on a seat's behalf."""
    meeting = access_meeting(viewer(request), meeting_id)
    services.minutes_object(by=viewer(request), meeting=meeting, reason=payload.reason, seat=payload.seat)
    return access_meeting(viewer(request), meeting_id)


@router.post(
    "/meetings/{meeting_id}/cancel",
    response={200: MeetingDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def meeting_cancel(request: HttpRequest, meeting_id: Id, payload: GovernanceReasonIn) -> Any:
    return services.meeting_cancel(
        by=viewer(request), meeting=access_meeting(viewer(request), meeting_id), reason=payload.reason
    )


@router.get("/alliances/{code}/motions", response={200: list[MotionBrief], **errors(401, 403, 404, 422)})
@paginate
def motion_list(request: HttpRequest, code: str, filters: Query[MotionFilterIn]) -> Any:
    alliance = access_alliance(viewer(request), code, need=can_view_governance)
    body = alliance.bodies.filter(pk=filters.body).first() if filters.body else None
    return motions_of(viewer(request), alliance, status=filters.status, body=body)


@router.post(
    "/alliances/{code}/motions",
    response={201: MotionOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def motion_open(request: HttpRequest, code: str, payload: MotionIn) -> Any:
    alliance = access_alliance(viewer(request), code, need=can_view_governance)
    body = access_body(viewer(request), payload.body_id, alliance=alliance)
    meeting = None
    if payload.meeting_id is not None:
        meeting = Meeting.objects.filter(pk=payload.meeting_id, body__alliance=alliance).first()
        if meeting is None:
            raise DomainError(
                _("Please correct the errors below."),
                fields={"meeting": [_("Choose a meeting of this body.")]},
            )
    motion = services.motion_open(
        by=viewer(request),
        body=body,
        title_zh=payload.title_zh,
        text_zh=payload.text_zh,
        method=payload.method,
        deadline=payload.deadline,
        meeting=meeting,
        matter=payload.matter,
    )
    return Status(201, _motion_out(viewer(request), access_motion(viewer(request), motion.pk)))


@router.get("/motions/{motion_id}", response={200: MotionOut, **errors(401, 404, 422)})
def motion_detail(request: HttpRequest, motion_id: Id) -> Any:
    return _motion_out(viewer(request), access_motion(viewer(request), motion_id))


@router.post(
    "/motions/{motion_id}/votes",
    response={201: VoteOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def vote_cast(request: HttpRequest, motion_id: Id, payload: VoteIn) -> Any:
    """Vote for one seat on the motion's list; name ``seat`` when you vote for several (422 lists them)."""
    motion = access_motion(viewer(request), motion_id)
    vote = services.vote_cast(by=viewer(request), motion=motion, choice=payload.choice, seat=payload.seat)
    # the voter sees their own vote and name: they hold a seat on the body, so a role in the alliance
    line = VoteLine(
        vote=vote, voter_name=vote.cast_by.person_name if vote.cast_by else "", choice=vote.choice
    )
    return Status(201, _vote_out(line, motion.body))


@router.post(
    "/motions/{motion_id}/close",
    response={200: MotionOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def motion_close(request: HttpRequest, motion_id: Id, payload: CloseIn) -> Any:
    services.motion_close(
        by=viewer(request), motion=access_motion(viewer(request), motion_id), comment=payload.comment
    )
    return _motion_out(viewer(request), access_motion(viewer(request), motion_id))


@router.post(
    "/motions/{motion_id}/withdraw",
    response={200: MotionOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def motion_withdraw(request: HttpRequest, motion_id: Id, payload: GovernanceReasonIn) -> Any:
    services.motion_withdraw(
        by=viewer(request), motion=access_motion(viewer(request), motion_id), reason=payload.reason
    )
    return _motion_out(viewer(request), access_motion(viewer(request), motion_id))


@router.post(
    "/motions/{motion_id}/resolution/veto",
    response={200: MotionOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def resolution_veto(request: HttpRequest, motion_id: Id, payload: VetoIn) -> Any:
    """A seat on the motion's list vetoes the passed motion within its veto window (DESCA 6.3.4)."""
    services.resolution_veto(
        by=viewer(request),
        resolution=access_resolution(viewer(request), motion_id),
        reason=payload.reason,
        seat=payload.seat,
    )
    return _motion_out(viewer(request), access_motion(viewer(request), motion_id))


@router.post(
    "/motions/{motion_id}/resolution/assign",
    response={200: MotionOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def resolution_assign(request: HttpRequest, motion_id: Id, payload: ResolutionAssignIn) -> Any:
    resolution = access_resolution(viewer(request), motion_id)
    user = None
    if payload.responsible_user:
        user = get_user_model().objects.filter(username=payload.responsible_user, is_active=True).first()
        if user is None:
            raise DomainError(
                _("Please correct the errors below."),
                fields={"responsible_user": [_("No active user with this username.")]},
            )
    services.resolution_assign(
        by=viewer(request),
        resolution=resolution,
        responsible=payload.responsible,
        responsible_user=user,
        due_on=payload.due_on,
    )
    return _motion_out(viewer(request), access_motion(viewer(request), motion_id))


@router.post(
    "/motions/{motion_id}/resolution/update",
    response={200: MotionOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def resolution_update(request: HttpRequest, motion_id: Id, payload: ResolutionUpdateIn) -> Any:
    services.resolution_update(
        by=viewer(request),
        resolution=access_resolution(viewer(request), motion_id),
        status=payload.status,
        note=payload.note,
    )
    return _motion_out(viewer(request), access_motion(viewer(request), motion_id))
