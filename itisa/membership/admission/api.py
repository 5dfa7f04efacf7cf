"""Admission, exit and expulsion endpoints."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import NotFound, PermissionDenied
from itisa.core.inputs import Id
from itisa.core.responses import errors
from itisa.governance.models import Body
from itisa.membership import services
from itisa.membership.admission.schemas import (
    AdmissionCommentIn,
    AdmissionReasonIn,
    ApplicationIn,
    ExitIn,
    ExitOut,
    ExpelIn,
    ExpulsionOut,
    MembershipApplicationDetailOut,
    MembershipApplicationFilterIn,
    MembershipApplicationOut,
    PutToVoteIn,
)
from itisa.membership.permissions import can_manage_members
from itisa.membership.selectors import (
    access_application,
    access_exit_notice,
    access_expulsion,
    access_membership,
    applications_of,
    my_applications,
)
from itisa.registry.selectors import access_alliance

router = Router(tags=["admission, exit and expulsion"])


def _body(alliance_id: Id, body_id: Id) -> Body:
    body = Body.objects.filter(pk=body_id, alliance_id=alliance_id).first()
    if body is None:
        raise NotFound(_("No such body."))
    return body


@router.post(
    "/alliances/{code}/applications",
    response={201: MembershipApplicationDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def application_submit(request: HttpRequest, code: str, payload: ApplicationIn) -> Any:
    application = services.application_submit(
        by=viewer(request),
        alliance=access_alliance(viewer(request), code),
        data=services.AdmissionInput(**payload.dict()),
    )
    return Status(201, application)


@router.get(
    "/alliances/{code}/applications",
    response={200: list[MembershipApplicationOut], **errors(401, 403, 404, 422)},
    auth=AUTHENTICATED,
)
@paginate
def application_queue(request: HttpRequest, code: str, filters: Query[MembershipApplicationFilterIn]) -> Any:
    alliance = access_alliance(viewer(request), code)
    decision = can_manage_members(viewer(request), alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    return applications_of(viewer(request), alliance, status=filters.status, q=filters.q)


@router.get(
    "/applications", response={200: list[MembershipApplicationOut], **errors(401, 422)}, auth=AUTHENTICATED
)
@paginate
def application_mine(request: HttpRequest) -> Any:
    return my_applications(viewer(request))


@router.get(
    "/applications/{application_id}",
    response={200: MembershipApplicationDetailOut, **errors(401, 404, 422)},
    auth=AUTHENTICATED,
)
def application_detail(request: HttpRequest, application_id: Id) -> Any:
    return access_application(viewer(request), application_id)


@router.post(
    "/applications/{application_id}/review",
    response={200: MembershipApplicationDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def application_review(request: HttpRequest, application_id: Id, payload: AdmissionCommentIn) -> Any:
    return services.application_review(
        by=viewer(request),
        application=access_application(viewer(request), application_id),
        comment=payload.comment,
    )


@router.post(
    "/applications/{application_id}/reject",
    response={200: MembershipApplicationDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def application_reject(request: HttpRequest, application_id: Id, payload: AdmissionReasonIn) -> Any:
    return services.application_reject(
        by=viewer(request),
        application=access_application(viewer(request), application_id),
        reason=payload.reason,
    )


@router.post(
    "/applications/{application_id}/withdraw",
    response={200: MembershipApplicationDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def application_withdraw(request: HttpRequest, application_id: Id, payload: AdmissionReasonIn) -> Any:
    return services.application_withdraw(
        by=viewer(request),
        application=access_application(viewer(request), application_id),
        reason=payload.reason,
    )


@router.post(
    "/applications/{application_id}/vote",
    response={200: MembershipApplicationDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def application_vote(request: HttpRequest, application_id: Id, payload: PutToVoteIn) -> Any:
    application = access_application(viewer(request), application_id)
    return services.application_put_to_vote(
        by=viewer(request),
        application=application,
        body=_body(application.alliance_id, payload.body_id),
        deadline=payload.deadline,
    )


@router.post(
    "/applications/{application_id}/accession",
    response={200: MembershipApplicationDetailOut, **errors(401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def application_accession(request: HttpRequest, application_id: Id) -> Any:
    return services.application_prepare_accession(
        by=viewer(request), application=access_application(viewer(request), application_id)
    )


@router.post(
    "/memberships/{membership_id}/exit",
    response={201: ExitOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def exit_give(request: HttpRequest, membership_id: Id, payload: ExitIn) -> Any:
    notice = services.exit_notice_give(
        by=viewer(request),
        membership=access_membership(viewer(request), membership_id),
        reason=payload.reason,
        given_on=payload.given_on,
    )
    return Status(201, notice)


@router.post(
    "/exits/{notice_id}/complete",
    response={200: ExitOut, **errors(401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def exit_complete(request: HttpRequest, notice_id: Id) -> Any:
    notice = access_exit_notice(viewer(request), notice_id)
    return services.exit_complete(by=viewer(request), notice=notice)


@router.post(
    "/memberships/{membership_id}/expel",
    response={201: ExpulsionOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def expel(request: HttpRequest, membership_id: Id, payload: ExpelIn) -> Any:
    membership = access_membership(viewer(request), membership_id)
    expulsion = services.expulsion_propose(
        by=viewer(request),
        membership=membership,
        grounds=payload.grounds,
        body=_body(membership.alliance_id, payload.body_id),
        deadline=payload.deadline,
    )
    return Status(201, expulsion)


@router.get("/expulsions/{expulsion_id}", response={200: ExpulsionOut, **errors(401, 404, 422)})
def expulsion_detail(request: HttpRequest, expulsion_id: Id) -> Any:
    return access_expulsion(viewer(request), expulsion_id)
