"""The 1.2 sections of a dossier as plain data: bodies with everything decided in them, the staff
register, the liability designations and the admission applications.

Deterministic like the rest of the export: lists sorted by their natural keys (history rows in the
order they happened), no database ids, timestamps in UTC. Accounts do not travel: a vote's voter and
an application's applicant are the usernames recorded when it happened (``cast_by_label``,
``applicant_label``; older rows without a label give their account's current username); history rows
carry their ``actor_label``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch

from itisa.dossier.services._fields import RESOLUTION_FIELDS, TALLY_FIELDS
from itisa.governance.choices import BodyKind, SeatRole
from itisa.governance.models import (
    Attendance,
    Body,
    LiabilityDesignation,
    Meeting,
    Motion,
    MotionSeat,
    MotionStatusChange,
    RuleSet,
    Seat,
    StaffMember,
    Vote,
)
from itisa.membership.models import Application, ApplicationStatusChange
from itisa.registry.models import Alliance

KIND_ORDER: dict[str, int] = {BodyKind.DECISION: 0, BodyKind.ADVISORY: 1, BodyKind.EXECUTIVE: 2}
ROLE_ORDER: dict[str, int] = {SeatRole.CHAIR: 0, SeatRole.VICE_CHAIR: 1, SeatRole.MEMBER: 2}


def _at(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _seat_ref(seat: Seat) -> dict[str, Any]:
    return {"holder_name": seat.holder_name, "term_start": seat.term_start.isoformat()}


def _seat_order(seat: Seat) -> tuple[dt.date, str]:
    return (seat.term_start, seat.holder_name)


def _fraction(numerator: int, denominator: int) -> dict[str, int]:
    return {"numerator": numerator, "denominator": denominator}


def _history(rows: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "at": _at(h.at),
            "old_status": h.old_status or None,
            "new_status": h.new_status,
            "by": h.actor_label or None,
            "comment": h.comment,
        }
        for h in sorted(rows, key=lambda h: (h.at, h.pk))
    ]


def _rule_set(rs: RuleSet) -> dict[str, Any]:
    return {
        "version": rs.version,
        "preset": rs.preset,
        "quorum": _fraction(rs.quorum_numerator, rs.quorum_denominator),
        "quorum_comparison": rs.quorum_comparison,
        "threshold": _fraction(rs.threshold_numerator, rs.threshold_denominator),
        "threshold_comparison": rs.threshold_comparison,
        "threshold_base": rs.threshold_base,
        "abstentions_count_as_present": rs.abstentions_count_as_present,
        "extraordinary_share": _fraction(rs.extraordinary_numerator, rs.extraordinary_denominator),
        "notice_days": rs.notice_days,
        "matter": rs.matter,
        "chair_casting_vote": rs.chair_casting_vote,
        "veto_days": rs.veto_days,
        "adopted_on": rs.adopted_on.isoformat(),
    }


def _seat(seat: Seat) -> dict[str, Any]:
    return {
        **_seat_ref(seat),
        "term_end": _day(seat.term_end),
        "organisation": seat.organisation.uscc if seat.organisation else None,
        "role": seat.role,
        "is_demo": seat.is_demo,
    }


def _meeting(meeting: Meeting) -> dict[str, Any]:
    attendance: list[Attendance] = list(meeting.attendance.all())
    return {
        "title_zh": meeting.title_zh,
        "kind": meeting.kind,
        "starts_at": _at(meeting.starts_at),
        "ends_at": _at(meeting.ends_at),
        "location": meeting.location,
        "convened_by": meeting.convened_by,
        "requested_by": [_seat_ref(s) for s in sorted(meeting.requested_by.all(), key=_seat_order)],
        "notice_given_at": _at(meeting.notice_given_at),
        "status": meeting.status,
        "minutes_zh": meeting.minutes_zh,
        "minutes_recorded_at": _at(meeting.minutes_recorded_at),
        "attendance": [
            {"seat": _seat_ref(a.seat), "proxy_name": a.proxy_name}
            for a in sorted(attendance, key=lambda a: _seat_order(a.seat))
        ],
        "is_demo": meeting.is_demo,
    }


def _voter(vote: Vote) -> str | None:
    if vote.cast_by_label:
        return vote.cast_by_label
    return vote.cast_by.get_username() if vote.cast_by else None


def _veto(veto: Any) -> dict[str, Any] | None:
    if veto is None:
        return None
    return {
        "seat": _seat_ref(veto.seat),
        "reason": veto.reason,
        "cast_by": veto.cast_by_label or None,
        "at": _at(veto.at),
    }


def _motion(motion: Motion) -> dict[str, Any]:
    votes: list[Vote] = list(motion.votes.all())
    resolution = getattr(motion, "resolution", None)
    return {
        "number": motion.number,
        "title_zh": motion.title_zh,
        "text_zh": motion.text_zh,
        "method": motion.method,
        "meeting": (
            {"starts_at": _at(motion.meeting.starts_at), "title_zh": motion.meeting.title_zh}
            if motion.meeting
            else None
        ),
        "status": motion.status,
        "deadline": _at(motion.deadline),
        "opened_at": _at(motion.opened_at),
        "closed_at": _at(motion.closed_at),
        "reminded_at": _at(motion.reminded_at),
        "rules_version": motion.rules.version if motion.rules else None,
        "seat_list": [_seat_ref(s) for s in sorted((m.seat for m in motion.seat_list.all()), key=_seat_order)]
        or None,
        "tally": (
            {"seats": motion.seats_count, **{f: getattr(motion, f) for f in TALLY_FIELDS}}
            if motion.status == "closed"
            else None
        ),
        "status_history": _history(list(motion.status_changes.all())),
        "votes": [
            {"seat": _seat_ref(v.seat), "choice": v.choice, "cast_by": _voter(v), "cast_at": _at(v.cast_at)}
            for v in sorted(votes, key=lambda v: (v.cast_at, _seat_order(v.seat)))
        ],
        "resolution": (
            {
                **{f: getattr(resolution, f) for f in RESOLUTION_FIELDS},
                "due_on": _day(resolution.due_on),
                "veto_until": _at(resolution.veto_until),
                "effective_at": _at(resolution.effective_at),
                "veto": _veto(getattr(resolution, "veto", None)),
            }
            if resolution is not None
            else None
        ),
    }


def _bodies(alliance: Alliance) -> list[dict[str, Any]]:
    seats = Seat.objects.select_related("organisation")
    motions = Motion.objects.select_related("meeting", "rules", "resolution__veto__seat").prefetch_related(
        Prefetch("votes", queryset=Vote.objects.select_related("seat", "cast_by")),
        Prefetch("seat_list", queryset=MotionSeat.objects.select_related("seat")),
        Prefetch("status_changes", queryset=MotionStatusChange.objects.all()),
    )
    meetings = Meeting.objects.prefetch_related(
        Prefetch("requested_by", queryset=Seat.objects.all()),
        Prefetch("attendance", queryset=Attendance.objects.select_related("seat")),
    )
    bodies = Body.objects.filter(alliance=alliance).prefetch_related(
        "rule_sets",
        Prefetch("seats", queryset=seats),
        Prefetch("meetings", queryset=meetings),
        Prefetch("motions", queryset=motions),
    )
    return [
        {
            "name_zh": body.name_zh,
            "name_en": body.name_en,
            "kind": body.kind,
            "body_type": body.body_type,
            "duties_zh": body.duties_zh,
            "is_demo": body.is_demo,
            "rule_sets": [_rule_set(rs) for rs in sorted(body.rule_sets.all(), key=lambda rs: rs.version)],
            "seats": [
                _seat(s)
                for s in sorted(
                    body.seats.all(), key=lambda s: (s.term_start, ROLE_ORDER.get(s.role, 9), s.holder_name)
                )
            ],
            "meetings": [
                _meeting(m) for m in sorted(body.meetings.all(), key=lambda m: (m.starts_at, m.title_zh))
            ],
            "motions": [_motion(m) for m in sorted(body.motions.all(), key=lambda m: m.number)],
        }
        for body in sorted(bodies, key=lambda b: (KIND_ORDER.get(b.kind, 9), b.name_zh))
    ]


def _applicant(app: Application) -> str | None:
    if app.applicant_label:
        return app.applicant_label
    return app.applicant.get_username() if app.applicant else None


def _applications(alliance: Alliance) -> list[dict[str, Any]]:
    apps = (
        Application.objects.filter(alliance=alliance)
        .select_related("applicant", "organisation", "motion__body", "accession", "membership__organisation")
        .prefetch_related(Prefetch("status_changes", queryset=ApplicationStatusChange.objects.all()))
    )
    out = []
    for app in sorted(apps, key=lambda a: (a.submitted_at, a.uscc)):
        out.append(
            {
                "uscc": app.uscc,
                "submitted_at": _at(app.submitted_at),
                "name_zh": app.name_zh,
                "kind": app.kind,
                "ownership": app.ownership or None,
                "province": app.province,
                "region_code": app.region_code,
                "industry": app.industry,
                "address": app.address,
                "legal_rep_name": app.legal_rep_name,
                "contact_name": app.contact_name,
                "contact_phone": app.contact_phone,
                "contact_email": app.contact_email,
                "intended_contribution": app.intended_contribution,
                "rank": app.rank,
                "status": app.status,
                "rejection_reason": app.rejection_reason,
                "applicant": _applicant(app),
                "organisation": app.organisation.uscc if app.organisation else None,
                "motion": (
                    {"body": app.motion.body.name_zh, "number": app.motion.number} if app.motion else None
                ),
                "accession": app.accession.number if app.accession else None,
                "membership": (
                    {
                        "organisation": app.membership.organisation.uscc,
                        "joined_on": app.membership.joined_on.isoformat(),
                    }
                    if app.membership
                    else None
                ),
                "is_demo": app.is_demo,
                "status_history": _history(list(app.status_changes.all())),
            }
        )
    return out


def governance_export(alliance: Alliance) -> dict[str, list[dict[str, Any]]]:
    """The sections ``bodies``, ``staff``, ``liability_designations`` and ``applications``."""
    staff = StaffMember.objects.filter(alliance=alliance).select_related("employer")
    designations = LiabilityDesignation.objects.filter(alliance=alliance).select_related("organisation")
    return {
        "bodies": _bodies(alliance),
        "staff": [
            {
                "name": s.name,
                "position": s.position,
                "full_time": s.full_time,
                "employer": s.employer.uscc if s.employer else None,
                "employer_name": s.employer_name,
                "since": s.since.isoformat(),
                "until": _day(s.until),
                "is_demo": s.is_demo,
            }
            for s in sorted(staff, key=lambda s: (s.since, s.name, s.position))
        ],
        "liability_designations": [
            {"organisation": d.organisation.uscc, "since": d.since.isoformat()}
            for d in sorted(designations, key=lambda d: (d.since, d.organisation.uscc))
        ],
        "applications": _applications(alliance),
    }


def governance_organisations(alliance: Alliance) -> set[int]:
    """Organisations the 1.2 sections name (seats, employers, the liability member, applicants that
    were registered): they travel in ``organisations`` even when they are not members."""
    ids: set[int] = set()
    ids |= set(
        Seat.objects.filter(body__alliance=alliance, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    ids |= set(
        StaffMember.objects.filter(alliance=alliance, employer__isnull=False).values_list(
            "employer_id", flat=True
        )
    )
    ids |= set(
        LiabilityDesignation.objects.filter(alliance=alliance).values_list("organisation_id", flat=True)
    )
    ids |= set(
        Application.objects.filter(alliance=alliance, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    return {i for i in ids if i is not None}
