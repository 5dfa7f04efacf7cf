"""Licensing endpoints: an alliance's licences, a licence with its receipts and their split, and the
writes: record a licence, record a receipt (split at once), approve a receipt's split (its journal entry
is drafted and submitted for the ledger's approval). Every route declares its refusals."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import DomainError, NotFound, PermissionDenied
from itisa.core.inputs import Count
from itisa.core.responses import errors
from itisa.licensing import services
from itisa.licensing.permissions import can_act_for_member, can_keep_licences, can_view_licences
from itisa.licensing.schemas import (
    ContractIn,
    ContractOut,
    LicenceDetailOut,
    LicenceIn,
    LicenceOut,
    ObjectionIn,
    ReceiptIn,
    ReceiptOut,
    TransferIn,
    TransferOut,
)
from itisa.licensing.selectors import (
    access_licence,
    access_transfer,
    contract_document,
    contracts_of,
    licence_document,
    licences_of,
    receipt_document,
    receipts_with_lines,
    transfer_documents,
    transfers_of,
)
from itisa.registry.models import Organisation
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


def _transfer(request: HttpRequest, code: str, transfer: str) -> dict[str, Any]:
    obj = access_transfer(viewer(request), code, transfer)
    return transfer_documents([obj], today=timezone.localdate())[0]


@router.get("/alliances/{code}/transfers", response={200: list[TransferOut], **READ})
def transfer_list(request: HttpRequest, code: str) -> Any:
    """The alliance's transfers of results, by code, each with its state and the end of its objection window."""
    alliance = access_alliance(viewer(request), code, need=can_view_licences)
    return transfer_documents(list(transfers_of(viewer(request), alliance)), today=timezone.localdate())


@router.post("/alliances/{code}/transfers", response={201: TransferOut, **WRITE})
def transfer_notify(request: HttpRequest, code: str, payload: TransferIn) -> Any:
    """Record a transfer of an owner's share of a result, notified to the other joint owners on ``notice_on``:
    they may object within the agreement's window."""
    alliance = access_alliance(viewer(request), code, need=can_keep_licences)
    transfer = services.transfer_notify(
        by=viewer(request), alliance=alliance, data=services.TransferInput(**payload.dict())
    )
    return Status(201, _transfer(request, code, transfer.code))


@router.get("/alliances/{code}/transfers/{transfer}", response={200: TransferOut, **READ})
def transfer_detail(request: HttpRequest, code: str, transfer: str) -> Any:
    """A transfer with its objections, its state and the end of its objection window."""
    access_alliance(viewer(request), code, need=can_view_licences)
    return _transfer(request, code, transfer)


@router.post("/alliances/{code}/transfers/{transfer}/objections", response={201: TransferOut, **WRITE})
def transfer_object(request: HttpRequest, code: str, transfer: str, payload: ObjectionIn) -> Any:
    """A joint owner (its contact or legal representative, or the secretariat for it) objects within the
    window: the transfer will not complete. 409 after the window, or a second time."""
    access_alliance(viewer(request), code, need=can_view_licences)
    obj = access_transfer(viewer(request), code, transfer)
    decision = can_act_for_member(viewer(request), obj.alliance, payload.organisation)
    if not decision:
        raise PermissionDenied(decision.reason)
    organisation = Organisation.objects.filter(pk=payload.organisation).first()
    if organisation is None:
        raise DomainError(_("Please correct the errors below."),
                          fields={"organisation": [_("No such organisation.")]})  # fmt: skip
    services.transfer_object(
        by=viewer(request), transfer=obj, organisation=organisation, reason=payload.reason
    )
    return Status(201, _transfer(request, code, obj.code))


@router.post("/alliances/{code}/transfers/{transfer}/complete", response={200: TransferOut, **WRITE})
def transfer_complete(request: HttpRequest, code: str, transfer: str) -> Any:
    """Complete the transfer after its window without objection: the transferee takes the transferor's
    share. 409 while the window runs, when an owner objected, or when already completed."""
    access_alliance(viewer(request), code, need=can_keep_licences)
    obj = access_transfer(viewer(request), code, transfer)
    services.transfer_complete(by=viewer(request), transfer=obj)
    return _transfer(request, code, obj.code)


@router.get("/alliances/{code}/contracts", response={200: list[ContractOut], **READ})
def contract_list(request: HttpRequest, code: str) -> Any:
    """The alliance's registered technology contracts, newest first."""
    alliance = access_alliance(viewer(request), code, need=can_view_licences)
    return [contract_document(c) for c in contracts_of(viewer(request), alliance)]


@router.post("/alliances/{code}/contracts", response={201: ContractOut, **WRITE})
def contract_register(request: HttpRequest, code: str, payload: ContractIn) -> Any:
    """Record a registered technology contract: 422 on a bad registration number."""
    alliance = access_alliance(viewer(request), code, need=can_keep_licences)
    row = services.contract_register(
        by=viewer(request), alliance=alliance, data=services.ContractInput(**payload.dict())
    )
    return Status(201, contract_document(contracts_of(viewer(request), alliance).get(pk=row.pk)))
