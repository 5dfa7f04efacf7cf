"""Minutes acceptance: the draft minutes are circulated to the body's seats and accepted unless a seat
objects within the objection window (DESCA model consortium agreement 6.2.5; the agreement's
procedures: ``minutes_objection_days``, 15 without an agreement). An objection stops the acceptance;
the secretariat records revised minutes (a new version; the earlier text stays in the audit trail),
which open a new window. The window's end is a clock (governance/clocks.py)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.core.values import is_blank, strip_text
from itisa.governance import actions, notices
from itisa.governance.choices import MeetingStatus, MinutesStatus
from itisa.governance.models import Meeting, MinuteObjection, Seat
from itisa.governance.permissions import can_manage_governance
from itisa.governance.selectors import current_seats_of, minutes_rule, minutes_seats

if TYPE_CHECKING:
    from itisa.accounts.models import User


def circulate(meeting: Meeting, *, by: User, now: dt.datetime) -> None:
    """Open the objection window of the meeting's current minutes (inside the writer's transaction) and
    send the draft to the body's seats. Sets the fields; the caller saves them."""
    rule = minutes_rule(meeting.body)
    meeting.minutes_version += 1
    meeting.minutes_status = MinutesStatus.CIRCULATED
    meeting.minutes_objection_until = now + dt.timedelta(days=rule.objection_days)
    notices.minutes_circulated(meeting, current_seats_of(meeting.body, on=timezone.localdate(now)), by=by)


def window_data(meeting: Meeting) -> dict[str, object]:
    """What the audit entry of a circulation says of the window, and where its length came from."""
    rule = minutes_rule(meeting.body)
    until = meeting.minutes_objection_until
    return {
        "version": meeting.minutes_version,
        "objection_until": until.isoformat() if until is not None else None,
        "objection_days": rule.objection_days,
        **({"objection_days_from": rule.agreement.label} if rule.agreement is not None else {}),
    }


def meeting_minutes_revise(*, by: User, meeting: Meeting, minutes_zh: str) -> Meeting:
    """Record revised minutes after an objection: a new version, circulated with a new window. The
    earlier text is kept in the audit entry (``previous``) and in the earlier version's entry."""
    if not can_manage_governance(by, meeting.body.alliance):
        raise PermissionDenied(_("Only the alliance's secretariat records minutes."))
    now = timezone.now()
    with transaction.atomic():
        obj = Meeting.objects.select_for_update().select_related("body__alliance").get(pk=meeting.pk)
        if obj.status != MeetingStatus.HELD or obj.minutes_status != MinutesStatus.OBJECTED:
            raise InvalidTransition(_("Revised minutes are recorded after a seat objected to the minutes."))
        if is_blank(minutes_zh):
            raise DomainError(
                _("Please correct the errors below."), fields={"minutes_zh": [_("Write the minutes.")]}
            )
        previous = obj.minutes_zh
        obj.minutes_zh = strip_text(minutes_zh)
        obj.minutes_recorded_at = now
        circulate(obj, by=by, now=now)
        obj.save(
            update_fields=[
                "minutes_zh",
                "minutes_recorded_at",
                "minutes_version",
                "minutes_status",
                "minutes_objection_until",
                "updated_at",
            ]
        )
        log_action(
            obj,
            actions.MINUTES_REVISED,
            by=by,
            data={"minutes_zh": obj.minutes_zh, "previous": previous, **window_data(obj)},
        )
    return obj


def minutes_object(
    *,
    by: User,
    meeting: Meeting,
    reason: str,
    seat: Seat | int | None = None,
    now: dt.datetime | None = None,
) -> MinuteObjection:
    """A seat of the body objects to the circulated minutes within the window, with a reason: the minutes
    are not accepted; the secretariat is told to revise them. The seat's representative objects, or the
    secretariat on the seat's behalf (``seat`` then names it; also when ``by`` represents several seats).
    After the window nothing is written."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = Meeting.objects.select_for_update().select_related("body__alliance").get(pk=meeting.pk)
        if obj.minutes_status not in (MinutesStatus.CIRCULATED, MinutesStatus.OBJECTED):
            raise InvalidTransition(_("These minutes are not open for objections."))
        if obj.minutes_objection_until is None or now > obj.minutes_objection_until:
            raise InvalidTransition(_("The objection window of these minutes has closed."))
        seats = minutes_seats(by, obj, on=timezone.localdate(now))
        if not seats:
            raise PermissionDenied(
                _("Only a seat's representative, or the secretariat on its behalf, objects to the minutes.")
            )
        wanted = seat.pk if isinstance(seat, Seat) else seat
        if wanted is None and len(seats) > 1:
            raise DomainError(
                _("Please correct the errors below."), fields={"seat": [_("Choose the seat that objects.")]}
            )
        chosen = next((s for s in seats if wanted is None or s.pk == wanted), None)
        if chosen is None:
            raise DomainError(
                _("Please correct the errors below."),
                fields={"seat": [_("Choose a seat of this body you may object for.")]},
            )
        if is_blank(reason):
            raise DomainError(
                _("Please correct the errors below."),
                fields={"reason": [_("Say what the minutes get wrong.")]},
            )
        try:
            with transaction.atomic():
                objection = MinuteObjection.objects.create(
                    meeting=obj,
                    version=obj.minutes_version,
                    seat=chosen,
                    reason=strip_text(reason),
                    cast_by=by,
                    cast_by_label=by.get_username(),
                    at=now,
                )
        except IntegrityError as exc:
            raise Conflict(_("This seat has already objected to this version of the minutes.")) from exc
        obj.minutes_status = MinutesStatus.OBJECTED
        obj.save(update_fields=["minutes_status", "updated_at"])
        log_action(
            obj,
            actions.MINUTES_OBJECTED,
            by=by,
            data={"version": objection.version, "seat": chosen.pk, "reason": objection.reason},
            sealed=[objection],
        )
        notices.minutes_objected(obj, objection, by=by)
    return objection


def meeting_minutes_accept(*, meeting: Meeting, now: dt.datetime | None = None) -> Meeting | None:
    """The objection window has ended without an objection: the minutes are accepted, as of the window's
    end (governance/clocks.py). None, and nothing written, when they are not circulated or the window has
    not ended yet."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = (
            Meeting.objects.select_for_update()
            .select_related("body__alliance")
            .filter(pk=meeting.pk, minutes_status=MinutesStatus.CIRCULATED, minutes_objection_until__lt=now)
            .first()
        )
        if obj is None or obj.minutes_objection_until is None:
            return None
        obj.minutes_status = MinutesStatus.ACCEPTED
        obj.minutes_accepted_at = obj.minutes_objection_until
        obj.save(update_fields=["minutes_status", "minutes_accepted_at", "updated_at"])
        log_action(
            obj,
            actions.MINUTES_ACCEPTED,
            by=None,
            data={"version": obj.minutes_version, "objection_until": obj.minutes_objection_until.isoformat()},
        )
    return obj
