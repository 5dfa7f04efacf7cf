"""Dues endpoints: fee schedules, invoices (dues notices) and payments.

Reads are scoped by the dues selectors (keepers and supervisors see all, a member's contacts their
own organisation's); writes need a login or a token and ``can_manage_dues``. Amounts are strings.
Payments from a bank statement: the Excel template, its preview and its import (all rows or none).
"""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

import itisa.membership.services.dues as dues_services
from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import DomainError
from itisa.core.exports import XLSX_CONTENT_TYPE, xlsx_download
from itisa.core.inputs import Id, Year
from itisa.core.responses import ImportedOut, ImportPreviewOut, download, errors, import_preview
from itisa.core.values import ValueRefused, parse_amount
from itisa.membership.dues import imports
from itisa.membership.dues.schemas import (
    CancelIn,
    FeeFilterIn,
    FeeIn,
    FeeOut,
    InvoiceFilterIn,
    InvoiceOut,
    IssueIn,
    PaidIn,
)
from itisa.membership.models import FeeSchedule
from itisa.membership.permissions import can_manage_dues, can_view_dues
from itisa.membership.selectors.dues import access_invoice, fee_schedule_of, invoices_of
from itisa.registry.selectors import access_alliance

router = Router(tags=["dues"])


def _decimal(text: str) -> Decimal:
    """Parse an amount strictly (``core.values.parse_amount``, bounded by the fee column); the dues
    service checks the sign."""
    try:
        return parse_amount(text, column=FeeSchedule._meta.get_field("amount"))
    except ValueRefused as exc:
        raise DomainError(_("Please correct the errors below."), fields={"amount": [exc.message]}) from exc


@router.get("/alliances/{code}/fees", response={200: list[FeeOut], **errors(401, 404, 422)})
def fee_list(request: HttpRequest, code: str, filters: Query[FeeFilterIn]) -> Any:
    return fee_schedule_of(viewer(request), access_alliance(viewer(request), code), filters.year)


@router.put(
    "/alliances/{code}/fees/{year}/{rank}",
    response={200: FeeOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def fee_put(request: HttpRequest, code: str, year: Year, rank: str, payload: FeeIn) -> Any:
    alliance = access_alliance(viewer(request), code)
    return dues_services.fee_set(
        by=viewer(request), alliance=alliance, year=year, rank=rank, amount=_decimal(payload.amount)
    )


@router.get("/alliances/{code}/invoices", response={200: list[InvoiceOut], **errors(401, 404, 422)})
@paginate
def invoice_list(request: HttpRequest, code: str, filters: Query[InvoiceFilterIn]) -> Any:
    return invoices_of(
        viewer(request),
        access_alliance(viewer(request), code),
        year=filters.year,
        status=filters.status.strip(),
    )


@router.post(
    "/alliances/{code}/invoices/issue",
    response={201: list[InvoiceOut], **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def invoices_issue(request: HttpRequest, code: str, payload: IssueIn) -> Any:
    # refuse before doing anything else (the service checks again)
    alliance = access_alliance(viewer(request), code, need=can_manage_dues)
    created = dues_services.invoices_issue(
        by=viewer(request),
        alliance=alliance,
        year=payload.year,
        issued_on=payload.issued_on,
        due_on=payload.due_on,
    )
    return Status(201, created)


@router.post(
    "/invoices/{invoice_id}/paid",
    response={200: InvoiceOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def invoice_paid(request: HttpRequest, invoice_id: Id, payload: PaidIn) -> Any:
    invoice = access_invoice(viewer(request), invoice_id)
    dues_services.invoice_mark_paid(
        by=viewer(request), invoice=invoice, paid_on=payload.paid_on, reference=payload.reference
    )
    return access_invoice(viewer(request), invoice_id)


@router.post(
    "/invoices/{invoice_id}/cancel",
    response={200: InvoiceOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def invoice_cancel(request: HttpRequest, invoice_id: Id, payload: CancelIn) -> Any:
    invoice = access_invoice(viewer(request), invoice_id)
    dues_services.invoice_cancel(by=viewer(request), invoice=invoice, reason=payload.reason)
    return access_invoice(viewer(request), invoice_id)


@router.get(
    "/alliances/{code}/dues/payments/template",
    response={200: None, **errors(401, 403, 404, 422)},
    auth=AUTHENTICATED,
    openapi_extra=download(XLSX_CONTENT_TYPE),
)
def payment_template(request: HttpRequest, code: str) -> HttpResponse:
    """The Excel template of the payment import (one payment of one dues notice per row)."""
    access_alliance(viewer(request), code, need=(can_view_dues, can_manage_dues))
    return xlsx_download("dues-payments-template.xlsx", imports.template_sheets())


@router.post(
    "/alliances/{code}/dues/payments/import/preview",
    response={200: ImportPreviewOut, **errors(400, 401, 403, 404, 413, 422)},
    auth=AUTHENTICATED,
)
def payment_import_preview(request: HttpRequest, code: str, file: File[UploadedFile]) -> Any:
    """Every row of a filled-in template with the values read and its reasons; nothing is written."""
    alliance = access_alliance(viewer(request), code, need=(can_view_dues, can_manage_dues))
    data = file.read(imports.MAX_BYTES + 1)
    return import_preview(imports.payments_preview(by=viewer(request), alliance=alliance, data=data))


@router.post(
    "/alliances/{code}/dues/payments/import",
    response={201: ImportedOut, **errors(400, 401, 403, 404, 409, 413, 422)},
    auth=AUTHENTICATED,
)
def payment_import(request: HttpRequest, code: str, file: File[UploadedFile]) -> Any:
    """Record the template's payments (all or nothing; refused rows in ``fields`` as ``row N``); ``codes``
    are the dues notices' numbers."""
    alliance = access_alliance(viewer(request), code, need=(can_view_dues, can_manage_dues))
    paid = imports.payments_import(
        by=viewer(request), alliance=alliance, data=file.read(imports.MAX_BYTES + 1)
    )
    return Status(201, {"imported": len(paid), "codes": [i.number for i in paid]})
