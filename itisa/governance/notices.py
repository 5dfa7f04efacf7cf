"""Notifications of governance: meeting notices, ballots opened and closing soon, resolutions assigned.

Texts are written in the platform's language (zh-Hans) because they are stored and mailed once for
every reader. Links are site-relative paths in that language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from itisa.governance.models import Meeting, Motion, Resolution, Seat
from itisa.notifications.services import notify

if TYPE_CHECKING:
    from itisa.accounts.models import User

LANGUAGE = "zh-hans"


def _short(subject: str) -> str:
    """A subject fits the inbox's 200 characters, however long the title."""
    return Truncator(subject).chars(200)


def _representatives(seats: Iterable[Seat]) -> list[Any]:
    return [s.representative for s in seats if s.representative is not None]


def _send(
    recipients: list[Any], kind: str, subject: str, body: str, url: str, *, alliance: Any, by: User | None
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


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def meeting_notice(meeting: Meeting, seats: Iterable[Seat], *, by: User) -> None:
    with translation.override(LANGUAGE):
        subject = _("Notice of meeting: %(title)s") % {"title": meeting.title_zh}
        body = _("%(body)s meets on %(start)s at %(place)s (%(kind)s).") % {
            "body": meeting.body.name_zh,
            "start": _when(meeting.starts_at),
            "place": meeting.location or "—",
            "kind": meeting.get_kind_display(),
        }
        url = reverse("governance:meeting", args=[meeting.pk])
    _send(
        _representatives(seats),
        "governance.meeting.notice",
        subject,
        body,
        url,
        alliance=meeting.body.alliance,
        by=by,
    )


def meeting_cancelled(meeting: Meeting, seats: Iterable[Seat], *, reason: str, by: User) -> None:
    with translation.override(LANGUAGE):
        subject = _("Meeting cancelled: %(title)s") % {"title": meeting.title_zh}
        body = _("The meeting of %(start)s is cancelled. Reason: %(reason)s") % {
            "start": _when(meeting.starts_at),
            "reason": reason,
        }
        url = reverse("governance:meeting", args=[meeting.pk])
    _send(
        _representatives(seats),
        "governance.meeting.cancelled",
        subject,
        body,
        url,
        alliance=meeting.body.alliance,
        by=by,
    )


def ballot_opened(motion: Motion, seats: Iterable[Seat], *, by: User) -> None:
    with translation.override(LANGUAGE):
        subject = _("Ballot opened: %(title)s") % {"title": motion.title_zh}
        body = _("%(body)s votes on motion No. %(number)s until %(deadline)s.") % {
            "body": motion.body.name_zh,
            "number": motion.number,
            "deadline": _when(motion.deadline),
        }
        url = reverse("governance:motion", args=[motion.pk])
    _send(
        _representatives(seats),
        "governance.ballot.opened",
        subject,
        body,
        url,
        alliance=motion.body.alliance,
        by=by,
    )


def ballot_closing(motion: Motion, seats: Iterable[Seat], *, by: User | None) -> None:
    with translation.override(LANGUAGE):
        subject = _("Ballot closing soon: %(title)s") % {"title": motion.title_zh}
        body = _("Your seat has not voted on motion No. %(number)s. Voting closes at %(deadline)s.") % {
            "number": motion.number,
            "deadline": _when(motion.deadline),
        }
        url = reverse("governance:motion", args=[motion.pk])
    _send(
        _representatives(seats),
        "governance.ballot.closing",
        subject,
        body,
        url,
        alliance=motion.body.alliance,
        by=by,
    )


def resolution_assigned(resolution: Resolution, *, by: User) -> None:
    if resolution.responsible_user is None:
        return
    motion = resolution.motion
    with translation.override(LANGUAGE):
        subject = _("Resolution assigned to you: %(title)s") % {"title": motion.title_zh}
        body = _("You are responsible for carrying out this resolution of %(body)s, due %(due)s.") % {
            "body": motion.body.name_zh,
            "due": resolution.due_on.isoformat() if resolution.due_on else "—",
        }
        url = reverse("governance:motion", args=[motion.pk])
    _send(
        [resolution.responsible_user],
        "governance.resolution.assigned",
        subject,
        body,
        url,
        alliance=motion.body.alliance,
        by=by,
    )
