"""Meeting, motion and voting pages: convene, agenda, attendance, minutes, ballots, votes, resolutions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from itisa.accounts.actor import acting_user
from itisa.governance import services
from itisa.governance.calendar import calendar_bytes
from itisa.governance.choices import MeetingStatus, MinutesStatus, MotionStatus, VoteChoice
from itisa.governance.forms import (
    AttendanceForm,
    ConfirmForm,
    MeetingForm,
    MinuteObjectionForm,
    MinutesForm,
    MotionFilterForm,
    MotionForm,
    ProxyForm,
    ReasonForm,
    ResolutionAssignForm,
    ResolutionUpdateForm,
    VetoForm,
    VoteForm,
)
from itisa.governance.models import Meeting, Motion, Seat
from itisa.governance.permissions import (
    actors_on,
    can_convene_in,
    can_manage_governance,
    can_object_to_minutes,
    can_put_motions_in,
    can_run_body,
    can_see_voter_names,
    can_veto,
    can_view_governance,
    can_vote,
)
from itisa.governance.selectors import (
    access_meeting,
    access_motion,
    access_resolution,
    attendance_of,
    current_seats_in,
    current_seats_of,
    current_seats_q,
    meetings_of,
    minute_objections_of,
    minutes_seats,
    motions_of,
    proxies_of,
    status_history,
    tally_of,
    veto_of,
    veto_seats,
    vote_lines,
    voting_seats,
)
from itisa.governance.workflows import MEETING_TRANSITIONS, MOTION_TRANSITIONS
from itisa.registry.selectors import access_alliance
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require

# --- meetings -------------------------------------------------------------------------------------


@login_redirect
@require_http_methods(["GET"])
def meetings(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=can_view_governance)
    page, query = paginate(request, meetings_of(request.user, alliance))
    context = {
        "alliance": alliance,
        "page": page,
        "query": query,
        "can_run": bool(can_convene_in(request.user, alliance)),
    }
    return render(request, "governance/meetings.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def meeting_add(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=can_view_governance)
    require(request, can_convene_in(request.user, alliance))
    seats = current_seats_in(alliance)
    form = MeetingForm(request.POST or None, alliance=alliance, seats=seats)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        meeting = call_service(
            form,
            lambda: services.meeting_convene(
                by=acting_user(request),
                body=d["body"],
                kind=d["kind"],
                title_zh=d["title_zh"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                location=d["location"],
                requested_by=list(d["requested_by"]),
            ),
        )
        if meeting is not None:
            messages.success(request, _("Meeting convened; the notice went to every seat."))
            return redirect("governance:meeting", pk=meeting.pk)
    context = {"alliance": alliance, "form": form, "title": _("Convene a meeting")}
    return render(request, "governance/form.html", context)


def _meeting_page(request: HttpRequest, meeting: Meeting, **bound: Any) -> HttpResponse:
    alliance = meeting.body.alliance
    keeper = bool(can_manage_governance(request.user, alliance))
    show_names = bool(can_see_voter_names(request.user, alliance))
    present = list(attendance_of(meeting))
    present_ids = {a.seat_id for a in present}
    seats = current_seats_of(meeting.body, on=timezone.localdate(meeting.starts_at))
    absent = seats.exclude(pk__in=present_ids)
    started = timezone.now() >= meeting.starts_at
    context = {
        "alliance": alliance,
        "meeting": meeting,
        "attendance": present,
        "seat_count": seats.count(),
        "motions": list(motions_of(request.user, alliance, meeting=meeting).order_by("number")),
        "requested_by": list(meeting.requested_by.all()),
        "keeper": keeper,
        "can_run": bool(can_run_body(request.user, meeting.body)),
        **MEETING_TRANSITIONS.may(
            meeting.status,
            actors_on(request.user, meeting.body),
            cancel=MeetingStatus.CANCELLED,
            record_minutes=MeetingStatus.HELD,
        ),
        "started": started,
        "attendance_form": bound.get("attendance_form") or AttendanceForm(seats=absent),
        # who holds a seat's proxy says who cast its vote: only for those who see voters' names
        "show_names": show_names,
        "proxies": list(proxies_of(meeting)) if show_names else [],
        "proxy_form": bound.get("proxy_form") or _proxy_form(request, meeting),
        "minutes_form": bound.get("minutes_form") or MinutesForm(),
        "scheduled": meeting.status == MeetingStatus.SCHEDULED,
        "objections": list(minute_objections_of(meeting)),
        "may_object": bool(can_object_to_minutes(request.user, meeting)),
        "may_revise": keeper and meeting.minutes_status == MinutesStatus.OBJECTED,
    }
    return render(request, "governance/meeting.html", context)


def _proxy_seats(request: HttpRequest, meeting: Meeting) -> Any:
    """The seats the viewer may name a proxy for: all current seats for the secretariat, else their own."""
    seats = Seat.objects.filter(
        current_seats_q(timezone.localdate(meeting.starts_at)), body=meeting.body
    ).exclude(proxies__meeting=meeting)
    if not can_manage_governance(request.user, meeting.body.alliance):
        seats = seats.filter(representative_id=request.user.pk)
    return seats.order_by("role", "holder_name", "pk")


def _proxy_form(request: HttpRequest, meeting: Meeting) -> ProxyForm | None:
    if meeting.status != MeetingStatus.SCHEDULED or timezone.now() >= meeting.ends_at:
        return None
    seats = _proxy_seats(request, meeting)
    return ProxyForm(seats=seats) if seats.exists() else None


@login_redirect
@require_POST
def meeting_proxy(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_meeting(request.user, pk)
    seats = _proxy_seats(request, obj)
    form = ProxyForm(request.POST, seats=seats)
    if form.is_valid():
        d = form.cleaned_data
        holder = get_user_model().objects.filter(username=d["holder"], is_active=True).first()
        done = call_service(
            form,
            lambda: services.proxy_give(
                by=acting_user(request), meeting=obj, seat=d["seat"], holder=holder, document=d["document"]
            ),
        )
        if done is not None:
            messages.success(request, _("Proxy recorded; the holder votes for the seat at this meeting."))
            return redirect("governance:meeting", pk=obj.pk)
    return _meeting_page(request, obj, proxy_form=form)


@login_redirect
@require_http_methods(["GET"])
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, access_meeting(request.user, pk))


@login_redirect
@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_meeting(request.user, pk)
    require(request, can_manage_governance(request.user, obj.body.alliance))
    form = AttendanceForm(
        request.POST, seats=current_seats_of(obj.body, on=timezone.localdate(obj.starts_at))
    )
    if form.is_valid():
        proxies = {s.pk: request.POST.get(f"proxy_{s.pk}", "") for s in form.cleaned_data["seats"]}
        rows = call_service(
            form,
            lambda: services.meeting_attendance_record(
                by=acting_user(request), meeting=obj, seats=form.cleaned_data["seats"], proxies=proxies
            ),
        )
        if rows is not None:
            messages.success(request, _("Attendance recorded."))
            return redirect("governance:meeting", pk=obj.pk)
    return _meeting_page(request, obj, attendance_form=form)


@login_redirect
@require_POST
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_meeting(request.user, pk)
    require(request, can_manage_governance(request.user, obj.body.alliance))
    form = MinutesForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            lambda: services.meeting_minutes_record(
                by=acting_user(request), meeting=obj, minutes_zh=form.cleaned_data["minutes_zh"]
            ),
        )
        if done is not None:
            messages.success(request, _("Minutes recorded."))
            return redirect("governance:meeting", pk=obj.pk)
    return _meeting_page(request, obj, minutes_form=form)


@login_redirect
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_meeting(request.user, pk)
    require(request, can_run_body(request.user, obj.body))
    form = ReasonForm(request.POST or None)
    done, confirming = confirm_step(
        request,
        form,
        lambda: services.meeting_cancel(
            by=acting_user(request), meeting=obj, reason=form.cleaned_data["reason"]
        ),
    )
    if done is not None:
        messages.success(request, _("Meeting cancelled; the seats were told."))
        return redirect("governance:meeting", pk=obj.pk)
    context = {
        "alliance": obj.body.alliance,
        "form": form,
        "confirming": confirming,
        "title": _("Cancel the meeting %(title)s") % {"title": obj.title_zh},
        "warning": _(
            "The seats are told the meeting is cancelled, and its motions without votes are withdrawn."
        ),
        "back": reverse("governance:meeting", args=[obj.pk]),
    }
    return render(request, "governance/confirm.html", context)


@login_redirect
@require_http_methods(["GET"])
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_meeting(request.user, pk)
    response = HttpResponse(
        calendar_bytes([obj], name=obj.body.name_zh), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{obj.pk}.ics"'
    return response


@login_redirect
@require_http_methods(["GET"])
def meetings_ics(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=can_view_governance)
    body = calendar_bytes(meetings_of(request.user, alliance), name=alliance.name_zh)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{alliance.code}-meetings.ics"'
    return response


@login_redirect
@require_http_methods(["GET"])
def meeting_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from itisa.governance.minutes import render_minutes_pdf

    obj = access_meeting(request.user, pk)
    response = HttpResponse(render_minutes_pdf(obj), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{obj.pk}.pdf"'
    return response


# --- motions and votes ----------------------------------------------------------------------------


@login_redirect
@require_http_methods(["GET"])
def motions(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=can_view_governance)
    filters = MotionFilterForm(request.GET)
    filters.is_valid()
    d = getattr(filters, "cleaned_data", {})
    body = alliance.bodies.filter(pk=d["body"]).first() if d.get("body") else None
    qs = motions_of(request.user, alliance, status=d.get("status") or "", body=body)
    page, query = paginate(request, qs)
    context = {
        "alliance": alliance,
        "page": page,
        "query": query,
        "filters": filters,
        "bodies": list(alliance.bodies.order_by("pk")),
        "body": body,
        "can_run": bool(can_put_motions_in(request.user, alliance)),
    }
    return render(request, "governance/motions.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def motion_add(request: HttpRequest, code: str) -> HttpResponse:
    alliance = access_alliance(request.user, code, need=can_view_governance)
    require(request, can_put_motions_in(request.user, alliance))
    initial = {}
    if request.GET.get("meeting"):
        initial = {"meeting": request.GET["meeting"], "method": "meeting"}
    form = MotionForm(request.POST or None, alliance=alliance, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        motion = call_service(
            form,
            lambda: services.motion_open(
                by=acting_user(request),
                body=d["body"],
                title_zh=d["title_zh"],
                text_zh=d["text_zh"],
                method=d["method"],
                deadline=d["deadline"],
                meeting=d["meeting"],
                matter=d["matter"],
            ),
        )
        if motion is not None:
            messages.success(request, _("Motion No. %(n)s is open for votes.") % {"n": motion.number})
            return redirect("governance:motion", pk=motion.pk)
    context = {"alliance": alliance, "form": form, "title": _("Put a motion")}
    return render(request, "governance/form.html", context)


def _motion_page(request: HttpRequest, motion: Motion, **bound: Any) -> HttpResponse:
    alliance = motion.body.alliance
    votes = vote_lines(request.user, motion)
    voted = {line.vote.seat_id: line.vote for line in votes}
    is_open = motion.status == MotionStatus.OPEN
    # one ballot per seat the viewer votes for: seats they represent, and seats whose proxy they hold
    ballots = [
        {"seat": v.seat, "proxy": v.proxy, "vote": voted.get(v.seat.pk)}
        for v in (voting_seats(request.user, motion) if is_open else [])
    ]
    resolution = getattr(motion, "resolution", None) if motion.passed else None
    keeper = bool(can_manage_governance(request.user, alliance))
    context = {
        "alliance": alliance,
        "motion": motion,
        "votes": votes,
        # the voter's and the history's names (never login names) only for the alliance's people and officers
        "show_names": bool(can_see_voter_names(request.user, alliance)),
        "seat_count": motion.seat_list.count(),
        "ballots": ballots,
        "vote_decision": can_vote(request.user, motion),
        "tally": tally_of(motion),
        "veto": veto_of(resolution) if resolution is not None else None,
        "may_veto": resolution is not None and bool(can_veto(request.user, resolution)),
        "vote_form": bound.get("vote_form") or VoteForm(),
        "can_run": bool(can_run_body(request.user, motion.body)),
        **MOTION_TRANSITIONS.may(
            motion.status,
            actors_on(request.user, motion.body),
            close=MotionStatus.CLOSED,
            withdraw=MotionStatus.WITHDRAWN,
        ),
        "is_open": is_open,
        "history": list(status_history(motion)),
        "resolution": resolution,
        "keeper": keeper,
        "may_update": resolution is not None
        and (
            keeper or (resolution.responsible_user_id and resolution.responsible_user_id == request.user.pk)
        ),
        "assign_form": bound.get("assign_form")
        or ResolutionAssignForm(
            initial={"responsible": resolution.responsible, "due_on": resolution.due_on}
            if resolution
            else None
        ),
        "update_form": bound.get("update_form")
        or ResolutionUpdateForm(initial={"status": resolution.status} if resolution else None),
    }
    return render(request, "governance/motion.html", context)


@login_redirect
@require_http_methods(["GET"])
def motion(request: HttpRequest, pk: int) -> HttpResponse:
    return _motion_page(request, access_motion(request.user, pk))


@login_redirect
@require_POST
def motion_vote(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_motion(request.user, pk)
    require(request, can_vote(request.user, obj))
    form = VoteForm(request.POST)
    if form.is_valid() and not form.cleaned_data["confirmed"]:
        # first step: what is about to be cast, for which seat, and that it is final
        seat_pk = form.cleaned_data["seat"]
        context = {
            "alliance": obj.body.alliance,
            "motion": obj,
            "choice": form.cleaned_data["choice"],
            "choice_label": VoteChoice(form.cleaned_data["choice"]).label,
            # the seat named, else the one seat the voter votes for (as the service picks it)
            "seat": next(
                (v.seat for v in voting_seats(request.user, obj) if not seat_pk or v.seat.pk == seat_pk), None
            ),
            "seat_pk": seat_pk,
        }
        return render(request, "governance/vote_confirm.html", context)
    if form.is_valid():
        vote = call_service(
            form,
            lambda: services.vote_cast(
                by=acting_user(request),
                motion=obj,
                choice=form.cleaned_data["choice"],
                seat=form.cleaned_data["seat"],
            ),
        )
        if vote is not None:
            messages.success(
                request, _("Your vote is recorded: %(choice)s.") % {"choice": vote.get_choice_display()}
            )
            return redirect("governance:motion", pk=obj.pk)
    return _motion_page(request, obj, vote_form=form)


def _confirm_move(request: HttpRequest, obj: Motion, *, close: bool) -> HttpResponse:
    require(request, can_run_body(request.user, obj.body))
    form: ConfirmForm | ReasonForm = (
        ConfirmForm(request.POST or None) if close else ReasonForm(request.POST or None)
    )
    done, confirming = confirm_step(
        request,
        form,
        (
            lambda: services.motion_close(
                by=acting_user(request), motion=obj, comment=form.cleaned_data["comment"]
            )
        )
        if close
        else (
            lambda: services.motion_withdraw(
                by=acting_user(request), motion=obj, reason=form.cleaned_data["reason"]
            )
        ),
    )
    if done is not None:
        messages.success(request, _("The ballot is closed and counted.") if close else _("Motion withdrawn."))
        return redirect("governance:motion", pk=obj.pk)
    cast = obj.votes.count()
    seats = obj.seat_list.count()
    if close:
        warning = _(
            "%(cast)s of %(seats)s seats have voted. Closing counts the votes now with the body's rules; no one can vote afterwards, and this cannot be undone."
        ) % {"cast": cast, "seats": seats}
        title = _("Close the ballot on motion No. %(n)s") % {"n": obj.number}
    else:
        warning = _("A withdrawn motion is not voted on; this cannot be undone.")
        title = _("Withdraw motion No. %(n)s") % {"n": obj.number}
    context = {
        "alliance": obj.body.alliance,
        "form": form,
        "confirming": confirming,
        "title": title,
        "warning": warning,
        "back": reverse("governance:motion", args=[obj.pk]),
    }
    return render(request, "governance/confirm.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def motion_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm_move(request, access_motion(request.user, pk), close=True)


@login_redirect
@require_http_methods(["GET", "POST"])
def motion_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm_move(request, access_motion(request.user, pk), close=False)


@login_redirect
@require_http_methods(["GET", "POST"])
def resolution_veto(request: HttpRequest, pk: int) -> HttpResponse:
    """A seat vetoes a passed motion within its window (DESCA 6.3.4), after a confirmation."""
    resolution = access_resolution(request.user, pk)
    obj = resolution.motion
    require(request, can_veto(request.user, resolution))
    seats = Seat.objects.filter(pk__in=[s.pk for s in veto_seats(request.user, obj)]).order_by("role", "pk")
    form = VetoForm(request.POST or None, seats=seats, initial={"seat": seats.first()})
    done, confirming = confirm_step(
        request,
        form,
        lambda: services.resolution_veto(
            by=acting_user(request),
            resolution=resolution,
            reason=form.cleaned_data["reason"],
            seat=form.cleaned_data["seat"],
        ),
    )
    if done is not None:
        messages.success(request, _("Your seat vetoed the decision; it is suspended."))
        return redirect("governance:motion", pk=obj.pk)
    context = {
        "alliance": obj.body.alliance,
        "form": form,
        "confirming": confirming,
        "title": _("Veto motion No. %(n)s") % {"n": obj.number},
        "warning": _(
            "A veto suspends the decision of %(body)s. It is recorded with your reason, the seats are told, "
            "and it cannot be withdrawn."
        )
        % {"body": obj.body.name_zh},
        "back": reverse("governance:motion", args=[obj.pk]),
    }
    return render(request, "governance/confirm.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def meeting_minutes_object(request: HttpRequest, pk: int) -> HttpResponse:
    """A seat objects to the circulated minutes within the window (DESCA 6.2.5), after a confirmation."""
    obj = access_meeting(request.user, pk)
    require(request, can_object_to_minutes(request.user, obj))
    allowed = minutes_seats(request.user, obj, on=timezone.localdate())
    seats = Seat.objects.filter(pk__in=[s.pk for s in allowed]).order_by("role", "holder_name", "pk")
    form = MinuteObjectionForm(request.POST or None, seats=seats, initial={"seat": seats.first()})
    done, confirming = confirm_step(
        request,
        form,
        lambda: services.minutes_object(
            by=acting_user(request),
            meeting=obj,
            reason=form.cleaned_data["reason"],
            seat=form.cleaned_data["seat"],
        ),
    )
    if done is not None:
        messages.success(request, _("Objection recorded; the minutes are not accepted and will be revised."))
        return redirect("governance:meeting", pk=obj.pk)
    context = {
        "alliance": obj.body.alliance,
        "form": form,
        "confirming": confirming,
        "title": _("Object to the minutes of %(title)s") % {"title": obj.title_zh},
        "warning": _(
            "An objection stops the minutes (version %(version)s) from being accepted. It is recorded with "
            "your reason, the secretariat is told, and it cannot be withdrawn."
        )
        % {"version": obj.minutes_version},
        "back": reverse("governance:meeting", args=[obj.pk]),
    }
    return render(request, "governance/confirm.html", context)


@login_redirect
@require_POST
def resolution_assign(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = access_resolution(request.user, pk)
    obj = resolution.motion
    require(request, can_manage_governance(request.user, obj.body.alliance))
    form = ResolutionAssignForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        user = None
        ok = True
        if d["responsible_user"]:
            user = get_user_model().objects.filter(username=d["responsible_user"], is_active=True).first()
            if user is None:
                form.add_error("responsible_user", _("No active user with this username."))
                ok = False
        if ok:
            done = call_service(
                form,
                lambda: services.resolution_assign(
                    by=acting_user(request),
                    resolution=resolution,
                    responsible=d["responsible"],
                    responsible_user=user,
                    due_on=d["due_on"],
                ),
            )
            if done is not None:
                messages.success(request, _("Resolution assigned."))
                return redirect("governance:motion", pk=obj.pk)
    return _motion_page(request, obj, assign_form=form)


@login_redirect
@require_POST
def resolution_update(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = access_resolution(request.user, pk)
    obj = resolution.motion
    form = ResolutionUpdateForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            lambda: services.resolution_update(
                by=acting_user(request),
                resolution=resolution,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            ),
        )
        if done is not None:
            messages.success(request, _("Resolution updated."))
            return redirect("governance:motion", pk=obj.pk)
    return _motion_page(request, obj, update_form=form)
