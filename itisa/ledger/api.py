"""Ledger endpoints: journal entries through their workflow, their Excel import (the template, a preview,
every voucher as a draft or none), and the trial balance."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.exports import XLSX_CONTENT_TYPE, xlsx_download
from itisa.core.inputs import Id
from itisa.core.responses import ImportedOut, ImportPreviewOut, download, errors, import_preview
from itisa.ledger import imports, services
from itisa.ledger.permissions import can_keep_books
from itisa.ledger.schemas import (
    EntryDeletedOut,
    EntryEditIn,
    EntryIn,
    EntryOut,
    SendBackIn,
    TrialBalanceRowOut,
)
from itisa.ledger.selectors import access_book, access_entry, entries_of, trial_balance

router = Router(tags=["ledger"], auth=AUTHENTICATED)


@router.get("/alliances/{code}/ledger/entries", response={200: list[EntryOut], **errors(401, 403, 404, 422)})
@paginate
def entry_list(request: HttpRequest, code: str, status: str = "") -> Any:
    return entries_of(viewer(request), access_book(viewer(request), code), status=status).select_related(
        "second_approved_by", "reverses"
    )


@router.post(
    "/alliances/{code}/ledger/entries",
    response={200: EntryOut, 201: EntryOut, **errors(400, 401, 403, 404, 409, 413, 422)},
)
def entry_draft(request: HttpRequest, code: str, payload: EntryIn) -> Any:
    entry, created = services.entry_draft(
        by=viewer(request),
        book=access_book(viewer(request), code),
        date=payload.date,
        memo=payload.memo,
        postings=[p.dict() for p in payload.postings],
        idempotency_key=payload.idempotency_key,
    )
    return Status(201 if created else 200, entry)


@router.get(
    "/alliances/{code}/ledger/entries/template",
    response={200: None, **errors(401, 403, 404, 422)},
    openapi_extra=download(XLSX_CONTENT_TYPE),
)
def entry_template(request: HttpRequest, code: str) -> HttpResponse:
    """The Excel template of the journal entry import (one line of a voucher per row)."""
    access_book(viewer(request), code, need=can_keep_books)
    return xlsx_download("entries-template.xlsx", imports.template_sheets())


@router.post(
    "/alliances/{code}/ledger/entries/import/preview",
    response={200: ImportPreviewOut, **errors(400, 401, 403, 404, 413, 422)},
)
def entry_import_preview(request: HttpRequest, code: str, file: File[UploadedFile]) -> Any:
    """Every row of a filled-in template with the values read and its reasons; nothing is written."""
    book = access_book(viewer(request), code, need=can_keep_books)
    data = file.read(imports.MAX_BYTES + 1)
    return import_preview(imports.entries_preview(by=viewer(request), book=book, data=data))


@router.post(
    "/alliances/{code}/ledger/entries/import",
    response={201: ImportedOut, **errors(400, 401, 403, 404, 409, 413, 422)},
)
def entry_import(request: HttpRequest, code: str, file: File[UploadedFile]) -> Any:
    """Prepare every voucher of the template as a draft entry, or none (refused rows in ``fields`` as
    ``row N``); ``codes`` are the new entries' ids."""
    book = access_book(viewer(request), code, need=can_keep_books)
    created = imports.entries_import(by=viewer(request), book=book, data=file.read(imports.MAX_BYTES + 1))
    return Status(201, {"imported": len(created), "codes": [str(e.pk) for e in created]})


@router.get("/ledger/entries/{entry_id}", response={200: EntryOut, **errors(401, 403, 404, 422)})
def entry_detail(request: HttpRequest, entry_id: Id) -> Any:
    return access_entry(viewer(request), entry_id)


@router.put(
    "/ledger/entries/{entry_id}", response={200: EntryOut, **errors(400, 401, 403, 404, 409, 413, 422)}
)
def entry_update(request: HttpRequest, entry_id: Id, payload: EntryEditIn) -> Any:
    """The preparer rewrites a draft: date, memo and all its postings (the audit records before and after)."""
    return services.entry_update(
        by=viewer(request),
        entry=access_entry(viewer(request), entry_id),
        date=payload.date,
        memo=payload.memo,
        postings=[p.dict() for p in payload.postings],
    )


@router.delete(
    "/ledger/entries/{entry_id}", response={200: EntryDeletedOut, **errors(401, 403, 404, 409, 413, 422)}
)
def entry_delete(request: HttpRequest, entry_id: Id) -> Any:
    """The preparer deletes a draft (never a submitted or posted entry; not one with attachments)."""
    services.entry_delete(by=viewer(request), entry=access_entry(viewer(request), entry_id))
    return {"id": entry_id, "deleted": True}


@router.post(
    "/ledger/entries/{entry_id}/send-back",
    response={200: EntryOut, **errors(400, 401, 403, 404, 409, 413, 422)},
)
def entry_send_back(request: HttpRequest, entry_id: Id, payload: SendBackIn) -> Any:
    """退回: whoever may approve a submitted entry returns it to its preparer with a reason."""
    return services.entry_send_back(
        by=viewer(request), entry=access_entry(viewer(request), entry_id), reason=payload.reason
    )


@router.post(
    "/ledger/entries/{entry_id}/submit", response={200: EntryOut, **errors(401, 403, 404, 409, 413, 422)}
)
def entry_submit(request: HttpRequest, entry_id: Id) -> Any:
    return services.entry_submit(by=viewer(request), entry=access_entry(viewer(request), entry_id))


@router.post(
    "/ledger/entries/{entry_id}/approve", response={200: EntryOut, **errors(401, 403, 404, 409, 413, 422)}
)
def entry_approve(request: HttpRequest, entry_id: Id) -> Any:
    return services.entry_approve(by=viewer(request), entry=access_entry(viewer(request), entry_id))


@router.post(
    "/ledger/entries/{entry_id}/post", response={200: EntryOut, **errors(401, 403, 404, 409, 413, 422)}
)
def entry_post(request: HttpRequest, entry_id: Id) -> Any:
    return services.entry_post(by=viewer(request), entry=access_entry(viewer(request), entry_id))


@router.get(
    "/alliances/{code}/ledger/trial-balance",
    response={200: list[TrialBalanceRowOut], **errors(401, 403, 404, 422)},
)
def trial_balance_view(request: HttpRequest, code: str) -> Any:
    return [
        {
            "account": r.account.code,
            "name_zh": r.account.name_zh,
            "account_class": r.account.account_class,
            "debit": str(r.debit),
            "credit": str(r.credit),
            "balance": str(r.balance),
        }
        for r in trial_balance(access_book(viewer(request), code))
    ]
