"""Bookings of a shared platform and the usage they record.

``booking_request``: a member (through its contact or legal representative, or the secretariat) or an
outside party (entered by the host or the secretariat) asks for a window; ``booking_confirm``: the host
confirms it, under a lock on the platform, refusing a window that overlaps another confirmed booking,
and freezes the rate and the fee (``rules.fee``); ``booking_decline``; ``booking_cancel`` before the
start; ``usage_record``: after the end the host records what was actually used and the fee due, write-once;
a later record corrects it (``supersedes``) and says why.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move, record
from itisa.core.errors import Conflict, PermissionDenied, full_clean
from itisa.core.formats import daytime
from itisa.membership.models import Membership
from itisa.platforms import actions, notices, rules
from itisa.platforms.choices import BookingStatus as B
from itisa.platforms.choices import CapacityUnit, PlatformStatus
from itisa.platforms.models import Booking, BookingStatusChange, Platform, UsageRecord
from itisa.platforms.permissions import booking_actors, can_book, can_host
from itisa.platforms.services.common import Errors, amount, invalid, required
from itisa.platforms.services.inputs import BookingInput, UsageInput
from itisa.platforms.workflows import BOOKER, BOOKING_TRANSITIONS, HOST
from itisa.registry.models import Organisation

if TYPE_CHECKING:
    from itisa.accounts.models import User

UNITS_COLUMN = UsageRecord._meta.get_field("units_used")


def clash(
    platform: Platform, starts_at: dt.datetime, ends_at: dt.datetime, *, exclude: int | None = None
) -> Booking | None:
    """The first confirmed booking of ``platform`` whose window overlaps ``starts_at``–``ends_at``."""
    qs = Booking.objects.filter(
        platform=platform, status=B.CONFIRMED, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).order_by("starts_at", "seq")
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.first()


def clash_message(other: Booking) -> str:
    return _("The platform is already booked from %(start)s to %(end)s (booking #%(seq)s).") % {
        "start": daytime(other.starts_at), "end": daytime(other.ends_at), "seq": other.seq,
    }  # fmt: skip


def _booking_problems(
    platform: Platform, data: BookingInput, now: dt.datetime
) -> tuple[Errors, Organisation | None]:
    errors: Errors = {}
    organisation = None
    if data.organisation is not None:
        members = Membership.objects.active().filter(
            alliance_id=platform.alliance_id, organisation_id=data.organisation
        )
        organisation = Organisation.objects.filter(pk=data.organisation, memberships__in=members).first()
        if organisation is None:
            errors["organisation"] = [_("Choose an active member of the alliance, or name an outside user.")]
        elif not platform.open_to_members:
            errors["organisation"] = [_("The platform is not open to members.")]
    else:
        required(data.party_name, "party_name", errors)
        if platform.outside_rate is None:
            errors.setdefault("party_name", []).append(_("The platform is not open to outside users."))
    required(data.purpose, "purpose", errors)
    if data.starts_at is None:
        errors["starts_at"] = [_("This field is required.")]
    if data.ends_at is None:
        errors["ends_at"] = [_("This field is required.")]
    if data.starts_at is not None and data.ends_at is not None:
        if timezone.is_naive(data.starts_at) or timezone.is_naive(data.ends_at):
            errors["starts_at"] = [_("Give the time with its time zone.")]
        elif data.ends_at <= data.starts_at:
            errors["ends_at"] = [_("The booking ends after it starts.")]
        elif data.starts_at <= now:
            errors["starts_at"] = [_("A booking starts in the future.")]
    if platform.unit == CapacityUnit.SAMPLE and data.samples < 1:
        errors["samples"] = [_("Say how many samples (at least one).")]
    if data.samples < 0:
        errors["samples"] = [_("The number of samples is not negative.")]
    return errors, organisation


def booking_request(
    *, by: User, platform: Platform, data: BookingInput, now: dt.datetime | None = None
) -> Booking:
    """Ask for a window on an active platform, numbered per platform; the host confirms or declines it.
    ``now`` is the moment of the request (the demo's past bookings; pages, the API and commands never
    give it)."""
    decision = (
        can_book(by, platform.alliance, data.organisation)
        if data.organisation is not None
        else can_host(by, platform)
    )
    if not decision:
        raise PermissionDenied(decision.reason)
    now = now or timezone.now()
    errors, organisation = _booking_problems(platform, data, now)
    invalid(errors)
    assert data.starts_at is not None and data.ends_at is not None  # noqa: S101 (refused above)
    try:
        with transaction.atomic():
            locked = Platform.objects.select_for_update().get(pk=platform.pk)
            if locked.status != PlatformStatus.ACTIVE:
                raise Conflict(
                    _("The platform is %(status)s: it takes no bookings.")
                    % {"status": locked.get_status_display()}
                )
            other = clash(locked, data.starts_at, data.ends_at)
            if other is not None:
                raise Conflict(clash_message(other))
            seq = Booking.objects.filter(platform=locked).count() + 1
            samples = data.samples if locked.unit == CapacityUnit.SAMPLE else 0
            booking = Booking(
                platform=locked, seq=seq, organisation=organisation,
                party_name=organisation.name_zh if organisation else data.party_name, member=organisation is not None,
                purpose=data.purpose, starts_at=data.starts_at, ends_at=data.ends_at, samples=samples,
                hours=rules.hours(data.starts_at, data.ends_at),
                units=rules.booked_units(locked.unit, data.starts_at, data.ends_at, samples),
                status=B.REQUESTED, by=by, at=now,
            )  # fmt: skip
            full_clean(booking, validate_constraints=False)
            booking.save()
            row = record(BookingStatusChange, booking, "", B.REQUESTED, by=by, at=now)
            log_action(
                booking, actions.BOOKING_REQUESTED, by=by,
                data={"platform": locked.code, "seq": seq, "user": booking.party_name,
                      "member": booking.member, "starts_at": booking.starts_at.isoformat(),
                      "ends_at": booking.ends_at.isoformat(), "units": str(booking.units)},
                sealed=[row],
            )  # fmt: skip
            notices.booking_requested(booking, by=by)
    except IntegrityError as exc:
        raise Conflict(_("Another booking was made at the same moment; please try again.")) from exc
    return booking


def _locked(booking: Booking) -> tuple[Platform, Booking]:
    """Lock the platform first (the order every booking service takes), then the booking."""
    platform = Platform.objects.select_for_update().select_related("alliance").get(pk=booking.platform_id)
    locked = Booking.objects.select_for_update().get(pk=booking.pk)
    locked.platform = platform
    return platform, locked


def _require(by: User, booking: Booking, actor: str, denied: str) -> None:
    if actor not in booking_actors(by, booking):
        raise PermissionDenied(denied)


def booking_confirm(*, by: User, booking: Booking, note: str = "", now: dt.datetime | None = None) -> Booking:
    """Confirm a requested booking (the host or the secretariat): refused when it overlaps another
    confirmed booking of the platform (checked under a lock on the platform) or has started; the rate
    and the fee are frozen."""
    _require(
        by,
        booking,
        HOST,
        _("Only the host member's contact or legal representative, or the secretariat, confirms."),
    )
    now = now or timezone.now()
    with transaction.atomic():
        platform, locked = _locked(booking)
        if locked.status == B.REQUESTED:
            if platform.status != PlatformStatus.ACTIVE:
                raise Conflict(
                    _("The platform is %(status)s: it takes no bookings.")
                    % {"status": platform.get_status_display()}
                )
            if locked.starts_at <= now:
                raise Conflict(_("The booking has started; it can no longer be confirmed."))
            other = clash(platform, locked.starts_at, locked.ends_at, exclude=locked.pk)
            if other is not None:
                raise Conflict(clash_message(other))
        rate = rules.rate_for(
            member=locked.member, member_rate=platform.member_rate, outside_rate=platform.outside_rate
        )
        if rate is None:
            raise Conflict(_("The platform is not open to outside users."))
        locked.rate = rate
        locked.fee = rules.fee(rate, locked.units)
        move(
            locked, B.CONFIRMED, by=by, actors=booking_actors(by, locked), table=BOOKING_TRANSITIONS,
            history=BookingStatusChange, action=actions.BOOKING_CONFIRMED, comment=note, fields=["rate", "fee"],
            at=now,
            invalid=_("Only a requested booking can be confirmed."),
            data={"from": B.REQUESTED, "to": B.CONFIRMED, "comment": note, "rate": str(locked.rate),
                  "units": str(locked.units), "fee": str(locked.fee), "rule": rules.CODE},
        )  # fmt: skip
        notices.booking_moved(locked, by=by)
    return locked


def booking_decline(*, by: User, booking: Booking, note: str) -> Booking:
    """Decline a requested booking (the host or the secretariat), saying why."""
    _require(
        by,
        booking,
        HOST,
        _("Only the host member's contact or legal representative, or the secretariat, declines."),
    )
    errors: Errors = {}
    required(note, "note", errors)
    invalid(errors)
    with transaction.atomic():
        _platform, locked = _locked(booking)
        move(
            locked, B.DECLINED, by=by, actors=booking_actors(by, locked), table=BOOKING_TRANSITIONS,
            history=BookingStatusChange, action=actions.BOOKING_DECLINED, comment=note,
            invalid=_("Only a requested booking can be declined."),
        )  # fmt: skip
        notices.booking_moved(locked, by=by)
    return locked


def booking_cancel(*, by: User, booking: Booking, note: str = "") -> Booking:
    """Cancel a requested or confirmed booking before it starts (the booker, the host or the secretariat)."""
    actors = booking_actors(by, booking)
    if not actors & {BOOKER, HOST}:
        raise PermissionDenied(_("Only the booking member, the host or the secretariat cancels a booking."))
    now = timezone.now()
    with transaction.atomic():
        _platform, locked = _locked(booking)
        if locked.status in (B.REQUESTED, B.CONFIRMED) and locked.starts_at <= now:
            raise Conflict(_("The booking has started; it can no longer be cancelled."))
        move(
            locked, B.CANCELLED, by=by, actors=actors, table=BOOKING_TRANSITIONS, history=BookingStatusChange,
            action=actions.BOOKING_CANCELLED, comment=note, at=now,
            invalid=_("Only a requested or confirmed booking can be cancelled."),
        )  # fmt: skip
        notices.booking_moved(locked, by=by)
    return locked


def current_usage(booking: Booking) -> UsageRecord | None:
    """The booking's usage record in force (the last one, which no other supersedes)."""
    return booking.usage_records.filter(superseded_by__isnull=True).order_by("-seq").first()


