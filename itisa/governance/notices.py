"""Notifications of governance: meeting notices, ballots opened and closing soon, resolutions assigned,
proxies given, decisions vetoed, minutes circulated and objected to.

Each recipient reads the notice in their own language and follows a link in it: the texts are
callables that ``notify`` renders once per recipient language, dates and times included (``core.formats``;
names of bodies, meetings and motions are the Chinese ones the alliance registered).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.core.formats import day, daytime
from itisa.governance.models import Meeting, MinuteObjection, Motion, Proxy, Resolution, Seat, Veto
from itisa.notifications.services import link, notify

if TYPE_CHECKING:
    from itisa.accounts.models import User


def _short(subject: Callable[[], str]) -> Callable[[], str]:
    """A subject fits the inbox's 200 characters, however long the title."""
    return lambda: Truncator(subject()).chars(200)


def _representatives(seats: Iterable[Seat]) -> list[Any]:
    return [s.representative for s in seats if s.representative is not None]


def _send(
    recipients: list[Any],
    kind: str,
    subject: Callable[[], str],
    body: Callable[[], str],
    url: Callable[[], str],
    *,
    alliance: Any,
    by: User | None,
) -> None:
    notify(
        recipients=recipients,
        kind=kind,
        subject=_short(subject),
        body=body,
        url=url,
        alliance=alliance,
        by=by,
    )


def meeting_notice(meeting: Meeting, seats: Iterable[Seat], *, by: User) -> None:
    _send(
        _representatives(seats),
        "governance.meeting.notice",
        lambda: _("Notice of meeting: %(title)s") % {"title": meeting.title_zh},
        lambda: (
            _("%(body)s meets on %(start)s at %(place)s (%(kind)s).")
            % {
                "body": meeting.body.name_zh,
                "start": daytime(meeting.starts_at),
                "place": meeting.location or "—",
                "kind": meeting.get_kind_display(),
            }
        ),
        link("governance:meeting", meeting.pk),
        alliance=meeting.body.alliance,
        by=by,
    )


def meeting_cancelled(meeting: Meeting, seats: Iterable[Seat], *, reason: str, by: User) -> None:
    _send(
        _representatives(seats),
        "governance.meeting.cancelled",
        lambda: _("Meeting cancelled: %(title)s") % {"title": meeting.title_zh},
        lambda: (
            _("The meeting of %(start)s is cancelled. Reason: %(reason)s")
            % {"start": daytime(meeting.starts_at), "reason": reason}
        ),
        link("governance:meeting", meeting.pk),
        alliance=meeting.body.alliance,
        by=by,
    )


def ballot_opened(motion: Motion, seats: Iterable[Seat], *, by: User) -> None:
    _send(
        _representatives(seats),
        "governance.ballot.opened",
        lambda: _("Ballot opened: %(title)s") % {"title": motion.title_zh},
        lambda: (
            _("%(body)s votes on motion No. %(number)s until %(deadline)s.")
            % {"body": motion.body.name_zh, "number": motion.number, "deadline": daytime(motion.deadline)}
        ),
        link("governance:motion", motion.pk),
        alliance=motion.body.alliance,
        by=by,
    )


def ballot_closing(motion: Motion, seats: Iterable[Seat], *, by: User | None) -> None:
    _send(
        _representatives(seats),
        "governance.ballot.closing",
        lambda: _("Ballot closing soon: %(title)s") % {"title": motion.title_zh},
        lambda: (
            _("Your seat has not voted on motion No. %(number)s. Voting closes at %(deadline)s.")
            % {"number": motion.number, "deadline": daytime(motion.deadline)}
        ),
        link("governance:motion", motion.pk),
        alliance=motion.body.alliance,
        by=by,
    )


def resolution_assigned(resolution: Resolution, *, by: User) -> None:
    if resolution.responsible_user is None:
        return
    motion = resolution.motion
    _send(
        [resolution.responsible_user],
        "governance.resolution.assigned",
        lambda: _("Resolution assigned to you: %(title)s") % {"title": motion.title_zh},
        lambda: (
            _("You are responsible for carrying out this resolution of %(body)s, due %(due)s.")
            % {
                "body": motion.body.name_zh,
                "due": day(resolution.due_on),
            }
        ),
        link("governance:motion", motion.pk),
        alliance=motion.body.alliance,
        by=by,
    )


