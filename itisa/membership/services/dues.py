"""Writes of membership dues (会费): the fee schedule per rank and year, dues notices (会费通知单)
per member and year, payments and cancellations. Each write checks ``can_manage_dues`` and is
audited in its transaction.

Amounts are ``Decimal`` CNY to the fen, never floats. Invoice numbers run without gaps per
alliance and year (``CSA-2026-0001``): the next number is taken under a lock on the alliance row,
and the ``membership_invoice_seq`` constraint closes any race the lock would miss.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move
from itisa.core.errors import (
    Conflict,
    DomainError,
    PermissionDenied,
    validation_error_fields,
)
from itisa.core.formats import day
from itisa.core.values import strip_text
from itisa.membership.choices import InvoiceStatus, Rank
from itisa.membership.dues import actions as actions
from itisa.membership.dues import ledger as dues_ledger
from itisa.membership.dues import notices as dues_notices
from itisa.membership.models import FeeSchedule, Invoice
from itisa.membership.permissions import can_manage_dues
from itisa.membership.selectors.dues import invoices_to_issue, unpaid_invoices
from itisa.membership.workflows import INVOICE_TRANSITIONS, TREASURER
from itisa.registry.models import Alliance

if TYPE_CHECKING:
    from itisa.accounts.models import User

__all__ = [
    "DEFAULT_DUE_DAYS",
    "fee_set",
    "invoice_cancel",
    "invoice_mark_paid",
    "invoices_issue",
    "unpaid_invoices",
]

FEN = Decimal("0.01")
# FeeSchedule.amount and Invoice.amount have 12 digits, two of them after the point
MAX_AMOUNT = Decimal("9999999999.99")
MIN_YEAR, MAX_YEAR = 1990, 2100
# the due date the pages and the command propose: a month after issue
DEFAULT_DUE_DAYS = 30


def _check_permission(by: User, alliance: Alliance) -> None:
    decision = can_manage_dues(by, alliance)
    if not decision:
        raise PermissionDenied(decision.reason)


def _check_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(
            _("Please correct the errors below."),
            fields={
                "year": [
                    _("Enter a year between %(first)s and %(last)s.") % {"first": MIN_YEAR, "last": MAX_YEAR}
                ]
            },
        )
    return year


def _money(amount: object) -> Decimal:
    """An amount of CNY as an exact ``Decimal`` to the fen; floats and other types are refused."""
    if not isinstance(amount, Decimal):
        # floats are inexact (0.1 + 0.2 != 0.3): money is never one
        raise DomainError(
            _("Please correct the errors below."),
            fields={"amount": [_("Enter the amount as an exact decimal number, such as 1200.00.")]},
        )
    problem = ""
    if not amount.is_finite():
        problem = _("Enter the amount as an exact decimal number, such as 1200.00.")
    elif amount < 0:
        problem = _("The amount cannot be negative.")
    elif amount != amount.quantize(FEN):
        problem = _("Give the amount to the fen: at most two decimal places.")
    elif amount > MAX_AMOUNT:
        problem = _("The amount is too large.")
    if problem:
        raise DomainError(_("Please correct the errors below."), fields={"amount": [problem]})
    # copy_abs: -0.00 is stored as 0.00
    return amount.quantize(FEN).copy_abs()


def _lock_alliance(alliance: Alliance) -> None:
    """Serialise the dues writes of one alliance (fee changes and invoice numbering)."""
    Alliance.objects.select_for_update().only("pk").get(pk=alliance.pk)


def _full_clean(obj: Any) -> None:
    try:
        # field validation only: uniqueness and checks are the database's (see the models)
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise DomainError(_("Please correct the errors below."), fields=validation_error_fields(exc)) from exc


def fee_set(*, by: User, alliance: Alliance, year: int, rank: str, amount: Decimal) -> FeeSchedule:
    """Set the annual dues of a rank for a year (create or change).

    A year's amount is fixed once dues notices of that year and rank are out: changing it is
    refused until they are cancelled (the notices keep the amount they were issued with).
    """
    _check_permission(by, alliance)
    if rank not in Rank.values:
        raise DomainError(_("Unknown rank."), fields={"rank": [_("Choose a valid rank.")]})
    year = _check_year(year)
    value = _money(amount)
    try:
        with transaction.atomic():
            _lock_alliance(alliance)
            fee = FeeSchedule.objects.filter(alliance=alliance, year=year, rank=rank).first()
            old = fee.amount if fee is not None else None
            if fee is not None:
                if fee.amount == value:
                    return fee
                issued = (
                    Invoice.objects.filter(alliance=alliance, year=year, rank=rank)
                    .exclude(status=InvoiceStatus.CANCELLED)
                    .exists()
                )
                if issued:
                    raise Conflict(
                        _(
                            "Dues notices for %(year)s have been issued to this rank: cancel them "
                            "before changing the amount."
                        )
                        % {"year": year},
                        fields={"amount": [_("Fixed: dues notices have been issued.")]},
                    )
                fee.amount = value
                fee.save(update_fields=["amount", "updated_at"])
            else:
                fee = FeeSchedule(alliance=alliance, year=year, rank=rank, amount=value)
                _full_clean(fee)
                fee.save()
            log_action(
                fee,
                actions.FEE_SET,
                by=by,
                data={
                    "alliance": alliance.code,
                    "year": year,
                    "rank": rank,
                    "old": f"{old:.2f}" if old is not None else None,
                    "new": f"{value:.2f}",
                },
            )
    except IntegrityError as exc:
        raise Conflict(_("The fee schedule was changed at the same time; please try again.")) from exc
    return fee


def invoices_issue(
    *, by: User, alliance: Alliance, year: int, issued_on: dt.date, due_on: dt.date
) -> list[Invoice]:
    """Issue the year's dues notices: one per active member whose rank owes dues that year and that
    has none yet. All or nothing; the numbers continue the year's sequence without gaps.

    Returns the notices created, in number order (empty when everyone has one already).
    """
    _check_permission(by, alliance)
    year = _check_year(year)
    if due_on < issued_on:
        raise DomainError(
            _("The due date is before the issue date."),
            fields={"due_on": [_("On or after %(date)s.") % {"date": day(issued_on)}]},
        )
    created: list[Invoice] = []
    try:
        with transaction.atomic():
            _lock_alliance(alliance)
            last = (
                Invoice.objects.filter(alliance=alliance, year=year).aggregate(last=Max("seq"))["last"] or 0
            )
            for seq, (membership, amount) in enumerate(invoices_to_issue(alliance, year), start=last + 1):
                invoice = Invoice(
                    alliance=alliance,
                    membership=membership,
                    year=year,
                    seq=seq,
                    number=f"{alliance.code}-{year}-{seq:04d}",
                    rank=membership.rank,
                    amount=amount,
                    issued_on=issued_on,
                    due_on=due_on,
                    issued_by=by,
                )
                _full_clean(invoice)
                invoice.save()
                log_action(
                    invoice,
                    actions.INVOICE_ISSUED,
                    by=by,
                    data={
                        "number": invoice.number,
                        "organisation": membership.organisation.uscc,
                        "year": year,
                        "rank": invoice.rank,
                        "amount": f"{amount:.2f}",
                        "issued_on": issued_on.isoformat(),
                        "due_on": due_on.isoformat(),
                    },
                )
                dues_ledger.invoice_issued(by=by, invoice=invoice)
                created.append(invoice)
            dues_notices.invoices_issued(alliance, created, by=by)
    except IntegrityError as exc:
        raise Conflict(
            _("Dues notices for %(year)s were being issued at the same time; please try again.")
            % {"year": year}
        ) from exc
    return created


def _already(invoice: Invoice) -> str:
    """Why a settled invoice moves no more."""
    if invoice.status == InvoiceStatus.PAID:
        return _("Dues notice %(number)s has already been paid.") % {"number": invoice.number}
    return _("Dues notice %(number)s was cancelled.") % {"number": invoice.number}


def _check_move(invoice: Invoice, target: str) -> None:
    INVOICE_TRANSITIONS.check(invoice.status, target, {TREASURER}, invalid=_already(invoice))


def invoice_mark_paid(*, by: User, invoice: Invoice, paid_on: dt.date, reference: str = "") -> Invoice:
    """Record that an unpaid dues notice was paid on a date, with the bank or receipt reference."""
    _check_permission(by, invoice.alliance)
    reference = strip_text(reference)
    if len(reference) > 100:
        raise DomainError(
            _("Please correct the errors below."),
            fields={"reference": [_("At most %(n)s characters.") % {"n": 100}]},
        )
    with transaction.atomic():
        obj = Invoice.objects.select_for_update().get(pk=invoice.pk)
        _check_move(obj, InvoiceStatus.PAID)
        if paid_on < obj.issued_on:
            raise DomainError(
                _("The payment date is before the dues notice was issued."),
                fields={"paid_on": [_("On or after %(date)s.") % {"date": day(obj.issued_on)}]},
            )
        if paid_on > timezone.localdate():
            raise DomainError(
                _("A payment cannot be recorded in advance."),
                fields={"paid_on": [_("Today or earlier.")]},
            )
        obj.paid_on = paid_on
        obj.payment_reference = reference
        move(
            obj,
            InvoiceStatus.PAID,
            by=by,
            actors={TREASURER},  # _check_permission above
            table=INVOICE_TRANSITIONS,
            action=actions.INVOICE_PAID,
            fields=("paid_on", "payment_reference"),
            invalid=_already(obj),
            data={
                "number": obj.number,
                "amount": f"{obj.amount:.2f}",
                "paid_on": paid_on.isoformat(),
                "reference": reference,
            },
        )
        dues_ledger.invoice_paid(by=by, invoice=obj)
    return obj


def invoice_cancel(*, by: User, invoice: Invoice, reason: str) -> Invoice:
    """Cancel an unpaid dues notice with a reason; the row stays (and keeps its number) as history."""
    _check_permission(by, invoice.alliance)
    reason = strip_text(reason)
    if not reason:
        raise DomainError(
            _("Give the reason for cancelling."), fields={"reason": [_("This field is required.")]}
        )
    with transaction.atomic():
        obj = Invoice.objects.select_for_update().get(pk=invoice.pk)
        _check_move(obj, InvoiceStatus.CANCELLED)
        obj.cancel_reason = reason
        move(
            obj,
            InvoiceStatus.CANCELLED,
            by=by,
            actors={TREASURER},  # _check_permission above
            table=INVOICE_TRANSITIONS,
            action=actions.INVOICE_CANCELLED,
            data={"number": obj.number, "amount": f"{obj.amount:.2f}", "reason": reason},
            fields=("cancel_reason",),
            invalid=_already(obj),
        )
    return obj