def usage_record(
    *, by: User, booking: Booking, data: UsageInput, now: dt.datetime | None = None
) -> UsageRecord:
    """Record what a confirmed booking actually used, after it ended (the host or the secretariat); the
    fee due is the frozen rate × the units used. A second record corrects the first and says why."""
    decision = can_host(by, booking.platform)
    if not decision:
        raise PermissionDenied(decision.reason)
    errors: Errors = {}
    units = (
        amount(data.units_used, UNITS_COLUMN, "units_used", errors)
        if data.units_used not in ("", None)
        else None
    )
    if units is None and "units_used" not in errors:
        errors["units_used"] = [_("This field is required.")]
    if data.samples < 0:
        errors["samples"] = [_("The number of samples is not negative.")]
    now = now or timezone.now()
    try:
        with transaction.atomic():
            _platform, locked = _locked(booking)
            if locked.status != B.CONFIRMED:
                raise Conflict(_("Usage is recorded for confirmed bookings only."))
            if now < locked.ends_at:
                raise Conflict(
                    _("Usage is recorded after the booking ends (%(end)s).")
                    % {"end": daytime(locked.ends_at)}
                )
            current = current_usage(locked)
            if current is not None and not data.reason:
                errors["reason"] = [_("Usage is already recorded; say why this record corrects it.")]
            invalid(errors)
            assert units is not None and locked.rate is not None  # noqa: S101 (refused above; frozen at confirmation)
            row = UsageRecord(
                booking=locked, seq=locked.usage_records.count() + 1, units_used=units, samples=data.samples,
                outcome=data.outcome, rate=locked.rate, fee_due=rules.fee(locked.rate, units), supersedes=current,
                reason=data.reason if current is not None else "", by=by, at=now,
            )  # fmt: skip
            full_clean(row, validate_unique=False, validate_constraints=False)
            row.save()
            log_action(
                row, actions.USAGE_RECORDED, by=by,
                data={"platform": locked.platform.code, "booking": locked.seq, "seq": row.seq,
                      "units_used": str(row.units_used), "samples": row.samples, "rate": str(row.rate),
                      "fee_due": str(row.fee_due), "supersedes": current.seq if current else None,
                      "reason": row.reason, "rule": rules.CODE},
                sealed=[row],
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict(_("Usage of this booking was recorded at the same moment; please reload.")) from exc
    return row
