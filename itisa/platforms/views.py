"""Platforms pages: the alliance's platforms (filters, search, pages, Excel, import), a platform with its
upcoming bookings and their usage (book it; the secretariat suspends, resumes or retires it, confirmed
first), a booking (the host confirms or declines it and records its usage; cancel before the start,
confirmed first), and the usage statistics of a year with bars and Excel. Thin: parse, call the
selectors, permissions and services, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.exports import Sheet, xlsx_download, xlsx_response
from itisa.core.formats import daytime
from itisa.core.values import EARLIEST_DAY, LATEST_DAY
from itisa.membership.models import Membership
from itisa.platforms import services
from itisa.platforms.choices import BookingStatus as B
from itisa.platforms.choices import PlatformStatus as P
from itisa.platforms.forms import (
    BookingForm,
    ConfirmForm,
    DecisionForm,
    ImportForm,
    PlatformFilterForm,
    PlatformForm,
    UsageForm,
)
from itisa.platforms.imports import platforms_import, template_sheets
from itisa.platforms.models import Booking, Platform
from itisa.platforms.permissions import (
    bookable_for,
    booking_actors,
    can_host,
    can_keep_platforms,
    can_view_platforms,
    platform_actors,
)
from itisa.platforms.selectors import (
    access_booking,
    access_platform,
    bookings_of,
    platforms_of,
    usage_in_force,
    usage_statistics,
)
from itisa.platforms.workflows import BOOKING_TRANSITIONS, PLATFORM_TRANSITIONS
from itisa.registry.models import Organisation
from itisa.registry.selectors import access_alliance
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require


def platforms_panel(request: HttpRequest, alliance: Any) -> str:
    """On the alliance page: a link to its shared platforms, for those who see them (no query)."""
    if not can_view_platforms(request.user, alliance):
        return ""
    return render_to_string("platforms/_panel.html", {"alliance": alliance}, request=request)


def _list_columns() -> list[tuple[Any, Any]]:
    return [
        (_("Code"), lambda p: p.code), (_("Kind"), lambda p: p.get_kind_display()), (_("Name"), lambda p: p.name_zh),
        (_("Name (English)"), lambda p: p.name_en), (_("Host member"), lambda p: p.host.name_zh),
        (_("Province"), lambda p: p.get_province_display()), (_("Location"), lambda p: p.location),
        (_("Capacity unit"), lambda p: p.get_unit_display()),
        (_("Open to members"), lambda p: _("Yes") if p.open_to_members else _("No")),
        (_("Member rate per unit (CNY)"), lambda p: p.member_rate),
        (_("Outside rate per unit (CNY)"), lambda p: p.outside_rate), (_("Status"), lambda p: p.get_status_display()),
    ]  # fmt: skip


@require_http_methods(["GET"])
@login_redirect
def platform_list(request: HttpRequest, code: str) -> HttpResponse:
    """The alliance's platforms by kind, province, status and text, 25 to a page; ``?format=xlsx``
    downloads the same (filtered) list."""
    alliance = access_alliance(request.user, code, need=can_view_platforms)
    form = PlatformFilterForm(request.GET)
    form.is_valid()
    qs = platforms_of(request.user, alliance, form.filters())
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"{alliance.code}-platforms.xlsx", _("Shared platforms"), _list_columns(), qs,
                             number_formats={10: "#,##0.00", 11: "#,##0.00"})  # fmt: skip
    page, query = paginate(request, qs)
    context = {"alliance": alliance, "form": form, "page": page, "query": query,
               "keeper": bool(can_keep_platforms(request.user, alliance))}  # fmt: skip
    return render(request, "platforms/list.html", context)


def _members(alliance: Any) -> list[tuple[str, str]]:
    members = Organisation.objects.filter(
        memberships__in=Membership.objects.active().filter(alliance=alliance)
    )
    return [(str(o.pk), o.name_zh) for o in members.order_by("name_zh")]


@login_redirect
@require_http_methods(["GET", "POST"])
def platform_create(request: HttpRequest, code: str) -> HttpResponse:
    """Register a platform hosted by one of the alliance's members (the secretariat)."""
    alliance = access_alliance(request.user, code, need=can_keep_platforms)
    form = PlatformForm(request.POST or None, members=_members(alliance))
    if request.method == "POST" and form.is_valid():
        platform = call_service(
            form,
            lambda: services.platform_register(
                by=acting_user(request), alliance=alliance, data=form.to_input()
            ),
        )
        if platform is not None:
            messages.success(request, _("The platform %(code)s is registered.") % {"code": platform.code})
            return redirect("platforms:detail", code=code, platform=platform.code)
    return render(request, "platforms/form.html", {"alliance": alliance, "form": form})


