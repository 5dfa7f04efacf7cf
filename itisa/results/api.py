"""Results endpoints: the register (search and filters, scoped: the public sees public results only), a
result with its owners and their history, and the writes: register, change owners on a recorded
decision, grant or lapse, publish, background IP, Excel import, and access rights: a member asks, the
owners decide. Every route declares its refusals."""

from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, PUBLIC, viewer
from itisa.core.inputs import Id
from itisa.core.responses import errors
from itisa.registry.selectors import access_alliance
from itisa.results import services
from itisa.results.imports import MAX_BYTES, results_import
from itisa.results.permissions import can_keep_results
from itisa.results.schemas import (
    ResultAccessDecisionIn,
    ResultAccessRequestIn,
    ResultAccessRequestOut,
    ResultBackgroundIn,
    ResultBackgroundOut,
    ResultDetailOut,
    ResultImportOut,
    ResultIn,
    ResultMoveIn,
    ResultOut,
    ResultOwnersIn,
    ResultPublicIn,
)
from itisa.results.selectors import (
    access_request_get,
    access_requests_of,
    access_result,
    background_in,
    result_document,
    results_of,
)

router = Router(tags=["results"], auth=AUTHENTICATED)

READ = errors(401, 404, 422)
WRITE = errors(400, 401, 403, 404, 409, 413, 422)


def _detail(request: HttpRequest, result_id: Id) -> dict[str, Any]:
    return result_document(viewer(request), access_result(viewer(request), result_id))


@router.get("/alliances/{code}/results", response={200: list[ResultOut], **READ}, auth=PUBLIC)
@paginate
def result_list(
    request: HttpRequest, code: str, q: str = "", kind: str = "", status: str = "",
    publicly_funded: bool | None = None, project: str = "",
) -> Any:  # fmt: skip
    """The register as the viewer may see it (the public: the results made public), newest first."""
    alliance = access_alliance(viewer(request), code)
    return results_of(viewer(request), alliance, q=q, kind=kind, status=status,
                      publicly_funded=publicly_funded, project=project)  # fmt: skip


@router.post("/alliances/{code}/results", response={201: ResultDetailOut, **WRITE})
def result_register(request: HttpRequest, code: str, payload: ResultIn) -> Any:
    """Register a result; its owners follow the effective agreement's default ownership rule."""
    alliance = access_alliance(viewer(request), code, need=can_keep_results)
    data = payload.dict()
    result = services.result_register(by=viewer(request), alliance=alliance, data=services.ResultInput(
        **{**data, "contributions": [services.ShareInput(**c) for c in data["contributions"]],
           "inventors": [services.InventorInput(**i) for i in data["inventors"]],
           "owners": [services.ShareInput(**o) for o in data["owners"]]},
    ))  # fmt: skip
    return Status(201, _detail(request, result.pk))


@router.post("/alliances/{code}/results/import", response={201: ResultImportOut, **WRITE})
def result_import(request: HttpRequest, code: str, file: File[UploadedFile]) -> Any:
    """Import the template's rows (all or nothing; refused rows in ``fields`` as ``row N``)."""
    alliance = access_alliance(viewer(request), code, need=can_keep_results)
    created = results_import(by=viewer(request), alliance=alliance, data=file.read(MAX_BYTES + 1))
    return Status(201, {"imported": len(created), "codes": [r.code for r in created]})


@router.get("/results/{result_id}", response={200: ResultDetailOut, **READ}, auth=PUBLIC)
def result_detail(request: HttpRequest, result_id: Id) -> Any:
    return _detail(request, result_id)


@router.post("/results/{result_id}/owners", response={200: ResultDetailOut, **WRITE})
def result_change_owners(request: HttpRequest, result_id: Id, payload: ResultOwnersIn) -> Any:
    """Change the owners on a recorded decision (a passed resolution, or every owner's written consent)."""
    data = payload.dict()
    services.result_change_owners(
        by=viewer(request), result=access_result(viewer(request), result_id),
        data=services.OwnerChangeInput(**{**data, "owners": [services.ShareInput(**o) for o in data["owners"]]}),
    )  # fmt: skip
    return _detail(request, result_id)


@router.post("/results/{result_id}/move", response={200: ResultDetailOut, **WRITE})
def result_move(request: HttpRequest, result_id: Id, payload: ResultMoveIn) -> Any:
    """Record the grant or the lapse, with its date."""
    services.result_move(by=viewer(request), result=access_result(viewer(request), result_id), to=payload.to,
                         on=payload.on, comment=payload.comment)  # fmt: skip
    return _detail(request, result_id)


@router.post("/results/{result_id}/public", response={200: ResultDetailOut, **WRITE})
def result_publish(request: HttpRequest, result_id: Id, payload: ResultPublicIn) -> Any:
    """Show the result to the public, or withdraw it (the secretariat moderates)."""
    services.result_publish(by=viewer(request), result=access_result(viewer(request), result_id),
                            public=payload.public)  # fmt: skip
    return _detail(request, result_id)


@router.get("/alliances/{code}/background-ip", response={200: list[ResultBackgroundOut], **READ}, auth=PUBLIC)
def background_list(request: HttpRequest, code: str) -> Any:
    """The members' background IP declarations (for the alliance's people; empty for others)."""
    return list(background_in(viewer(request), access_alliance(viewer(request), code)))


@router.post("/alliances/{code}/background-ip", response={201: ResultBackgroundOut, **WRITE})
def background_declare(request: HttpRequest, code: str, payload: ResultBackgroundIn) -> Any:
    """A member declares background IP (its contact or legal representative, or the secretariat)."""
    alliance = access_alliance(viewer(request), code)
    row = services.background_declare(by=viewer(request), alliance=alliance,
                                      data=services.BackgroundInput(**payload.dict()))  # fmt: skip
    return Status(201, row)


@router.get("/results/{result_id}/access-requests", response={200: list[ResultAccessRequestOut], **READ})
def access_request_list(request: HttpRequest, result_id: Id) -> Any:
    """The access requests to the result the viewer sees (the secretariat and the owners: all of them; a
    member: its own), newest first."""
    return list(access_requests_of(viewer(request), access_result(viewer(request), result_id)))


@router.post("/results/{result_id}/access-requests", response={201: ResultAccessRequestOut, **WRITE})
def access_request_submit(request: HttpRequest, result_id: Id, payload: ResultAccessRequestIn) -> Any:
    """A member asks for access rights (within the agreement's months after the project ends; never while
    suspended for breach: 409)."""
    result = access_result(viewer(request), result_id)
    row = services.access_request_submit(
        by=viewer(request), result=result, data=services.AccessRequestInput(**payload.dict())
    )
    return Status(201, access_request_get(viewer(request), row.pk))


@router.post("/access-requests/{request_id}/decide", response={200: ResultAccessRequestOut, **WRITE})
def access_request_decide(request: HttpRequest, request_id: Id, payload: ResultAccessDecisionIn) -> Any:
    """The owners grant access with its terms or refuse it with the reason (decided once: 409 after)."""
    access = access_request_get(viewer(request), request_id)
    services.access_request_decide(
        by=viewer(request), request=access, data=services.AccessDecisionInput(**payload.dict())
    )
    return access_request_get(viewer(request), request_id)
