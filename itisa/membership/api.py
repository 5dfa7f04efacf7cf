"""Membership endpoints: an alliance's member list, admission, rank changes and leaving."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.inputs import Id
from itisa.core.responses import ImportedOut, ImportPreviewOut, errors, import_preview
from itisa.membership import imports, services
from itisa.membership.permissions import can_manage_members
from itisa.membership.schemas import MemberIn, MemberOut, MembershipEndIn, RankIn
from itisa.membership.selectors import access_membership, members_of
from itisa.registry.selectors import access_alliance, organisation_get

router = Router(tags=["membership"])


@router.get("/alliances/{code}/members", response={200: list[MemberOut], **errors(401, 404, 422)})
@paginate
def member_list(request: HttpRequest, code: str, include_past: bool = False) -> Any:
    alliance = access_alliance(viewer(request), code)
    return members_of(viewer(request), alliance, include_past=include_past).select_related("alliance")


@router.post(
    "/alliances/{code}/members",
    response={201: MemberOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def member_add(request: HttpRequest, code: str, payload: MemberIn) -> Any:
    alliance = access_alliance(viewer(request), code)
    # refuse before saying whether the organisation exists (the service checks again)
    decision = can_manage_members(viewer(request), alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    org = organisation_get(viewer(request), payload.organisation)
    if org is None:
        raise DomainError(
            _("Please correct the errors below."),
            fields={"organisation": [_("No organisation with this credit code.")]},
        )
    membership = services.membership_add(
        by=viewer(request),
        alliance=alliance,
        organisation=org,
        rank=payload.rank,
        joined_on=payload.joined_on,
    )
    return Status(201, membership)


@router.post(
    "/memberships/{membership_id}/end",
    response={200: MemberOut, **errors(400, 401, 403, 404, 413, 422)},
    auth=AUTHENTICATED,
)
def membership_end(request: HttpRequest, membership_id: Id, payload: MembershipEndIn) -> Any:
    membership = access_membership(viewer(request), membership_id)
    return services.membership_end(
        by=viewer(request), membership=membership, left_on=payload.left_on, reason=payload.reason
    )


@router.post(
    "/memberships/{membership_id}/rank",
    response={200: MemberOut, **errors(400, 401, 403, 404, 413, 422)},
    auth=AUTHENTICATED,
)
def membership_rank(request: HttpRequest, membership_id: Id, payload: RankIn) -> Any:
    membership = access_membership(viewer(request), membership_id)
    return services.membership_change_rank(by=viewer(request), membership=membership, rank=payload.rank)


@router.post(
    "/alliances/{code}/members/import/preview",
    response={200: ImportPreviewOut, **errors(400, 401, 403, 404, 413, 422)},
    auth=AUTHENTICATED,
)
def member_import_preview(request: HttpRequest, code: str, file: File[UploadedFile]) -> Any:
    """Every row of a filled-in template with the values read and its reasons; nothing is written."""
    alliance = access_alliance(viewer(request), code, need=can_manage_members)
    data = file.read(imports.MAX_BYTES + 1)
    return import_preview(imports.members_preview(by=viewer(request), alliance=alliance, data=data))


@router.post(
    "/alliances/{code}/members/import",
    response={201: ImportedOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def member_import(request: HttpRequest, code: str, file: File[UploadedFile]) -> Any:
    """Record the template's rows (all or nothing; refused rows in ``fields`` as ``row N``)."""
    alliance = access_alliance(viewer(request), code, need=can_manage_members)
    created = imports.members_import(
        by=viewer(request), alliance=alliance, data=file.read(imports.MAX_BYTES + 1)
    )
    return Status(201, {"imported": len(created), "codes": [m.organisation.uscc for m in created]})
