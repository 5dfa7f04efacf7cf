"""The shared platforms' section of the alliance dossier: ``platforms`` (since format 1.6).

Registered with ``itisa.dossier.extensions`` when the app is ready (the dossier sits below this app and
cannot import it). Export is deterministic: platforms by code, bookings by number, usage records by
number, history rows in the order they happened; timestamps in UTC, no database ids, amounts as decimal
strings. The import writes what is missing (rows are written directly, not through the services, which
stamp "now" and refuse past windows) and leaves what is here and says the same unchanged; a platform,
booking or usage record recorded otherwise here refuses the import. Accounts do not travel: a platform,
booking or usage record keeps who recorded it, so its username must have an account here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from itisa.dossier.base import Problem, json_path, raw_items, raw_str
from itisa.dossier.extensions import Section
from itisa.dossier.services._support import Ledger, clean, history_insert, refuse, users_named
from itisa.platforms.dossier.schemas import PlatformDoc
from itisa.platforms.models import Booking, BookingStatusChange, Platform, PlatformStatusChange, UsageRecord
from itisa.registry.models import Alliance, Organisation

KINDS = ("platform", "platform_booking", "platform_usage")


def _at(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _history(rows: Any) -> list[dict[str, Any]]:
    return [
        {"at": _at(h.at), "old_status": h.old_status or None, "new_status": h.new_status,
         "by": h.actor_label or (h.by.get_username() if h.by else None), "comment": h.comment}
        for h in sorted(rows, key=lambda h: (h.at, h.pk))
    ]  # fmt: skip


def _booking(b: Booking) -> dict[str, Any]:
    records = sorted(b.usage_records.all(), key=lambda u: u.seq)
    seqs = {u.pk: u.seq for u in records}
    return {
        "seq": b.seq, "organisation": b.organisation.uscc if b.organisation else None, "party_name": b.party_name,
        "member": b.member, "purpose": b.purpose, "starts_at": _at(b.starts_at), "ends_at": _at(b.ends_at),
        "samples": b.samples, "hours": _money(b.hours), "units": _money(b.units), "status": b.status,
        "rate": _money(b.rate), "fee": _money(b.fee), "by": b.by.get_username(), "at": _at(b.at),
        "status_history": _history(b.status_changes.all()),
        "usage": [
            {"seq": u.seq, "units_used": _money(u.units_used), "samples": u.samples, "outcome": u.outcome,
             "rate": _money(u.rate), "fee_due": _money(u.fee_due),
             "supersedes": seqs.get(u.supersedes_id) if u.supersedes_id else None, "reason": u.reason,
             "by": u.by.get_username(), "at": _at(u.at)}
            for u in records
        ],
    }  # fmt: skip


def export_platforms(alliance: Alliance, *, include_restricted: bool) -> list[dict[str, Any]]:
    """Every platform of the alliance with its history, bookings and usage records (the same for every
    reader of the dossier: they keep the alliance's record)."""
    bookings = Booking.objects.select_related("organisation", "by").prefetch_related(
        Prefetch("status_changes", queryset=BookingStatusChange.objects.select_related("by")),
        Prefetch("usage_records", queryset=UsageRecord.objects.select_related("by")),
    )
    platforms = (
        Platform.objects.filter(alliance=alliance)
        .select_related("host", "by")
        .prefetch_related(
            Prefetch("status_changes", queryset=PlatformStatusChange.objects.select_related("by")),
            Prefetch("bookings", queryset=bookings),
        )
    )
    return [
        {
            "code": p.code,
            "kind": p.kind,
            "name_zh": p.name_zh,
            "name_en": p.name_en,
            "host": p.host.uscc,
            "province": p.province,
            "location": p.location,
            "description": p.description,
            "unit": p.unit,
            "open_to_members": p.open_to_members,
            "member_rate": _money(p.member_rate),
            "outside_rate": _money(p.outside_rate),
            "status": p.status,
            "is_demo": p.is_demo,
            "by": p.by.get_username(),
            "at": _at(p.at),
            "status_history": _history(p.status_changes.all()),
            "bookings": [_booking(b) for b in sorted(p.bookings.all(), key=lambda b: b.seq)],
        }  # fmt: skip
        for p in sorted(platforms, key=lambda p: (len(p.code), p.code))
    ]


def platform_organisations(alliance: Alliance, *, include_restricted: bool) -> set[str]:
    """The hosts and the booking members."""
    platforms = Platform.objects.filter(alliance=alliance)
    codes = set(platforms.values_list("host__uscc", flat=True))
    codes |= set(Booking.objects.filter(platform__alliance=alliance, organisation__isnull=False)
                 .values_list("organisation__uscc", flat=True))  # fmt: skip
    return codes


def platform_problems(data: dict[str, Any], usccs: set[str]) -> list[Problem]:
    """Platforms: codes unique; the host and each booking member in ``organisations``; bookings numbered
    once each and ending after they start; usage records numbered once each, correcting an earlier one."""
    problems: list[Problem] = []
    codes: set[str] = set()
    for i, p in raw_items(data, "platforms"):
        code = raw_str(p, "code")
        if code and code in codes:
            problems.append(
                Problem(
                    json_path(("platforms", i, "code")),
                    _("The platform %(code)s appears twice.") % {"code": code},
                )
            )
        codes.add(code)
        host = raw_str(p, "host")
        if host and host not in usccs:
            problems.append(
                Problem(
                    json_path(("platforms", i, "host")),
                    _("The organisation %(uscc)s is not in organisations.") % {"uscc": host},
                )
            )
        seqs: set[int] = set()
        for j, b in raw_items(p, "bookings"):
            seq = b.get("seq")
            if seq in seqs:
                problems.append(
                    Problem(
                        json_path(("platforms", i, "bookings", j, "seq")), _("The booking appears twice.")
                    )
                )
            seqs.add(seq)  # type: ignore[arg-type]
            org = raw_str(b, "organisation")
            if org and org not in usccs:
                problems.append(Problem(json_path(("platforms", i, "bookings", j, "organisation")),
                                        _("The organisation %(uscc)s is not in organisations.") % {"uscc": org}))  # fmt: skip
            if (
                raw_str(b, "ends_at")
                and raw_str(b, "starts_at")
                and raw_str(b, "ends_at") <= raw_str(b, "starts_at")
            ):
                problems.append(
                    Problem(
                        json_path(("platforms", i, "bookings", j, "ends_at")),
                        _("The booking ends after it starts."),
                    )
                )
            usage_seqs: list[Any] = [u.get("seq") for _k, u in raw_items(b, "usage")]
            for k, u in raw_items(b, "usage"):
                sup = u.get("supersedes")
                if usage_seqs.count(u.get("seq")) > 1 or (
                    sup is not None and (not isinstance(sup, int) or sup >= (u.get("seq") or 0))
                ):
                    problems.append(Problem(json_path(("platforms", i, "bookings", j, "usage", k)),
                                            _("Usage records are numbered once each and correct an earlier one.")))  # fmt: skip
    return problems


def _user(users: dict[str, Any], name: str, path: str) -> Any:
    user = users.get(name)
    if user is None:
        raise refuse(path, _("No account %(name)s here: the record keeps who made it.") % {"name": name})
    return user


def import_platforms(
    ledger: Ledger, *, alliance: Alliance, items: list[PlatformDoc], orgs: dict[str, Organisation]
) -> None:
    """Write the dossier's platforms of ``alliance`` that are missing here (the caller holds the transaction)."""
    names = {p.by for p in items} | {h.by or "" for p in items for h in p.status_history}
    for p in items:
        for b in p.bookings:
            names |= {b.by} | {h.by or "" for h in b.status_history} | {u.by for u in b.usage}
    users = users_named(names)
    here = {p.code: p for p in Platform.objects.filter(alliance=alliance)}
    for i, doc in enumerate(items):
        path = f"$.platforms[{i}]"
        platform = here.get(doc.code)
        values = {"kind": doc.kind, "name_zh": doc.name_zh, "name_en": doc.name_en, "host": orgs[doc.host],
                  "province": doc.province, "location": doc.location, "description": doc.description, "unit": doc.unit,
                  "open_to_members": doc.open_to_members, "member_rate": Decimal(doc.member_rate),
                  "outside_rate": None if doc.outside_rate is None else Decimal(doc.outside_rate)}  # fmt: skip
        if platform is None:
            platform = Platform(alliance=alliance, code=doc.code, status=doc.status, is_demo=doc.is_demo,
                                by=_user(users, doc.by, f"{path}.by"), at=doc.at, **values)  # fmt: skip
            clean(platform, path)
            platform.save()
            rows = history_insert(
                PlatformStatusChange, platform, doc.status_history, known={}, users=users, path=path
            )
            ledger.log(
                platform,
                "platform",
                "created",
                {"alliance": alliance.code, "platform": doc.code},
                sealed=rows,
            )
        elif any(getattr(platform, k) != v for k, v in values.items()):
            raise refuse(path, _("The platform %(code)s is recorded otherwise here.") % {"code": doc.code})
        else:
            ledger.unchanged("platform")
        _bookings(ledger, platform, doc, orgs, users, path)


def _bookings(ledger: Ledger, platform: Platform, doc: PlatformDoc, orgs: dict[str, Organisation],
              users: dict[str, Any], path: str) -> None:  # fmt: skip
    here = {b.seq: b for b in Booking.objects.filter(platform=platform)}
    for j, b in enumerate(doc.bookings):
        bpath = f"{path}.bookings[{j}]"
        booking = here.get(b.seq)
        if booking is None:
            booking = Booking(
                platform=platform, seq=b.seq, organisation=orgs[b.organisation] if b.organisation else None,
                party_name=b.party_name, member=b.member, purpose=b.purpose, starts_at=b.starts_at, ends_at=b.ends_at,
                samples=b.samples, hours=Decimal(b.hours), units=Decimal(b.units), status=b.status,
                rate=None if b.rate is None else Decimal(b.rate), fee=None if b.fee is None else Decimal(b.fee),
                by=_user(users, b.by, f"{bpath}.by"), at=b.at,
            )  # fmt: skip
            clean(booking, bpath)
            booking.save()
            rows = history_insert(
                BookingStatusChange, booking, b.status_history, known={}, users=users, path=bpath
            )
            ledger.log(booking, "platform_booking", "created",
                       {"platform": platform.code, "seq": b.seq, "status": b.status}, sealed=rows)  # fmt: skip
        elif (booking.starts_at, booking.ends_at, booking.party_name) != (
            b.starts_at,
            b.ends_at,
            b.party_name,
        ):
            raise refuse(bpath, _("The booking #%(seq)s is recorded otherwise here.") % {"seq": b.seq})
        else:
            ledger.unchanged("platform_booking")
        records = {u.seq: u for u in UsageRecord.objects.filter(booking=booking)}
        for k, u in enumerate(b.usage):
            upath = f"{bpath}.usage[{k}]"
            existing = records.get(u.seq)
            if existing is not None:
                if existing.units_used != Decimal(u.units_used) or existing.fee_due != Decimal(u.fee_due):
                    raise refuse(upath, _("The usage record is recorded otherwise here."))
                ledger.unchanged("platform_usage")
                continue
            row = UsageRecord(
                booking=booking, seq=u.seq, units_used=Decimal(u.units_used), samples=u.samples, outcome=u.outcome,
                rate=Decimal(u.rate), fee_due=Decimal(u.fee_due),
                supersedes=records.get(u.supersedes) if u.supersedes else None, reason=u.reason,
                by=_user(users, u.by, f"{upath}.by"), at=u.at,
            )  # fmt: skip
            clean(row, upath, exclude=["supersedes"])
            row.save()
            records[u.seq] = row
            ledger.log(row, "platform_usage", "created",
                       {"platform": platform.code, "booking": b.seq, "seq": u.seq, "fee_due": u.fee_due}, sealed=[row])  # fmt: skip


PLATFORMS = Section(
    name="platforms",
    since="1.6",
    item=PlatformDoc,
    label=gettext_lazy("Shared platforms"),
    description=(
        "Shared platforms and major equipment of the alliance (Art. 5) with their hosts, fee schedules and "
        "status history, their bookings (fees frozen on confirmation) and the write-once usage records."
    ),
    export=export_platforms,
    organisations=platform_organisations,
    check=platform_problems,
    load=import_platforms,
    kinds=KINDS,
)
