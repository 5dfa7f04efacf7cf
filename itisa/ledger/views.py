"""Ledger pages: the book (trial balance and entries), a new entry, an entry and its workflow."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from itisa.accounts.actor import acting_user
from itisa.core.errors import DomainError, PermissionDenied
from itisa.ledger import services
from itisa.ledger.choices import EntryStatus
from itisa.ledger.forms import EntryFilterForm, EntryForm
from itisa.ledger.models import Book, JournalEntry
from itisa.ledger.permissions import can_flag_entries, can_keep_books, can_view_books, can_view_grants
from itisa.ledger.reports import fund_balances, monthly_chart
from itisa.ledger.selectors import access_book, access_entry, entries_of, trial_balance
from itisa.ledger.workflows import BOOKKEEPER, ENTRY_TRANSITIONS
from itisa.registry.selectors import access_alliance
from itisa.ui.pages import call_service, login_redirect, paginate, require


@login_redirect
@require_http_methods(["GET"])
def ledger(request: HttpRequest, code: str) -> HttpResponse:
    book = access_book(request.user, code)
    filters = EntryFilterForm(request.GET)
    filters.is_valid()
    status = getattr(filters, "cleaned_data", {}).get("status") or ""
    page, query = paginate(request, entries_of(request.user, book, status=status))
    rows = trial_balance(book)
    context = {
        "book": book,
        "alliance": book.alliance,
        "page": page,
        "query": query,
        "filters": filters,
        "rows": rows,
        "total_debit": sum((r.debit for r in rows), 0),
        "total_credit": sum((r.credit for r in rows), 0),
        "keeper": bool(can_keep_books(request.user, book.alliance)),
        "year": timezone.localdate().year,
        "monthly": monthly_chart(book, year=timezone.localdate().year),
        "fund_bars": fund_balances(book),
        "closed": list(book.periods.filter(closed_at__isnull=False).order_by("-year", "-month")[:12]),
    }
    return render(request, "ledger/ledger.html", context)


@login_redirect
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, code: str) -> HttpResponse:
    book = access_book(request.user, code)
    require(request, can_keep_books(request.user, book.alliance))
    initial = {"date": timezone.localdate(), "idempotency_key": uuid.uuid4().hex}
    form = EntryForm(request.POST or None, book=book, initial=initial)
    if request.method == "POST" and form.is_valid():
        postings = form.postings()
        if form.is_valid():
            result = call_service(
                form,
                lambda: services.entry_draft(
                    by=acting_user(request),
                    book=book,
                    date=form.cleaned_data["date"],
                    memo=form.cleaned_data["memo"],
                    postings=postings,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                ),
            )
            if result is not None:
                messages.success(request, _("Entry drafted; submit it for approval."))
                return redirect("ledger:entry", pk=result[0].pk)
    return render(request, "ledger/entry_form.html", {"book": book, "alliance": book.alliance, "form": form})


@login_redirect
@require_http_methods(["GET"])
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_entry(request.user, pk)
    keeper = bool(can_keep_books(request.user, obj.book.alliance))
    actors = {BOOKKEEPER} if keeper else set()
    context = {
        "entry": obj,
        "alliance": obj.book.alliance,
        "postings": [
            (p, p.amount if p.amount > 0 else None, -p.amount if p.amount < 0 else None)
            for p in obj.postings.select_related("account", "fund")
        ],
        "keeper": keeper,
        **ENTRY_TRANSITIONS.may(obj.status, actors, submit=EntryStatus.SUBMITTED, post=EntryStatus.POSTED),
        # separation of duties: the preparer (and the first approver) never see an approve button
        "may_approve": ENTRY_TRANSITIONS.can_move(obj.status, EntryStatus.APPROVED, actors)
        and request.user.pk not in (obj.prepared_by_id, obj.approved_by_id),
        "flags": list(obj.flags.select_related("raised_by", "resolved_by")),
        "attachments": list(obj.attachments.select_related("uploaded_by")),
        "supervisor": bool(can_flag_entries(request.user, obj.book.alliance)),
    }
    return render(request, "ledger/entry.html", context)


MOVES: dict[str, tuple[Any, Any]] = {
    "submit": (services.entry_submit, gettext_lazy("Submitted for approval.")),
    "approve": (services.entry_approve, gettext_lazy("Approved by you.")),
    "post": (services.entry_post, gettext_lazy("Posted.")),
}


@login_redirect
@require_POST
def entry_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    obj = access_entry(request.user, pk)
    if move not in MOVES:
        raise Http404(_("No such move."))
    service, message = MOVES[move]
    try:
        service(by=request.user, entry=obj)
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(message))
    return redirect("ledger:entry", pk=obj.pk)


def ledger_panel(request: HttpRequest, alliance: Any) -> str:
    """On the alliance page, for those who may see the books: a link to the ledger and its size."""
    from django.template.loader import render_to_string

    if not can_view_books(request.user, alliance):
        return ""
    book = Book.objects.filter(alliance=alliance).first()
    if book is None:
        # without a book there is nothing to show, except to the secretariat, who can open one
        if not _secretariat(request, alliance):
            return ""
        return render_to_string(
            "ledger/_panel.html", {"alliance": alliance, "no_book": True}, request=request
        )
    context = {"alliance": alliance, "entries": JournalEntry.objects.filter(book=book).count()}
    return render_to_string("ledger/_panel.html", context, request=request)


@login_redirect
@require_POST
def entry_flag(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_entry(request.user, pk)
    try:
        services.entry_flag(by=acting_user(request), entry=obj, comment=request.POST.get("comment", ""))
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Flag raised: the entry cannot post until it is resolved."))
    return redirect("ledger:entry", pk=obj.pk)


@login_redirect
@require_POST
def flag_resolve(request: HttpRequest, pk: int, flag_pk: int) -> HttpResponse:
    obj = access_entry(request.user, pk)
    flag = obj.flags.filter(pk=flag_pk).first()
    if flag is None:
        raise Http404(_("No such flag."))
    try:
        services.flag_resolve(
            by=acting_user(request), flag=flag, resolution=request.POST.get("resolution", "")
        )
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Flag resolved."))
    return redirect("ledger:entry", pk=obj.pk)


def _report_dates(request: HttpRequest) -> tuple[Any, Any, list[str]]:
    import datetime as dt

    today = timezone.localdate()
    errors: list[str] = []

    def parse(name: str, default: Any) -> Any:
        raw = request.GET.get(name, "")
        if not raw:
            return default
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            errors.append(_("Not a date (YYYY-MM-DD): %(text)s") % {"text": raw})
            return default

    start = parse("start", dt.date(today.year, 1, 1))
    end = parse("end", today)
    if end < start:
        errors.append(_("The period ends before it starts."))
        end = start
    return start, end, errors


@login_redirect
@require_http_methods(["GET"])
def reports(request: HttpRequest, code: str) -> HttpResponse:
    from itisa.ledger.reports import balance_sheet, budget_vs_actual, statement_of_activities

    book = access_book(request.user, code)
    start, end, errors = _report_dates(request)
    context = {
        "book": book,
        "alliance": book.alliance,
        "start": start,
        "end": end,
        "errors": errors,
        "activities": statement_of_activities(book, start=start, end=end),
        "sheet": balance_sheet(book, end=end),
        "budget_rows": budget_vs_actual(book, year=end.year),
    }
    return render(request, "ledger/reports.html", context)


@login_redirect
@require_http_methods(["GET"])
def reports_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    from io import BytesIO

    from openpyxl import Workbook

    from itisa.core.exports import XLSX_CONTENT_TYPE, attachment
    from itisa.ledger.reports import balance_sheet, budget_vs_actual, statement_of_activities

    book = access_book(request.user, code)
    start, end, _errors = _report_dates(request)
    activities = statement_of_activities(book, start=start, end=end)
    sheet = balance_sheet(book, end=end)
    wb = Workbook()
    ws = wb.active
    ws.title = "业务活动表"
    ws.append([book.alliance.name_zh, f"{start.isoformat()} – {end.isoformat()}"])
    ws.append(["科目代码", "科目名称", "非限定性", "限定性", "合计"])
    for section in (activities.income, activities.expenses):
        for r in section.rows:
            ws.append([r.account.code, r.account.name_zh, r.unrestricted, r.restricted, r.total])
    ws.append(
        ["", "净资产变动额", activities.change_unrestricted, activities.change_restricted, activities.change]
    )
    ws2 = wb.create_sheet("资产负债表")
    ws2.append([book.alliance.name_zh, end.isoformat()])
    ws2.append(["科目代码", "科目名称", "非限定性", "限定性", "合计"])
    for section in (sheet.assets, sheet.liabilities):
        for r in section.rows:
            ws2.append([r.account.code, r.account.name_zh, r.unrestricted, r.restricted, r.total])
    ws2.append(
        ["", "净资产", sheet.net_assets_unrestricted, sheet.net_assets_restricted, sheet.net_assets_total]
    )
    ws3 = wb.create_sheet("试算平衡表")
    ws3.append([book.alliance.name_zh, end.isoformat()])
    ws3.append(["科目代码", "科目名称", "借方", "贷方", "余额"])
    for t in trial_balance(book, end=end):
        ws3.append([t.account.code, t.account.name_zh, t.debit, t.credit, t.balance])
    ws4 = wb.create_sheet("预算执行")
    ws4.append([book.alliance.name_zh, str(end.year)])
    ws4.append(["资金来源", "支出类别", "预算", "实际", "结余"])
    for b in budget_vs_actual(book, year=end.year):
        ws4.append([b.fund, f"{b.account.code} {b.account.name_zh}", b.budget, b.actual, b.remaining])
    for worksheet in (ws, ws2, ws3, ws4):
        for row in worksheet.iter_rows(min_row=3, min_col=3, max_col=5):
            for cell in row:
                cell.number_format = "#,##0.00"
    buffer = BytesIO()
    wb.save(buffer)
    return attachment(
        buffer.getvalue(), XLSX_CONTENT_TYPE, f"{book.alliance.code}-reports-{end.isoformat()}.xlsx"
    )


@login_redirect
@require_POST
def period_close(request: HttpRequest, code: str) -> HttpResponse:
    book = access_book(request.user, code)
    require(request, can_keep_books(request.user, book.alliance))
    raw = request.POST.get("month", "")
    try:
        year, month = (int(x) for x in raw.split("-"))
        if not 1 <= month <= 12:
            raise ValueError(raw)
    except ValueError:
        messages.error(request, _("Choose a month (YYYY-MM)."))
        return redirect("ledger:ledger", code=code)
    if request.POST.get("confirmed") != "1":
        messages.error(request, _("Confirm that nothing may post into the month any more."))
        return redirect("ledger:ledger", code=code)
    try:
        period = services.period_close(by=acting_user(request), book=book, year=year, month=month)
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(period)s is closed.") % {"period": str(period)})
    return redirect("ledger:ledger", code=code)


@login_redirect
@require_http_methods(["GET"])
def grants(request: HttpRequest, code: str) -> HttpResponse:
    """Government grant funds: their usage against budget and every posting, for the granting department."""
    from itisa.ledger.reports import budget_vs_actual
    from itisa.ledger.selectors import grant_funds_of, grant_postings

    book = access_book(request.user, code, need=can_view_grants)
    alliance = book.alliance
    funds = grant_funds_of(request.user, book)
    names = {f.name_zh for f in funds}
    year = timezone.localdate().year
    postings = list(grant_postings(book, funds))
    context: dict[str, Any] = {
        "alliance": alliance,
        "book": book,
        "funds": list(funds),
        "usage": [r for r in budget_vs_actual(book, year=year) if r.fund in names],
        "postings": postings,
        "year": year,
    }
    if request.GET.get("format") == "xlsx":
        from itisa.core.exports import xlsx_response

        columns: list[Any] = [
            (_("Date"), lambda p: p.entry.date.isoformat()),
            (_("Voucher"), lambda p: f"{p.entry.period}-{p.entry.number}"),
            (_("Fund"), lambda p: p.fund.name_zh),
            (_("Account"), lambda p: f"{p.account.code} {p.account.name_zh}"),
            (_("Memo"), lambda p: p.entry.memo),
            (_("Amount (CNY)"), lambda p: p.amount),
        ]
        return xlsx_response(f"{alliance.code}-grants.xlsx", _("Grant funds"), columns, postings)
    if request.GET.get("format") == "pdf":
        from django.template.loader import render_to_string
        from django.utils import translation

        from itisa.core.exports import attachment
        from itisa.core.pdf import font_uris, html_to_pdf

        with translation.override("zh-hans"):
            html = render_to_string(
                "ledger/grants_pdf.html", {**context, "today": timezone.localdate(), "fonts": font_uris()}
            )
        return attachment(html_to_pdf(html), "application/pdf", f"{alliance.code}-grants.pdf")
    return render(request, "ledger/grants.html", context)


@login_redirect
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_entry(request.user, pk)
    require(request, can_keep_books(request.user, obj.book.alliance))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return redirect("ledger:entry", pk=obj.pk)
    if upload.size is not None and upload.size > services.ATTACHMENT_MAX_BYTES:
        messages.error(request, _("The file is larger than 10 MB."))
        return redirect("ledger:entry", pk=obj.pk)
    try:
        services.attachment_add(
            by=acting_user(request), entry=obj, name=upload.name or "", data=upload.read()
        )
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Attached."))
    return redirect("ledger:entry", pk=obj.pk)


@login_redirect
@require_http_methods(["GET"])
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    obj = access_entry(request.user, pk)
    attachment = obj.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404(_("No such attachment."))
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"{obj.pk}-{attachment.sha256[:12]}{attachment.extension}",
        content_type=attachment.content_type,
    )


@login_redirect
@require_http_methods(["GET"])
def reports_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The statements, trial balance and budget use as a Chinese PDF (WeasyPrint, embedded font)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from itisa.core.exports import attachment
    from itisa.core.pdf import font_uris, html_to_pdf
    from itisa.ledger.reports import balance_sheet, budget_vs_actual, statement_of_activities

    book = access_book(request.user, code)
    start, end, _errors = _report_dates(request)
    activities = statement_of_activities(book, start=start, end=end)
    sheet = balance_sheet(book, end=end)
    with translation.override("zh-hans"):
        html = render_to_string(
            "ledger/reports_pdf.html",
            {
                "book": book,
                "start": start,
                "end": end,
                "activities": activities,
                "sections_a": [activities.income, activities.expenses],
                "sheet": sheet,
                "sections_b": [sheet.assets, sheet.liabilities],
                "trial": trial_balance(book, end=end),
                "budget_rows": budget_vs_actual(book, year=end.year),
                "fonts": font_uris(),
            },
        )
    return attachment(
        html_to_pdf(html), "application/pdf", f"{book.alliance.code}-reports-{end.isoformat()}.pdf"
    )


@login_redirect
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest, code: str) -> HttpResponse:
    """Open the book, entrust it to the host unit, add funds and budget lines (the keepers)."""
    from decimal import Decimal, InvalidOperation

    from itisa.ledger.choices import FundKind
    from itisa.ledger.models import Budget, Chart, Fund

    alliance = access_alliance(request.user, code)
    require(
        request,
        can_keep_books(request.user, alliance) if _has_book(alliance) else _secretariat(request, alliance),
    )
    book = Book.objects.select_related("chart").filter(alliance=alliance).first()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "open" and book is None:
                chart = Chart.objects.filter(pk=request.POST.get("chart") or 0).first()
                if chart is None:
                    raise DomainError(_("Choose a chart of accounts."))
                raw = request.POST.get("second_approval_above", "").strip()
                try:
                    threshold = Decimal(raw) if raw else None
                except InvalidOperation as exc:
                    raise DomainError(_("Not an amount.")) from exc
                services.book_open(
                    by=acting_user(request), alliance=alliance, chart=chart, second_approval_above=threshold
                )
            elif action == "entrust" and book is not None:
                services.book_entrust(
                    by=acting_user(request), book=book, entrusted=request.POST.get("entrusted") == "1"
                )
            elif action == "fund" and book is not None:
                services.fund_create(
                    by=acting_user(request),
                    book=book,
                    kind=request.POST.get("kind", ""),
                    name_zh=request.POST.get("name_zh", ""),
                    granting_department=request.POST.get("granting_department", ""),
                    project=request.POST.get("project", ""),
                )
            elif action == "budget" and book is not None:
                fund = Fund.objects.filter(book=book, pk=request.POST.get("fund") or 0).first()
                if fund is None:
                    raise DomainError(_("No such fund in this book."))
                services.budget_set(
                    by=acting_user(request),
                    fund=fund,
                    year=int(request.POST.get("year") or 0),
                    account_code=request.POST.get("account", ""),
                    amount=request.POST.get("amount", ""),
                )
            else:
                raise DomainError(_("No such move."))
        except PermissionDenied:
            raise
        except (DomainError, ValueError) as exc:
            message = exc.message if isinstance(exc, DomainError) else _("Not a number.")
            details = [m for ms in exc.fields.values() for m in ms] if isinstance(exc, DomainError) else []
            messages.error(request, "; ".join([message, *details]))
        else:
            messages.success(request, _("Saved."))
        return redirect("ledger:setup", code=code)
    context = {
        "alliance": alliance,
        "book": book,
        "charts": list(Chart.objects.order_by("code")),
        "funds": list(Fund.objects.filter(book=book).order_by("pk")) if book else [],
        "budgets": list(
            Budget.objects.filter(fund__book=book)
            .select_related("fund", "account")
            .order_by("-year", "fund_id", "account__code")
        )
        if book
        else [],
        "fund_kinds": FundKind.choices,
        "expense_accounts": list(
            book.chart.accounts.filter(account_class="expense", closed=False).order_by("code")
        )
        if book
        else [],
        "year": timezone.localdate().year,
    }
    return render(request, "ledger/setup.html", context)


def _has_book(alliance: Any) -> bool:
    return Book.objects.filter(alliance=alliance).exists()


def _secretariat(request: HttpRequest, alliance: Any) -> Any:
    from itisa.accounts.choices import Role
    from itisa.accounts.roles import role_summary
    from itisa.core.decisions import Decision

    s = role_summary(request.user)
    if s.national or s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        return Decision.allow(_("The secretariat opens its alliance's book."))
    if not request.user.is_authenticated:
        return Decision.deny(_("You must log in first."))
    return Decision.deny(_("Only the alliance's secretariat opens its book."))
