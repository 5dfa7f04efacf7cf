"""Governance endpoints: bodies, rules, seats, the staff register and the liability member."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import DomainError
from itisa.core.inputs import Id
from itisa.core.responses import errors
from itisa.governance import services
from itisa.governance.models import Body, RuleSet, Seat, StaffMember
from itisa.governance.permissions import can_manage_governance, can_view_governance
from itisa.governance.schemas import (
    BodyIn,
    BodyOut,
    EndIn,
    GovernanceOut,
    LiabilityIn,
    RulesIn,
    RulesOut,
    SeatIn,
    SeatOut,
    StaffIn,
    StaffOut,
)
from itisa.governance.selectors import (
    access_body,
    access_seat,
    access_staff_member,
    bodies_of,
    current_rules,
    governance_facts,
    staff_of,
)
from itisa.registry.models import Organisation
from itisa.registry.selectors import access_alliance

router = Router(tags=["governance"])


def _org(code: str | None, field: str) -> Organisation | None:
    if not code:
        return None
    org = Organisation.objects.filter(uscc=code.strip().upper()).first()
    if org is None:
        raise DomainError(
            _("Please correct the errors below."),
            fields={field: [_("No organisation with this credit code.")]},
        )
    return org


def _rules(rs: RuleSet | None) -> dict[str, Any] | None:
    if rs is None:
        return None
    return {
        "version": rs.version,
        "matter": rs.matter,
        "preset": rs.preset,
        "quorum": f"{rs.quorum_numerator}/{rs.quorum_denominator}",
        "quorum_comparison": rs.quorum_comparison,
        "threshold": f"{rs.threshold_numerator}/{rs.threshold_denominator}",
        "threshold_comparison": rs.threshold_comparison,
        "threshold_base": rs.threshold_base,
        "abstentions_count_as_present": rs.abstentions_count_as_present,
        "extraordinary_share": f"{rs.extraordinary_numerator}/{rs.extraordinary_denominator}",
        "chair_casting_vote": rs.chair_casting_vote,
        "veto_days": rs.veto_days,
        "notice_days": rs.notice_days,
        "agreement_version": rs.agreement_version.label if rs.agreement_version else None,
        "adopted_on": rs.adopted_on,
    }


def _seat(s: Seat, *, usernames: bool) -> dict[str, Any]:
    """A seat; the username of the account that votes for it only for those who keep the register."""
    return {
        "id": s.pk,
        "organisation": s.organisation.uscc if s.organisation else None,
        "holder_name": s.holder_name,
        "representative": s.representative.get_username() if usernames and s.representative else None,
        "role": s.role,
        "term_start": s.term_start,
        "term_end": s.term_end,
    }


def _staff(p: StaffMember) -> dict[str, Any]:
    return {
        "id": p.pk,
        "name": p.name,
        "employer": p.employer.uscc if p.employer else None,
        "employer_name": p.employer_name,
        "position": p.position,
        "full_time": p.full_time,
        "since": p.since,
        "until": p.until,
    }


def _body(b: Body, *, usernames: bool) -> dict[str, Any]:
    seats = getattr(b, "current_seats", None)
    return {
        "id": b.pk,
        "kind": b.kind,
        "body_type": b.body_type,
        "name_zh": b.name_zh,
        "name_en": b.name_en,
        "duties_zh": b.duties_zh,
        "rules": _rules(current_rules(b)),
        "seats": [_seat(s, usernames=usernames) for s in (seats if seats is not None else [])],
    }


@router.get("/alliances/{code}/governance", response={200: GovernanceOut, **errors(401, 403, 404, 422)})
def governance(request: HttpRequest, code: str, include_past_staff: bool = False) -> Any:
    """Bodies with current seats and rules, the staff register and the Art. 8(3) checks."""
    alliance = access_alliance(viewer(request), code, need=can_view_governance)
    facts = governance_facts(alliance)
    # the public sees who sits for whom, never the login names of the accounts that vote
    usernames = bool(can_manage_governance(viewer(request), alliance))
    return {
        "alliance": alliance.code,
        "bodies": [_body(b, usernames=usernames) for b in bodies_of(viewer(request), alliance)],
        "staff": [_staff(p) for p in staff_of(viewer(request), alliance, include_past=include_past_staff)],
        "liability_member": facts.liability.organisation.uscc if facts.liability else None,
        "has_decision_advisory_executive": facts.has_all_kinds,
        "full_time_staff": facts.full_time_staff,
    }


@router.post(
    "/alliances/{code}/bodies",
    response={201: BodyOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def body_create(request: HttpRequest, code: str, payload: BodyIn) -> Any:
    body = services.body_create(
        by=viewer(request),
        alliance=access_alliance(viewer(request), code, need=can_view_governance),
        body_type=payload.body_type,
        name_zh=payload.name_zh,
        name_en=payload.name_en,
        kind=payload.kind,
        duties_zh=payload.duties_zh,
        rules=payload.rules,
    )
    return Status(201, _body(body, usernames=True))  # the keeper who created it


@router.post(
    "/bodies/{body_id}/rules",
    response={201: RulesOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def rules_adopt(request: HttpRequest, body_id: Id, payload: RulesIn) -> Any:
    rs = services.rules_adopt(
        by=viewer(request),
        body=access_body(viewer(request), body_id),
        rules=payload.rules,
        adopted_on=payload.adopted_on,
    )
    return Status(201, _rules(rs))


@router.post(
    "/bodies/{body_id}/seats",
    response={201: SeatOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def seat_add(request: HttpRequest, body_id: Id, payload: SeatIn) -> Any:
    body = access_body(viewer(request), body_id)
    representative = None
    if payload.representative:
        representative = (
            get_user_model().objects.filter(username=payload.representative, is_active=True).first()
        )
        if representative is None:
            raise DomainError(
                _("Please correct the errors below."),
                fields={"representative": [_("No active user with this username.")]},
            )
    seat = services.seat_add(
        by=viewer(request),
        body=body,
        holder_name=payload.holder_name,
        role=payload.role,
        term_start=payload.term_start,
        term_end=payload.term_end,
        organisation=_org(payload.organisation, "organisation"),
        representative=representative,
    )
    return Status(201, _seat(seat, usernames=True))  # the keeper who added it


@router.post(
    "/seats/{seat_id}/end",
    response={200: SeatOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def seat_end(request: HttpRequest, seat_id: Id, payload: EndIn) -> Any:
    seat = access_seat(viewer(request), seat_id)
    return _seat(services.seat_end(by=viewer(request), seat=seat, term_end=payload.on), usernames=True)


@router.post(
    "/alliances/{code}/staff",
    response={201: StaffOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def staff_add(request: HttpRequest, code: str, payload: StaffIn) -> Any:
    staff = services.staff_add(
        by=viewer(request),
        alliance=access_alliance(viewer(request), code, need=can_view_governance),
        name=payload.name,
        position=payload.position,
        full_time=payload.full_time,
        since=payload.since,
        employer=_org(payload.employer, "employer"),
        employer_name=payload.employer_name,
    )
    return Status(201, _staff(staff))


@router.post(
    "/staff/{staff_id}/end",
    response={200: StaffOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def staff_end(request: HttpRequest, staff_id: Id, payload: EndIn) -> Any:
    staff = access_staff_member(viewer(request), staff_id)
    return _staff(services.staff_end(by=viewer(request), staff=staff, until=payload.on))


@router.post(
    "/alliances/{code}/liability",
    response={201: dict[str, Any], **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def liability(request: HttpRequest, code: str, payload: LiabilityIn) -> Any:
    alliance = access_alliance(viewer(request), code, need=can_view_governance)
    org = _org(payload.organisation, "organisation")
    assert org is not None  # noqa: S101 (a credit code is required by the schema)
    row = services.liability_designate(
        by=viewer(request), alliance=alliance, organisation=org, since=payload.since
    )
    return Status(201, {"alliance": alliance.code, "organisation": org.uscc, "since": row.since.isoformat()})
