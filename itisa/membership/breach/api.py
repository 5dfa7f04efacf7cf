"""Breach endpoints: an alliance's notices of breach, serving one, a notice with its history, and the
steps (report cure, confirm cure, not cured, refer to the council, withdraw).

Reads are scoped by ``selectors.breaches_of``/``access_breach`` (keepers see all, a member's contacts
their own; hidden is 404); the services check who may act (403) and the workflow (409); a remedy the
agreement's breach clause does not allow is a 409 naming the clause, with nothing written.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import DomainError, NotFound, PermissionDenied
from itisa.core.inputs import Id
from itisa.core.responses import errors
from itisa.governance.models import Body
from itisa.membership import services
from itisa.membership.breach.schemas import (
    BreachDetailOut,
    BreachFilterIn,
    BreachIn,
    BreachOut,
    BreachReferIn,
    BreachTextIn,
)
from itisa.membership.models import Membership
from itisa.membership.permissions import can_manage_members, can_view_breaches
from itisa.membership.selectors import access_breach, breaches_of
from itisa.registry.selectors import access_alliance

router = Router(tags=["breach"])

ITEM = "/alliances/{code}/breaches/{breach_id}"


@router.get(
    "/alliances/{code}/breaches",
    response={200: list[BreachOut], **errors(401, 403, 404, 422)},
    auth=AUTHENTICATED,
)
@paginate
def breach_list(request: HttpRequest, code: str, filters: Query[BreachFilterIn]) -> Any:
    alliance = access_alliance(viewer(request), code, need=can_view_breaches)
    return breaches_of(viewer(request), alliance, status=filters.status, organisation=filters.organisation)


@router.post(
    "/alliances/{code}/breaches",
    response={201: BreachDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def breach_serve(request: HttpRequest, code: str, payload: BreachIn) -> Any:
    alliance = access_alliance(viewer(request), code, need=can_manage_members)
    membership = (
        Membership.objects.active().filter(alliance=alliance, organisation__uscc=payload.organisation)
        .select_related("alliance", "organisation").first()
    )  # fmt: skip
    if membership is None:
        raise DomainError(
            _("Please correct the errors below."),
            fields={"organisation": [_("No active member with this credit code.")]},
        )
    data = services.BreachInput(clause=payload.clause, facts=payload.facts)
    notice = services.breach_serve(by=viewer(request), membership=membership, data=data)
    return Status(201, access_breach(viewer(request), notice.pk))


@router.get(ITEM, response={200: BreachDetailOut, **errors(401, 404, 422)}, auth=AUTHENTICATED)
def breach_detail(request: HttpRequest, code: str, breach_id: Id) -> Any:
    return access_breach(viewer(request), breach_id, alliance=access_alliance(viewer(request), code))


def _step(request: HttpRequest, code: str, breach_id: Id, service: Any, **kwargs: Any) -> Any:
    notice = access_breach(viewer(request), breach_id, alliance=access_alliance(viewer(request), code))
    service(by=viewer(request), notice=notice, **kwargs)
    return access_breach(viewer(request), breach_id)


STEP = {200: BreachDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)}


@router.post(f"{ITEM}/report-cure", response=STEP, auth=AUTHENTICATED)
def breach_report_cure(request: HttpRequest, code: str, breach_id: Id, payload: BreachTextIn) -> Any:
    return _step(request, code, breach_id, services.breach_report_cure, report=payload.text)


@router.post(f"{ITEM}/confirm-cure", response=STEP, auth=AUTHENTICATED)
def breach_confirm_cure(request: HttpRequest, code: str, breach_id: Id, payload: BreachTextIn) -> Any:
    return _step(request, code, breach_id, services.breach_confirm_cure, evidence=payload.text)


@router.post(f"{ITEM}/reject-cure", response=STEP, auth=AUTHENTICATED)
def breach_reject_cure(request: HttpRequest, code: str, breach_id: Id, payload: BreachTextIn) -> Any:
    return _step(request, code, breach_id, services.breach_reject_cure, reason=payload.text)


@router.post(f"{ITEM}/withdraw", response=STEP, auth=AUTHENTICATED)
def breach_withdraw(request: HttpRequest, code: str, breach_id: Id, payload: BreachTextIn) -> Any:
    return _step(request, code, breach_id, services.breach_withdraw, reason=payload.text)


@router.post(f"{ITEM}/refer", response=STEP, auth=AUTHENTICATED)
def breach_refer(request: HttpRequest, code: str, breach_id: Id, payload: BreachReferIn) -> Any:
    alliance = access_alliance(viewer(request), code)
    decision = can_manage_members(viewer(request), alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    body = Body.objects.filter(pk=payload.body_id, alliance=alliance).first()
    if body is None:
        raise NotFound(_("No such body."))
    data = services.ReferralInput(
        remedies=payload.remedies, suspend_from=payload.suspend_from, suspend_until=payload.suspend_until,
        deadline=payload.deadline, comment=payload.comment,
    )  # fmt: skip
    return _step(request, code, breach_id, services.breach_refer, body=body, data=data)
