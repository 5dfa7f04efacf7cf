"""Pilot-program API: the Excel import of the expert pool (its template, the preview, the import).

Kept apart from ``pilots.api`` (which holds the pool's other endpoints) to keep each module short; the
addresses sit under ``/pilots/experts/import``.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Status
from ninja.files import UploadedFile

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import PermissionDenied
from itisa.core.exports import XLSX_CONTENT_TYPE, xlsx_download
from itisa.core.responses import ImportedOut, ImportPreviewOut, download, errors, import_preview
from itisa.pilots import imports
from itisa.pilots.permissions import can_manage_program

router = Router(tags=["pilots"])


@router.get(
    "/pilots/experts/import/template",
    response={200: None, **errors(401, 403)},
    openapi_extra=download(XLSX_CONTENT_TYPE),
    auth=AUTHENTICATED,
    url_name="pilots_expert_template",
)
def expert_template(request: HttpRequest) -> HttpResponse:
    """The documented template of the expert import (.xlsx), to the national office."""
    decision = can_manage_program(viewer(request))
    if not decision:
        raise PermissionDenied(decision.reason)
    return xlsx_download("experts-template.xlsx", imports.template_sheets())


@router.post(
    "/pilots/experts/import/preview",
    response={200: ImportPreviewOut, **errors(400, 401, 403, 413, 422)},
    auth=AUTHENTICATED,
)
def expert_import_preview(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Every row of a filled-in template with the values read and its reasons; nothing is written."""
    return import_preview(imports.experts_preview(by=viewer(request), data=file.read(imports.MAX_BYTES + 1)))


@router.post(
    "/pilots/experts/import",
    response={201: ImportedOut, **errors(400, 401, 403, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def expert_import(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Add the template's rows to the pool (all or nothing; refused rows in ``fields`` as ``row N``);
    ``codes`` are the new experts' usernames."""
    created = imports.experts_import(by=viewer(request), data=file.read(imports.MAX_BYTES + 1))
    # every imported expert has an account (the column is required)
    codes = [e.user.username if e.user else "" for e in created]
    return Status(201, {"imported": len(created), "codes": codes})