def proxy_given(proxy: Proxy, *, by: User) -> None:
    meeting = proxy.meeting
    _send(
        [proxy.holder],
        "governance.meeting.proxy",
        lambda: _("You hold a proxy for %(meeting)s") % {"meeting": meeting.title_zh},
        lambda: (
            _("You attend and vote for the seat of %(holder)s (%(body)s) at the meeting of %(start)s.")
            % {
                "holder": proxy.seat.holder_name,
                "body": meeting.body.name_zh,
                "start": daytime(meeting.starts_at),
            }
        ),
        link("governance:meeting", meeting.pk),
        alliance=meeting.body.alliance,
        by=by,
    )


def veto_window_open(resolution: Resolution, seats: Iterable[Seat], *, by: User | None) -> None:
    """The representatives of the seats that may veto a passed motion are told it waits for its veto
    window (DESCA 6.3.4), and until when."""
    motion = resolution.motion
    _send(
        _representatives(seats),
        "governance.resolution.veto_window",
        lambda: _("Passed, open to a veto: %(title)s") % {"title": motion.title_zh},
        lambda: (
            _(
                "Motion No. %(number)s of %(body)s passed. A seat whose legitimate interests it would severely "
                "affect may veto it until %(until)s; without a veto it takes effect then."
            )
            % {"number": motion.number, "body": motion.body.name_zh, "until": daytime(resolution.veto_until)}
        ),
        link("governance:motion", motion.pk),
        alliance=motion.body.alliance,
        by=by,
    )


def resolution_vetoed(resolution: Resolution, veto: Veto, seats: Iterable[Seat], *, by: User) -> None:
    motion = resolution.motion
    _send(
        _representatives(seats),
        "governance.resolution.vetoed",
        lambda: _("Decision vetoed: %(title)s") % {"title": motion.title_zh},
        lambda: (
            _(
                "The seat of %(holder)s vetoed motion No. %(number)s of %(body)s; the decision is suspended. Reason: %(reason)s"
            )
            % {
                "holder": veto.seat.holder_name,
                "number": motion.number,
                "body": motion.body.name_zh,
                "reason": veto.reason,
            }
        ),
        link("governance:motion", motion.pk),
        alliance=motion.body.alliance,
        by=by,
    )


def _secretariat(meeting: Meeting) -> list[Any]:
    rows = RoleAssignment.objects.filter(alliance_id=meeting.body.alliance_id, role=Role.SECRETARIAT)
    return [ra.user for ra in rows.select_related("user").order_by("user_id", "pk")]


def minutes_circulated(meeting: Meeting, seats: Iterable[Seat], *, by: User) -> None:
    """The draft minutes (or a revision) go to the seats with the end of their objection window."""
    _send(
        _representatives(seats),
        "governance.meeting.minutes_circulated",
        lambda: _("Minutes for your objections: %(title)s") % {"title": meeting.title_zh},
        lambda: (
            _(
                "The minutes (version %(version)s) of %(title)s of %(body)s are circulated. They are accepted unless a seat objects by %(until)s."
            )
            % {
                "version": meeting.minutes_version,
                "title": meeting.title_zh,
                "body": meeting.body.name_zh,
                "until": daytime(meeting.minutes_objection_until),
            }
        ),
        link("governance:meeting", meeting.pk),
        alliance=meeting.body.alliance,
        by=by,
    )


def minutes_objected(meeting: Meeting, objection: MinuteObjection, *, by: User) -> None:
    """The secretariat is told of an objection: it records revised minutes."""
    _send(
        _secretariat(meeting),
        "governance.meeting.minutes_objected",
        lambda: _("Objection to the minutes: %(title)s") % {"title": meeting.title_zh},
        lambda: (
            _(
                "The seat of %(holder)s objects to the minutes (version %(version)s) of %(title)s; record revised minutes. Reason: %(reason)s"
            )
            % {
                "holder": objection.seat.holder_name,
                "version": objection.version,
                "title": meeting.title_zh,
                "reason": objection.reason,
            }
        ),
        link("governance:meeting", meeting.pk),
        alliance=meeting.body.alliance,
        by=by,
    )