def _booking_form(request: HttpRequest, platform: Platform, data: Any = None) -> BookingForm | None:
    """The booking form for whoever may book: a member's contact for its own members, the host or the
    secretariat also for outside users; None for the others."""
    alliance = platform.alliance
    keeper = bool(can_keep_platforms(request.user, alliance))
    host = bool(can_host(request.user, platform))
    mine = bookable_for(request.user, alliance)
    choices = [(pk, name) for pk, name in _members(alliance) if keeper or int(pk) in mine]
    if not choices and not host:
        return None
    outside = host and platform.outside_rate is not None
    if outside:
        choices = [("", "—"), *choices]
    return BookingForm(data, members=choices, outside=outside)


@login_redirect
@require_http_methods(["GET", "POST"])
def platform_detail(request: HttpRequest, code: str, platform: str) -> HttpResponse:
    """A platform: details, its upcoming bookings day by day, its past bookings with their usage, its
    history; those who may book it book here."""
    obj = access_platform(request.user, code, platform)
    form = _booking_form(request, obj, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(
                _("Only a member's contact or legal representative, or the secretariat, books.")
            )
        if form.is_valid():
            booking = call_service(
                form,
                lambda: services.booking_request(by=acting_user(request), platform=obj, data=form.to_input()),
            )
            if booking is not None:
                messages.success(
                    request, _("Booking #%(seq)s is requested: the host confirms it.") % {"seq": booking.seq}
                )
                return redirect("platforms:booking", code=code, platform=obj.code, seq=booking.seq)
    now = timezone.now()
    bookings = list(bookings_of(obj))
    upcoming = [b for b in bookings if b.ends_at > now and b.status in (B.REQUESTED, B.CONFIRMED)]
    days: dict[dt.date, list[Booking]] = {}
    for b in upcoming:
        days.setdefault(timezone.localdate(b.starts_at), []).append(b)
    past = [b for b in reversed(bookings) if b.ends_at <= now and b.status == B.CONFIRMED]
    actors = platform_actors(request.user, obj)
    context = {
        "alliance": obj.alliance, "platform": obj, "form": form, "days": sorted(days.items()),
        "past": [(b, usage_in_force(b)) for b in past], "host": bool(can_host(request.user, obj)),
        "history": _labelled(obj.status_changes.select_related("by").order_by("at", "pk"), P),
        "takes_bookings": obj.status == P.ACTIVE,
        **PLATFORM_TRANSITIONS.may(obj.status, actors, suspend=P.SUSPENDED, resume=P.ACTIVE, retire=P.RETIRED),
    }  # fmt: skip
    return render(request, "platforms/detail.html", context)


def _labelled(rows: Any, choices: Any) -> list[dict[str, Any]]:
    """History rows with their statuses' labels (the codes are stable, the labels translated)."""
    labels = dict(choices.choices)
    return [{"row": h, "old": labels.get(h.old_status, ""), "new": labels.get(h.new_status, h.new_status)}
            for h in rows]  # fmt: skip


MOVE_TITLES = {
    P.SUSPENDED: (_("Suspend the platform"), _("Suspended, it takes no bookings until it is resumed.")),
    P.ACTIVE: (_("Resume the platform"), _("Active again, it takes bookings.")),
    P.RETIRED: (_("Retire the platform"), _("Retired, it takes no bookings, for good.")),
}


@login_redirect
@require_http_methods(["GET", "POST"])
def platform_move(request: HttpRequest, code: str, platform: str, target: str) -> HttpResponse:
    """Suspend, resume or retire a platform (the secretariat); confirmed first."""
    obj = access_platform(request.user, code, platform)
    require(request, can_keep_platforms(request.user, obj.alliance))
    if target not in MOVE_TITLES:
        raise Http404(_("No such status."))
    form = ConfirmForm(request.POST or None)
    done, confirming = confirm_step(request, form, lambda: services.platform_move(
        by=acting_user(request), platform=obj, target=target, comment=form.cleaned_data.get("note") or ""))  # fmt: skip
    if done is not None:
        messages.success(
            request,
            _("The platform %(code)s is %(status)s.")
            % {"code": obj.code, "status": done.get_status_display()},
        )
        return redirect("platforms:detail", code=code, platform=obj.code)
    title, warning = MOVE_TITLES[target]  # type: ignore[index]
    context = {"alliance": obj.alliance, "platform": obj, "form": form, "confirming": confirming,
               "title": f"{title} {obj.code}", "warning": warning}  # fmt: skip
    return render(request, "platforms/confirm.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def booking_detail(request: HttpRequest, code: str, platform: str, seq: int) -> HttpResponse:
    """A booking, its history and usage records; the host confirms or declines it, and records its usage
    once it has ended."""
    booking = access_booking(request.user, code, platform, seq)
    actors = booking_actors(request.user, booking)
    now = timezone.now()
    decision_form = usage_form = None
    may = BOOKING_TRANSITIONS.may(
        booking.status, actors, confirm=B.CONFIRMED, decline=B.DECLINED, cancel=B.CANCELLED
    )
    may["may_cancel"] = may["may_cancel"] and booking.starts_at > now
    may_record = (
        bool(can_host(request.user, booking.platform))
        and booking.status == B.CONFIRMED
        and booking.ends_at <= now
    )
    if may["may_confirm"]:
        decision_form = DecisionForm(request.POST if "decision" in request.POST else None)
    if may_record:
        usage_form = UsageForm(request.POST if "units_used" in request.POST else None)
    if request.method == "POST":
        user = acting_user(request)
        if decision_form is not None and decision_form.is_bound:
            if decision_form.is_valid():
                d = decision_form.cleaned_data
                run = services.booking_confirm if d["decision"] == "confirm" else services.booking_decline
                if (
                    call_service(
                        decision_form, lambda: run(by=user, booking=booking, note=d.get("note") or "")
                    )
                    is not None
                ):
                    messages.success(
                        request,
                        _("The booking is confirmed.")
                        if d["decision"] == "confirm"
                        else _("The booking is declined."),
                    )
                    return redirect("platforms:booking", code=code, platform=platform, seq=seq)
        elif usage_form is not None and usage_form.is_bound:
            if (
                usage_form.is_valid()
                and call_service(
                    usage_form,
                    lambda: services.usage_record(by=user, booking=booking, data=usage_form.to_input()),
                )
                is not None
            ):
                messages.success(request, _("The usage is recorded."))
                return redirect("platforms:booking", code=code, platform=platform, seq=seq)
        else:
            require(request, can_host(request.user, booking.platform))
            raise PermissionDenied(_("Nothing to do on this booking now."))
    context = {
        "alliance": booking.platform.alliance, "platform": booking.platform, "booking": booking,
        "usage": list(booking.usage_records.all()), "in_force": usage_in_force(booking),
        "history": _labelled(booking.status_changes.select_related("by").order_by("at", "pk"), B),
        "decision_form": decision_form, "usage_form": usage_form, **may,
    }  # fmt: skip
    return render(request, "platforms/booking.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def booking_cancel(request: HttpRequest, code: str, platform: str, seq: int) -> HttpResponse:
    """Cancel a booking before it starts (the booker, the host or the secretariat); confirmed first."""
    booking = access_booking(request.user, code, platform, seq)
    if not booking_actors(request.user, booking):
        require(request, can_host(request.user, booking.platform))
    form = ConfirmForm(request.POST or None)
    done, confirming = confirm_step(request, form, lambda: services.booking_cancel(
        by=acting_user(request), booking=booking, note=form.cleaned_data.get("note") or ""))  # fmt: skip
    if done is not None:
        messages.success(request, _("Booking #%(seq)s is cancelled.") % {"seq": booking.seq})
        return redirect("platforms:detail", code=code, platform=booking.platform.code)
    context = {
        "alliance": booking.platform.alliance, "platform": booking.platform, "form": form, "confirming": confirming,
        "title": _("Cancel booking #%(seq)s of %(code)s") % {"seq": booking.seq, "code": booking.platform.code},
        "warning": _("The booking of %(user)s from %(start)s is cancelled; the window is freed for others.")
        % {"user": booking.party_name, "start": daytime(booking.starts_at)},
    }  # fmt: skip
    return render(request, "platforms/confirm.html", context)


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year
    return min(max(year, EARLIEST_DAY.year), LATEST_DAY.year - 1)


def _bars(values: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    top = max((v for _l, v in values), default=0) or 1
    return [{"label": label, "count": value, "width": round(value * 100 / top)} for label, value in values]


@require_http_methods(["GET"])
@login_redirect
def statistics(request: HttpRequest, code: str) -> HttpResponse:
    """The use of each platform in a year (``?year=``; this year by default), with bars; ``?format=xlsx``."""
    alliance = access_alliance(request.user, code, need=can_view_platforms)
    year = _year(request)
    stats = usage_statistics(alliance, year)
    if request.GET.get("format") == "xlsx":
        sheet = Sheet(
            name=_("Platform use"), title=[[alliance.name_zh], [_("Year"), year]],
            header=[_("Code"), _("Name"), _("Capacity unit"), _("Bookings"), _("Confirmed"), _("Hours"), _("Units used"),
                    _("Member users"), _("Units used by members"), _("Units used by outside users"),
                    _("Members' share (%)"), _("Fees due (CNY)")],
            rows=[[s.platform.code, s.platform.name_zh, s.platform.get_unit_display(), s.bookings, s.confirmed, s.hours,
                   s.units_used, s.member_users, s.member_units, s.outside_units, s.member_share, s.fees_due]
                  for s in stats],
            number_formats={12: "#,##0.00"},
        )  # fmt: skip
        return xlsx_download(f"{alliance.code}-platform-use-{year}.xlsx", [sheet])
    context = {
        "alliance": alliance, "year": year, "stats": stats, "previous": year - 1, "next": year + 1,
        "hours_bars": _bars([(s.platform.code, s.hours) for s in stats]),
        "share_bars": [{"label": s.platform.code, "count": f"{s.member_share}%", "width": round(s.member_share)}
                       for s in stats if s.member_share is not None],
    }  # fmt: skip
    return render(request, "platforms/statistics.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def platform_import(request: HttpRequest, code: str) -> HttpResponse:
    """Upload a filled-in template: every row registered, or none (refused rows with their numbers)."""
    alliance = access_alliance(request.user, code, need=can_keep_platforms)
    form = ImportForm(request.POST or None, request.FILES or None)
    refused: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = platforms_import(
                by=acting_user(request), alliance=alliance, data=upload.read(5 * 1024 * 1024 + 1)
            )
        except PermissionDenied:
            raise
        except DomainError as exc:
            form.add_error(None, exc.message)
            refused = exc.fields
        else:
            messages.success(request, _("%(n)s platforms are registered.") % {"n": len(created)})
            return redirect("platforms:list", code=alliance.code)
    return render(request, "platforms/import.html", {"alliance": alliance, "form": form, "refused": refused})


@login_redirect
@require_http_methods(["GET"])
def import_template(request: HttpRequest, code: str) -> HttpResponse:
    """The documented template of the import."""
    access_alliance(request.user, code, need=can_keep_platforms)
    return xlsx_download("platforms-template.xlsx", template_sheets())
