"""Dues pages (会费): the fee schedule of a year, the dues notices with filters and totals, issuing a
year's notices (with a confirmation step), recording payments (one by one, or many from Excel with a
preview), cancelling, and the Excel export.

Thin: parse the forms, call the dues selectors and services, render.
"""

from __future__ import annotations

from decimal import Decimal
from operator import attrgetter, methodcaller
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from itisa.accounts.actor import acting_user
from itisa.core.exports import Column, xlsx_download, xlsx_response
from itisa.membership.choices import InvoiceStatus, Rank
from itisa.membership.dues import imports
from itisa.membership.dues.forms import CancelForm, DuesFilterForm, FeeForm, IssueForm, PaidForm
from itisa.membership.permissions import can_manage_dues, can_view_dues
from itisa.membership.selectors.dues import (
    access_invoice,
    dues_summary,
    dues_years,
    fee_schedule_of,
    invoice_totals,
    invoices_of,
    invoices_to_issue,
    sees_all_dues,
)
from itisa.membership.services.dues import fee_set, invoice_cancel, invoice_mark_paid, invoices_issue
from itisa.membership.workflows import INVOICE_TRANSITIONS, TREASURER
from itisa.registry.models import Alliance
from itisa.registry.selectors import access_alliance
from itisa.ui.imports import ImportPage, import_page
from itisa.ui.pages import call_service, login_redirect, paginate

# The invoice list as a spreadsheet; amounts stay numbers (Decimal), dates stay dates.
INVOICE_COLUMNS: list[Column] = [
    (gettext_lazy("Dues notice number"), attrgetter("number")),
    (gettext_lazy("Year"), attrgetter("year")),
    (gettext_lazy("Organisation"), attrgetter("membership.organisation.name_zh")),
    (gettext_lazy("Unified social credit code"), attrgetter("membership.organisation.uscc")),
    (gettext_lazy("Rank"), methodcaller("get_rank_display")),
    (gettext_lazy("Amount (CNY)"), attrgetter("amount")),
    (gettext_lazy("Issued on"), attrgetter("issued_on")),
    (gettext_lazy("Payment due on"), attrgetter("due_on")),
    (gettext_lazy("Status"), methodcaller("get_status_display")),
    (gettext_lazy("Paid on"), attrgetter("paid_on")),
    (gettext_lazy("Payment reference"), attrgetter("payment_reference")),
    (gettext_lazy("Reason for cancelling"), attrgetter("cancel_reason")),
]


def _dues_url(alliance: Alliance, year: int) -> str:
    return f"{reverse('membership:dues', args=[alliance.code])}?year={year}"


def _filters(request: HttpRequest) -> tuple[DuesFilterForm, dict[str, Any]]:
    """The filters that validated (one bad parameter does not throw away the others); year defaults to now."""
    form = DuesFilterForm(request.GET or None)
    form.is_valid()
    data = dict(getattr(form, "cleaned_data", {}))
    data["year"] = data.get("year") or timezone.localdate().year
    return form, data


def _invoices(request: HttpRequest, alliance: Alliance, data: dict[str, Any]) -> Any:
    return invoices_of(
        request.user, alliance, year=data["year"], status=data.get("status") or "", q=data.get("q") or ""
    )


def _dues_page(request: HttpRequest, alliance: Alliance, *, fee_form: FeeForm | None = None) -> HttpResponse:
    form, data = _filters(request)
    year = data["year"]
    if fee_form is not None and fee_form.is_bound and fee_form.cleaned_data.get("year"):
        year = data["year"] = fee_form.cleaned_data["year"]
    invoices = _invoices(request, alliance, data)
    page, query = paginate(request, invoices)
    can_manage = bool(can_manage_dues(request.user, alliance))
    actors = {TREASURER} if can_manage else set()
    # the invoices on this page the viewer may mark paid or cancel
    may_settle = {
        inv.pk for inv in page if INVOICE_TRANSITIONS.can_move(inv.status, InvoiceStatus.PAID, actors)
    }
    this_year = timezone.localdate().year
    summary = dues_summary(alliance, year) if sees_all_dues(request.user, alliance) else None
    filtered = bool(data.get("status") or data.get("q"))
    context = {
        "alliance": alliance,
        "filters": form,
        "year": year,
        "years": sorted({*dues_years(alliance), year, this_year, this_year + 1}, reverse=True),
        "fees": list(fee_schedule_of(request.user, alliance, year)),
        "page": page,
        "query": query,
        # the whole year's totals are the list's when nothing narrows the list (one query fewer)
        "totals": invoice_totals(invoices) if summary is None or filtered else summary,
        "summary": summary,
        "can_manage": can_manage,
        "may_settle": may_settle,
        "fee_form": (fee_form or FeeForm(initial={"year": year, "rank": Rank.ORDINARY}))
        if can_manage
        else None,
    }
    return render(request, "membership/dues.html", context)


@login_redirect
@require_http_methods(["GET"])
def dues(request: HttpRequest, code: str) -> HttpResponse:
    """An alliance's dues for a year: fee schedule, dues notices (filtered, paginated) and totals."""
    return _dues_page(request, access_alliance(request.user, code, need=can_view_dues))


@login_redirect
@require_http_methods(["GET"])
def dues_export(request: HttpRequest, code: str) -> HttpResponse:
    """The filtered list of dues notices as an Excel workbook with translated headers."""
    alliance = access_alliance(request.user, code, need=can_view_dues)
    _form, data = _filters(request)
    filename = f"dues-{alliance.code}-{data['year']}.xlsx"
    return xlsx_response(filename, _("Dues notices"), INVOICE_COLUMNS, _invoices(request, alliance, data))


