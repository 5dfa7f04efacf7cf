"""Ledger endpoints: journal entries through their workflow, and the trial balance."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from itisa.accounts.api import AUTHENTICATED, viewer
from itisa.core.errors import NotFound, PermissionDenied
from itisa.ledger import services
from itisa.ledger.models import Book, JournalEntry
from itisa.ledger.permissions import can_view_books
from itisa.ledger.schemas import EntryIn, EntryOut, TrialBalanceRowOut
from itisa.ledger.selectors import entries_of, trial_balance
from itisa.registry.selectors import alliance_get

router = Router(tags=["ledger"], auth=AUTHENTICATED)


def _book(request: HttpRequest, code: str) -> Book:
    alliance = alliance_get(viewer(request), code)
    book = (
        Book.objects.select_related("alliance", "chart").filter(alliance=alliance).first()
        if alliance
        else None
    )
    if book is None:
        raise NotFound(_("%(code)s keeps no book.") % {"code": code})
    decision = can_view_books(viewer(request), book.alliance)
    if not decision:
        raise PermissionDenied(decision.reason)
    return book


def _entry(request: HttpRequest, pk: int) -> JournalEntry:
    entry = JournalEntry.objects.select_related("book__alliance").filter(pk=pk).first()
    if entry is None or not can_view_books(viewer(request), entry.book.alliance):
        raise NotFound(_("No such journal entry, or you may not see it."))
    return entry


@router.get("/alliances/{code}/ledger/entries", response=list[EntryOut])
@paginate
def entry_list(request: HttpRequest, code: str, status: str = "") -> Any:
    return entries_of(viewer(request), _book(request, code), status=status).select_related(
        "second_approved_by", "reverses"
    )


@router.post("/alliances/{code}/ledger/entries", response={200: EntryOut, 201: EntryOut})
def entry_draft(request: HttpRequest, code: str, payload: EntryIn) -> Any:
    entry, created = services.entry_draft(
        by=viewer(request),
        book=_book(request, code),
        date=payload.date,
        memo=payload.memo,
        postings=[p.dict() for p in payload.postings],
        idempotency_key=payload.idempotency_key,
    )
    return Status(201 if created else 200, entry)


@router.get("/ledger/entries/{entry_id}", response=EntryOut)
def entry_detail(request: HttpRequest, entry_id: int) -> Any:
    return _entry(request, entry_id)


@router.post("/ledger/entries/{entry_id}/submit", response=EntryOut)
def entry_submit(request: HttpRequest, entry_id: int) -> Any:
    return services.entry_submit(by=viewer(request), entry=_entry(request, entry_id))


@router.post("/ledger/entries/{entry_id}/approve", response=EntryOut)
def entry_approve(request: HttpRequest, entry_id: int) -> Any:
    return services.entry_approve(by=viewer(request), entry=_entry(request, entry_id))


@router.post("/ledger/entries/{entry_id}/post", response=EntryOut)
def entry_post(request: HttpRequest, entry_id: int) -> Any:
    return services.entry_post(by=viewer(request), entry=_entry(request, entry_id))


@router.get("/alliances/{code}/ledger/trial-balance", response=list[TrialBalanceRowOut])
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
        for r in trial_balance(_book(request, code))
    ]
