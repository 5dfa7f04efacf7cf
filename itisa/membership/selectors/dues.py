"""Reads of membership dues: fee schedules, invoices (会费通知单) and their totals, scoped to the viewer.

Who sees what (``permissions.can_view_dues``): the secretariat, the fund supervisor and national
officers see every invoice of the alliance; a member's contacts (member contact, legal
representative) see the invoices of the organisations they act for; everyone else sees none.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.errors import NotFound
from itisa.membership.choices import InvoiceStatus, Rank
from itisa.membership.models import FeeSchedule, Invoice, Membership
from itisa.membership.permissions import can_view_dues
from itisa.registry.models import Alliance

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
CONTACT_ROLES = (Role.MEMBER_CONTACT, Role.LEGAL_REPRESENTATIVE)
# sums of many amounts can exceed the 12 digits of one amount
_TOTAL = DecimalField(max_digits=20, decimal_places=2)


def rank_order() -> Case:
    """Chair units first, ordinary members last (the order of ``Rank``)."""
    return Case(
        *[When(rank=code, then=Value(i)) for i, code in enumerate(Rank.values)], output_field=IntegerField()
    )


def sees_all_dues(user: Any, alliance: Alliance) -> bool:
    """Whether the viewer keeps or supervises the alliance's dues (every invoice, every total)."""
    s = role_summary(user)
    return s.national or s.has_alliance_role(alliance.pk, Role.SECRETARIAT, Role.FUND_SUPERVISOR)


def _contact_organisations(user: Any, alliance: Alliance) -> list[int]:
    """The organisations whose invoices a member's contact sees: those they act for in this role."""
    s = role_summary(user)
    if not s.has_alliance_role(alliance.pk, *CONTACT_ROLES):
        return []
    return sorted(org for org in s.organisations if s.acts_for(org, *CONTACT_ROLES))


def fee_schedule_of(user: Any, alliance: Alliance, year: int | None = None) -> QuerySet[FeeSchedule]:
    """The alliance's annual dues per rank (one year, or all years newest first), by rank."""
    if not can_view_dues(user, alliance):
        return FeeSchedule.objects.none()
    qs = FeeSchedule.objects.filter(alliance=alliance)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.annotate(rank_order=rank_order()).order_by("-year", "rank_order")


def invoices_of(
    user: Any,
    alliance: Alliance,
    *,
    year: int | None = None,
    status: str = "",
    organisation_id: int | None = None,
    q: str = "",
) -> QuerySet[Invoice]:
    """The alliance's dues invoices the viewer may see, newest year first then by number.

    ``q`` searches the organisation's Chinese or English name, its credit code and the invoice number.
    """
    qs = Invoice.objects.filter(alliance=alliance).select_related("alliance", "membership__organisation")
    if not sees_all_dues(user, alliance):
        organisations = _contact_organisations(user, alliance)
        if not organisations:
            return Invoice.objects.none()
        qs = qs.filter(membership__organisation_id__in=organisations)
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if organisation_id is not None:
        qs = qs.filter(membership__organisation_id=organisation_id)
    term = q.strip()
    if term:
        qs = qs.filter(
            Q(membership__organisation__name_zh__icontains=term)
            | Q(membership__organisation__name_en__icontains=term)
            | Q(membership__organisation__uscc__iexact=term)
            | Q(number__icontains=term)
        )
    return qs.order_by("-year", "seq")


def invoice_get(user: Any, invoice_id: int) -> Invoice | None:
    """The invoice with this id if the viewer may see it (one query)."""
    invoice = (
        Invoice.objects.select_related("alliance", "membership__organisation").filter(pk=invoice_id).first()
    )
    if invoice is None:
        return None
    if sees_all_dues(user, invoice.alliance):
        return invoice
    if invoice.membership.organisation_id in _contact_organisations(user, invoice.alliance):
        return invoice
    return None


