"""Licensing endpoints: an alliance's licences, a licence with its receipts and their split, and the
writes: record a licence, record a receipt (split at once), approve a receipt's split (its journal entry
is drafted and submitted for the ledger's approval). Every route declares its refusals."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import NotFound
from itisa.core.inputs import Count
from itisa.core.responses import errors
from itisa.licensing import services
from itisa.licensing.permissions import can_keep_licences, can_view_licences
from itisa.licensing.schemas import LicenceDetailOut, LicenceIn, LicenceOut, ReceiptIn, ReceiptOut
from itisa.licensing.selectors import (
    access_licence,
    licence_document,
    licences_of,
    receipt_document,
    receipts_with_lines,
)
from itisa.registry.selectors import access_alliance

router = Router(tags=["licensing"], auth=AUTHENTICATED)

READ = errors(401, 403, 404, 422)
WRITE = errors(400, 401, 403, 404, 409, 413, 422)


def _detail(request: HttpRequest, code: str, licence: str) -> dict[str, Any]:
    return licence_document(access_licence(viewer(request), code, licence))


@router.get("/alliances/{code}/licences", response={200: list[LicenceOut], **READ})
def licence_list(request: HttpRequest, code: str) -> Any:
    """The alliance's licences, by code (for the alliance's people and the national office)."""
    alliance = access_alliance(viewer(request), code, need=can_view_licences)
    return list(licences_of(viewer(request), alliance))


@router.post("/alliances/{code}/licences", response={201: LicenceDetailOut, **WRITE})
def licence_grant(request: HttpRequest, code: str, payload: LicenceIn) -> Any:
    """Record a licence of one of the alliance's results (an exclusive one with every owner's consent)."""
    alliance = access_alliance(viewer(request), code, need=can_keep_licences)
    data = payload.dict()
    licence = services.licence_grant(by=viewer(request), alliance=alliance, data=services.LicenceInput(
        **{**data, "consents": [services.ConsentInput(**c) for c in data["consents"]]}))  # fmt: skip
    return Status(201, _detail(request, code, licence.code))


@router.get("/alliances/{code}/licences/{licence}", response={200: LicenceDetailOut, **READ})
def licence_detail(request: HttpRequest, code: str, licence: str) -> Any:
    """A licence with its receipts and their split lines."""
    access_alliance(viewer(request), code, need=can_view_licences)
    return _detail(request, code, licence)


@router.post("/alliances/{code}/licences/{licence}/receipts", response={201: ReceiptOut, **WRITE})
def receipt_record(request: HttpRequest, code: str, licence: str, payload: ReceiptIn) -> Any:
    """Record money received under the licence: it is split at once by the agreement's revenue rule."""
    access_alliance(viewer(request), code, need=can_keep_licences)
    obj = access_licence(viewer(request), code, licence)
    data = payload.dict()
    receipt = services.receipt_record(by=viewer(request), licence=obj, data=services.ReceiptInput(
        **{**data, "costs": [services.CostInput(**c) for c in data["costs"]]}))  # fmt: skip
    return Status(201, receipt_document(receipts_with_lines().get(pk=receipt.pk)))


@router.post("/alliances/{code}/licences/{licence}/receipts/{seq}/split", response={200: ReceiptOut, **WRITE})
def receipt_approve_split(request: HttpRequest, code: str, licence: str, seq: Count) -> Any:
    """Approve the receipt's split: its balanced journal entry is drafted and submitted; the ledger's own
    approval (by another person) and posting follow."""
    access_alliance(viewer(request), code, need=can_keep_licences)
    obj = access_licence(viewer(request), code, licence)
    receipt = obj.receipts.filter(seq=seq).first()
    if receipt is None:
        raise NotFound(_("No such receipt."))
    services.receipt_approve_split(by=viewer(request), receipt=receipt)
    return receipt_document(receipts_with_lines().get(pk=receipt.pk))