@login_redirect
@require_POST
def dues_fee_set(request: HttpRequest, code: str) -> HttpResponse:
    """Set the annual dues of a rank for a year."""
    alliance = access_alliance(request.user, code, need=(can_view_dues, can_manage_dues))
    form = FeeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        fee = call_service(
            form,
            lambda: fee_set(
                by=acting_user(request), alliance=alliance, year=d["year"], rank=d["rank"], amount=d["amount"]
            ),
        )
        if fee is not None:
            messages.success(
                request,
                _("Annual dues of %(rank)s for %(year)s set to %(amount)s.")
                % {"rank": fee.get_rank_display(), "year": fee.year, "amount": f"{fee.amount:.2f}"},
            )
            return redirect(_dues_url(alliance, fee.year))
    return _dues_page(request, alliance, fee_form=form)


@login_redirect
@require_http_methods(["GET", "POST"])
def dues_issue(request: HttpRequest, code: str) -> HttpResponse:
    """Issue a year's dues notices: fill in the dates, see how many and how much, then confirm."""
    alliance = access_alliance(request.user, code, need=(can_view_dues, can_manage_dues))
    year = request.GET.get("year", "")
    form = IssueForm(request.POST or None, year=int(year) if year.isdigit() else None)
    confirming = False
    preview: list[tuple[Any, Decimal]] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if not d["confirmed"]:
            confirming = True
            preview = invoices_to_issue(alliance, d["year"])
        else:
            created = call_service(
                form,
                lambda: invoices_issue(
                    by=acting_user(request),
                    alliance=alliance,
                    year=d["year"],
                    issued_on=d["issued_on"],
                    due_on=d["due_on"],
                ),
            )
            if created is not None:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d dues notice issued for %(year)s.",
                        "%(count)d dues notices issued for %(year)s.",
                        len(created),
                    )
                    % {"count": len(created), "year": d["year"]},
                )
                return redirect(_dues_url(alliance, d["year"]))
    context = {
        "alliance": alliance,
        "form": form,
        "confirming": confirming,
        "preview": preview,
        "preview_total": sum((amount for _m, amount in preview), Decimal("0.00")),
    }
    return render(request, "membership/dues_issue.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def dues_invoice_paid(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Record that a dues notice was paid: the date and the payment reference."""
    alliance = access_alliance(request.user, code, need=(can_view_dues, can_manage_dues))
    invoice = access_invoice(request.user, pk, alliance=alliance, unpaid=True)
    form = PaidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        paid = call_service(
            form,
            lambda: invoice_mark_paid(
                by=acting_user(request), invoice=invoice, paid_on=d["paid_on"], reference=d["reference"]
            ),
        )
        if paid is not None:
            messages.success(request, _("Dues notice %(number)s marked paid.") % {"number": paid.number})
            return redirect(_dues_url(alliance, paid.year))
    context = {"alliance": alliance, "invoice": invoice, "form": form}
    return render(request, "membership/dues_invoice_paid.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def dues_invoice_cancel(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Cancel an unpaid dues notice: give the reason, then confirm on a second page."""
    alliance = access_alliance(request.user, code, need=(can_view_dues, can_manage_dues))
    invoice = access_invoice(request.user, pk, alliance=alliance, unpaid=True)
    form = CancelForm(request.POST or None)
    confirming = False
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            confirming = True
        else:
            cancelled = call_service(
                form,
                lambda: invoice_cancel(
                    by=acting_user(request), invoice=invoice, reason=form.cleaned_data["reason"]
                ),
            )
            if cancelled is not None:
                messages.success(
                    request, _("Dues notice %(number)s cancelled.") % {"number": cancelled.number}
                )
                return redirect(_dues_url(alliance, cancelled.year))
    context = {"alliance": alliance, "invoice": invoice, "form": form, "confirming": confirming}
    return render(request, "membership/dues_invoice_cancel.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def dues_payment_import(request: HttpRequest, code: str) -> HttpResponse:
    """Payments from a bank statement in Excel: upload, a preview of every row with its reasons, then
    all rows or none."""
    alliance = access_alliance(request.user, code, need=(can_view_dues, can_manage_dues))
    by = acting_user(request)
    page = ImportPage(
        purpose=f"membership.dues.payments.{alliance.code}", columns=imports.COLUMNS,
        max_bytes=imports.MAX_BYTES,
        preview=lambda data: imports.payments_preview(by=by, alliance=alliance, data=data),
        run=lambda data: imports.payments_import(by=by, alliance=alliance, data=data),
        template="membership/dues_payment_import.html",
    )  # fmt: skip

    def done(paid: list[Any]) -> HttpResponse:
        messages.success(request, _("%(n)s payments are recorded.") % {"n": len(paid)})
        return redirect("membership:dues", code=alliance.code)

    context = {
        "alliance": alliance,
        "intro": _("Fill in the template from the bank statement: one payment of one dues notice per row, "
                   "the columns explained on its second sheet."),
        "max_rows": imports.MAX_ROWS,
        "template_url": reverse("membership:dues_payment_template", args=[alliance.code]),
        "cancel_url": reverse("membership:dues", args=[alliance.code]),
    }  # fmt: skip
    return import_page(request, page, context, done)


@login_redirect
@require_http_methods(["GET"])
def dues_payment_template(request: HttpRequest, code: str) -> HttpResponse:
    """The documented template of the payment import."""
    access_alliance(request.user, code, need=(can_view_dues, can_manage_dues))
    return xlsx_download("dues-payments-template.xlsx", imports.template_sheets())