def access_invoice(
    user: Any, invoice_id: int, *, alliance: Alliance | None = None, unpaid: bool = False
) -> Invoice:
    """Find and check: the dues notice if the viewer may see it, or NotFound (missing and hidden alike).

    ``alliance``: it must be this alliance's (the pages name the alliance in the URL). ``unpaid``: the
    page that marks it paid or cancels it answers 404 once it is no longer unpaid; the API lets the
    service refuse the move instead.
    """
    invoice = invoice_get(user, invoice_id)
    if invoice is None or (alliance is not None and invoice.alliance_id != alliance.pk):
        raise NotFound(_("No such dues notice, or you may not see it."))
    if unpaid and invoice.status != InvoiceStatus.UNPAID:
        raise NotFound(_("This dues notice is no longer unpaid."))
    return invoice


def unpaid_invoices(membership: Membership) -> QuerySet[Invoice]:
    """A membership's invoices still to be paid (not cancelled, not paid), oldest first.

    Unscoped: for other services (an exit may have to settle the dues first) and for views that
    have already checked who is looking.
    """
    return Invoice.objects.filter(membership=membership, status=InvoiceStatus.UNPAID).order_by("year", "seq")


def invoices_to_issue(alliance: Alliance, year: int) -> list[tuple[Membership, Decimal]]:
    """Who gets a dues invoice for ``year`` and how much: every active member whose rank has dues
    above zero that year and that has no invoice of that year yet (cancelled ones do not count).

    Unscoped: the issuing service uses it under its lock and the issue page shows it as a preview,
    both after checking ``can_manage_dues``. Ordered as the invoices are numbered: by rank, then name.
    """
    amounts = dict(
        FeeSchedule.objects.filter(alliance=alliance, year=year, amount__gt=0).values_list("rank", "amount")
    )
    if not amounts:
        return []
    billed = Invoice.objects.filter(membership=OuterRef("pk"), year=year).exclude(
        status=InvoiceStatus.CANCELLED
    )
    members = (
        Membership.objects.active()
        .filter(alliance=alliance, rank__in=list(amounts))
        .exclude(Exists(billed))
        .select_related("organisation")
        .annotate(rank_order=rank_order())
        .order_by("rank_order", "organisation__name_zh", "pk")
    )
    return [(m, amounts[m.rank]) for m in members]


def invoice_totals(invoices: QuerySet[Invoice]) -> dict[str, Any]:
    """Totals of a set of invoices in one query: amounts (Decimal, to the fen) and counts.

    ``issued`` counts every invoice that is not cancelled; ``issued = paid + unpaid``.
    """
    not_cancelled = ~Q(status=InvoiceStatus.CANCELLED)
    paid = Q(status=InvoiceStatus.PAID)
    unpaid = Q(status=InvoiceStatus.UNPAID)
    row = invoices.order_by().aggregate(
        issued_total=Sum("amount", filter=not_cancelled, output_field=_TOTAL),
        issued_count=Count("pk", filter=not_cancelled),
        paid_total=Sum("amount", filter=paid, output_field=_TOTAL),
        paid_count=Count("pk", filter=paid),
        unpaid_total=Sum("amount", filter=unpaid, output_field=_TOTAL),
        unpaid_count=Count("pk", filter=unpaid),
        cancelled_count=Count("pk", filter=Q(status=InvoiceStatus.CANCELLED)),
    )
    for key in ("issued_total", "paid_total", "unpaid_total"):
        # quantized: SQLite sums decimals as floating point; PostgreSQL is exact either way
        row[key] = Decimal(row[key] or ZERO).quantize(FEN)
    return row


def dues_summary(alliance: Alliance, year: int) -> dict[str, Any]:
    """The year's dues of the whole alliance: issued, paid and unpaid (Decimal) and their counts.

    Unscoped: for the keepers and supervisors of the dues (``sees_all_dues``) and for reports.
    """
    return invoice_totals(Invoice.objects.filter(alliance=alliance, year=year))


def dues_years(alliance: Alliance) -> list[int]:
    """The years with a fee schedule or invoices, newest first (one query)."""
    fees = FeeSchedule.objects.filter(alliance=alliance).values_list("year", flat=True).order_by()
    invoices = Invoice.objects.filter(alliance=alliance).values_list("year", flat=True).order_by()
    return sorted(set(fees.union(invoices)), reverse=True)
