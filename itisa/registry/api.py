"""Registry endpoints: alliances, their status workflow, organisations and credit-code checks.

Reads are public (the selectors scope them to the viewer); writes need a login or a token.
Lists use the project-wide cursor pagination (``NINJA_PAGINATION_CLASS``).
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import DomainError
from itisa.core.identifiers import check_uscc
from itisa.core.responses import ImportedOut, ImportPreviewOut, errors, import_preview
from itisa.registry import imports, selectors, services
from itisa.registry.models import Organisation
from itisa.registry.permissions import can_view_contacts
from itisa.registry.schemas import (
    AllianceFilterIn,
    AllianceIn,
    AllianceOut,
    AlliancePatch,
    AllianceStatusChangeOut,
    AllianceTransitionIn,
    OrganisationDetailOut,
    OrganisationFilterIn,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
    UsccCheckOut,
)

router = Router(tags=["registry"])


def _host_unit(request: HttpRequest, values: dict[str, Any]) -> None:
    """Replace the host unit's credit code by the organisation, as the services expect."""
    if values.get("host_unit"):
        org = selectors.organisation_get(viewer(request), values["host_unit"])
        if org is None:
            raise DomainError(
                _("Please correct the errors below."),
                fields={"host_unit": [_("No organisation with this credit code.")]},
            )
        values["host_unit"] = org
    elif "host_unit" in values:
        values["host_unit"] = None


@router.get("/alliances", response={200: list[AllianceOut], **errors(401, 422)})
@paginate
def alliance_list(request: HttpRequest, filters: Query[AllianceFilterIn]) -> Any:
    return selectors.alliance_records(viewer(request), selectors.AllianceFilters(**filters.dict()))


@router.get("/alliances/{code}", response={200: AllianceOut, **errors(401, 404, 422)})
def alliance_detail(request: HttpRequest, code: str) -> Any:
    return selectors.alliance_record(viewer(request), code)


@router.post(
    "/alliances", response={201: AllianceOut, **errors(400, 401, 403, 409, 413, 422)}, auth=AUTHENTICATED
)
def alliance_create(request: HttpRequest, payload: AllianceIn) -> Any:
    values = payload.dict()
    _host_unit(request, values)
    return Status(201, services.alliance_create(by=viewer(request), data=services.AllianceInput(**values)))


@router.patch(
    "/alliances/{code}",
    response={200: AllianceOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def alliance_update(request: HttpRequest, code: str, payload: AlliancePatch) -> Any:
    alliance = selectors.access_alliance(viewer(request), code)
    values = payload.dict(exclude_unset=True)
    _host_unit(request, values)
    return services.alliance_update(
        by=viewer(request), alliance=alliance, data=services.AllianceInput(**values)
    )


@router.post(
    "/alliances/{code}/transitions",
    response={200: AllianceOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def alliance_transition(request: HttpRequest, code: str, payload: AllianceTransitionIn) -> Any:
    alliance = selectors.access_alliance(viewer(request), code)
    return services.alliance_change_status(
        by=viewer(request), alliance=alliance, new_status=payload.status, comment=payload.comment
    )


@router.get(
    "/alliances/{code}/history", response={200: list[AllianceStatusChangeOut], **errors(401, 404, 422)}
)
@paginate
def alliance_history(request: HttpRequest, code: str) -> Any:
    return selectors.alliance_history(selectors.access_alliance(viewer(request), code))


@router.get("/organisations", response={200: list[OrganisationOut], **errors(401, 422)})
@paginate
def organisation_list(request: HttpRequest, filters: Query[OrganisationFilterIn]) -> Any:
    return selectors.organisation_search(
        viewer(request), q=filters.q, kind=filters.kind, province=filters.province
    )


@router.post(
    "/organisations/import/preview",
    response={200: ImportPreviewOut, **errors(400, 401, 403, 413, 422)},
    auth=AUTHENTICATED,
)
def organisation_import_preview(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Every row of a filled-in template with the values read and its reasons; nothing is written."""
    return import_preview(
        imports.organisations_preview(by=viewer(request), data=file.read(imports.MAX_BYTES + 1))
    )


@router.post(
    "/organisations/import",
    response={201: ImportedOut, **errors(400, 401, 403, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def organisation_import(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Register the template's rows (all or nothing; refused rows in ``fields`` as ``row N``). Declared
    before ``/organisations/{uscc}``, which would otherwise take this address."""
    created = imports.organisations_import(by=viewer(request), data=file.read(imports.MAX_BYTES + 1))
    return Status(201, {"imported": len(created), "codes": [o.uscc for o in created]})


def _organisation_detail(request: HttpRequest, org: Organisation) -> dict[str, Any]:
    data = OrganisationOut.from_orm(org).dict()
    data["uscc_confirmed_reason"] = org.uscc_confirmed_reason
    rep = org.legal_representative
    if rep is None:
        data["legal_representative"] = None
        return data
    contacts = can_view_contacts(
        viewer(request), org, active_alliance_ids=selectors.active_alliance_ids_of(org)
    )
    data["legal_representative"] = {
        "name_zh": rep.name_zh,
        "name_en": rep.name_en,
        "title": rep.title,
        "phone": rep.phone if contacts else None,
        "email": rep.email if contacts else None,
    }
    return data


@router.get("/organisations/{uscc}", response={200: OrganisationDetailOut, **errors(401, 404, 422)})
def organisation_detail(request: HttpRequest, uscc: str) -> Any:
    return _organisation_detail(request, selectors.access_organisation(viewer(request), uscc))


@router.post(
    "/organisations",
    response={201: OrganisationDetailOut, **errors(400, 401, 403, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def organisation_create(request: HttpRequest, payload: OrganisationIn) -> Any:
    data = services.OrganisationInput(**payload.dict(exclude={"uscc_confirmation_reason"}, exclude_none=True))
    org = services.organisation_create(
        by=viewer(request), data=data, confirm_reason=payload.uscc_confirmation_reason
    )
    return Status(201, _organisation_detail(request, org))


@router.patch(
    "/organisations/{uscc}",
    response={200: OrganisationDetailOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def organisation_update(request: HttpRequest, uscc: str, payload: OrganisationPatch) -> Any:
    org = selectors.access_organisation(viewer(request), uscc)
    data = services.OrganisationInput(
        **payload.dict(exclude={"uscc_confirmation_reason"}, exclude_unset=True)
    )
    org = services.organisation_update(
        by=viewer(request), organisation=org, data=data, confirm_reason=payload.uscc_confirmation_reason
    )
    return _organisation_detail(request, org)


@router.get("/uscc/{code}", response={200: UsccCheckOut, **errors(401, 422)})
def uscc_check(request: HttpRequest, code: str) -> Any:
    result = check_uscc(code)
    return {
        "code": result.code,
        "status": result.status.value,
        "failure": result.failure.value if result.failure else None,
        "expected": result.expected,
        "message": services.uscc_failure_message(result.failure, result.expected),
    }
