"""Ledger pages: the book (trial balance and entries), a new entry, an entry and its workflow."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
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
from itisa.ledger.choices import EntryStatus, FundKind
from itisa.ledger.forms import (
    BookEntrustForm,
    BookOpenForm,
    BudgetForm,
    ConfirmForm,
    EntryFilterForm,
    EntryForm,
    FundForm,
    PeriodCloseForm,
    ReportPeriodForm,
    SendBackForm,
    entry_initial,
)
from itisa.ledger.models import Book, Budget, Chart, Fund, JournalEntry
from itisa.ledger.permissions import (
    can_change_draft,
    can_flag_entries,
    can_keep_books,
    can_open_book,
    can_send_back,
    can_set_up_books,
    can_view_books,
    can_view_grants,
)
from itisa.ledger.reports import fund_balances, monthly_chart
from itisa.ledger.rules import amount_in_capitals
from itisa.ledger.selectors import (
    access_account,
    access_book,
    access_entry,
    account_detail,
    entries_of,
    entry_people,
    trial_balance,
)
from itisa.ledger.workflows import BOOKKEEPER, ENTRY_TRANSITIONS
from itisa.registry.selectors import access_alliance
from itisa.ui.forms import StyledForm
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require


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


def _entry_form_page(
    request: HttpRequest, book: Book, form: EntryForm, *, entry: JournalEntry | None = None
) -> HttpResponse:
    context = {
        "book": book,
        "alliance": book.alliance,
        "form": form,
        "entry": entry,
        "totals": form.totals(),
    }
    return render(request, "ledger/entry_form.html", context)


def _more_lines(request: HttpRequest, book: Book, *, editing: bool) -> EntryForm:
    """Without JavaScript, "Add lines" posts the form: it comes back with four more empty lines, as typed."""
    values = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "more")}
    return EntryForm(book=book, initial=values, editing=editing, spare=4)


def _entry_form(request: HttpRequest, book: Book, *, entry: JournalEntry | None = None) -> HttpResponse:
    """The entry form: a new draft (``entry`` None) or the preparer's edit of ``entry``, every line
    replaced by what the form holds."""
    editing = entry is not None
    if "more" in request.POST:
        return _entry_form_page(request, book, _more_lines(request, book, editing=editing), entry=entry)
    initial = (
        entry_initial(entry)
        if entry is not None
        else {"date": timezone.localdate(), "idempotency_key": uuid.uuid4().hex}
    )
    form = EntryForm(request.POST or None, book=book, initial=initial, editing=editing)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        common = {
            "by": acting_user(request),
            "date": d["date"],
            "memo": d["memo"],
            "postings": form.postings(),
        }
        saved = call_service(
            form,
            (lambda: services.entry_update(entry=entry, **common))
            if entry is not None
            else (lambda: services.entry_draft(book=book, idempotency_key=d["idempotency_key"], **common)[0]),
        )
        if saved is not None:
            messages.success(
                request, _("Draft saved.") if editing else _("Entry drafted; submit it for approval.")
            )
            return redirect("ledger:entry", pk=saved.pk)
    return _entry_form_page(request, book, form, entry=entry)


@login_redirect
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, code: str) -> HttpResponse:
    book = access_book(request.user, code)
    require(request, can_keep_books(request.user, book.alliance))
    return _entry_form(request, book)


def _draft_for_change(request: HttpRequest, pk: int) -> JournalEntry:
    obj = access_entry(request.user, pk)
    require(request, can_change_draft(request.user, obj))
    return obj


@login_redirect
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The preparer corrects a draft."""
    obj = _draft_for_change(request, pk)
    if obj.status != EntryStatus.DRAFT:
        messages.error(request, _("Only a draft is edited; a submitted entry is sent back first."))
        return redirect("ledger:entry", pk=obj.pk)
    return _entry_form(request, obj.book, entry=obj)


@login_redirect
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """The preparer deletes a draft, after a confirmation page."""
    obj = _draft_for_change(request, pk)
    form = ConfirmForm(request.POST or None)
    code = obj.book.alliance.code

    def delete() -> bool:
        services.entry_delete(by=acting_user(request), entry=obj)
        return True

    done, confirming = confirm_step(request, form, delete)
    if done:
        messages.success(request, _("Draft deleted."))
        return redirect("ledger:ledger", code=code)
    context = {
        "form": form,
        "confirming": confirming or request.method == "GET",
        "entry": obj,
        "alliance": obj.book.alliance,
        "title": _("Delete the draft %(memo)s") % {"memo": obj.memo},
        "warning": _("The draft and its lines are deleted; the audit log keeps what it was."),
    }
    return render(request, "ledger/entry_delete.html", context)


@login_redirect
@require_POST
def entry_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    """退回: the entry goes back to its preparer with the reason given (the service refuses a blank one)."""
    obj = access_entry(request.user, pk)
    reason = request.POST.get("reason", "")
    return _act_on_entry(
        request,
        obj,
        lambda: services.entry_send_back(by=acting_user(request), entry=obj, reason=reason),
        _("Sent back to the preparer."),
    )


def _act_on_entry(
    request: HttpRequest, obj: JournalEntry, call: Callable[[], Any], done: str
) -> HttpResponse:
    """Run a service on the entry and go back to its page with what happened (a refusal's reason, or ``done``);
    a denial is a 403."""
    try:
        call()
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("ledger:entry", pk=obj.pk)


@login_redirect
@require_http_methods(["GET"])
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    obj = access_entry(request.user, pk)
    keeper = bool(can_keep_books(request.user, obj.book.alliance))
    actors = {BOOKKEEPER} if keeper else set()
    postings = list(obj.postings.select_related("account", "fund", "cost_object"))
    context = {
        "entry": obj,
        "alliance": obj.book.alliance,
        "postings": [
            (p, p.amount if p.amount > 0 else None, -p.amount if p.amount < 0 else None) for p in postings
        ],
        "keeper": keeper,
        **ENTRY_TRANSITIONS.may(obj.status, actors, submit=EntryStatus.SUBMITTED, post=EntryStatus.POSTED),
        # separation of duties: the preparer (and the first approver) never see an approve button
        "may_approve": ENTRY_TRANSITIONS.can_move(obj.status, EntryStatus.APPROVED, actors)
        and request.user.pk not in (obj.prepared_by_id, obj.approved_by_id),
        "may_send_back": ENTRY_TRANSITIONS.can_move(obj.status, EntryStatus.DRAFT, actors)
        and bool(can_send_back(request.user, obj)),
        "may_change": obj.status == EntryStatus.DRAFT and bool(can_change_draft(request.user, obj)),
        "send_back_form": SendBackForm(auto_id="sb-%s"),
        "people": entry_people(obj),
        "flags": list(obj.flags.select_related("raised_by", "resolved_by")),
        "attachments": list(obj.attachments.select_related("uploaded_by")),
        "supervisor": bool(can_flag_entries(request.user, obj.book.alliance)),
    }
    return render(request, "ledger/entry.html", context)


@login_redirect
@require_http_methods(["GET"])
def voucher_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The printed voucher (记账凭证) of an entry, for those who see the books."""
    from itisa.core.exports import attachment

    obj = access_entry(request.user, pk)
    postings = list(obj.postings.select_related("account", "fund", "cost_object").order_by("pk"))
    debit = sum((p.amount for p in postings if p.amount > 0), Decimal(0))
    context = {
        "entry": obj,
        "alliance": obj.book.alliance,
        "lines": [
            (p, p.amount if p.amount > 0 else None, -p.amount if p.amount < 0 else None) for p in postings
        ],
        "debit": debit,
        "credit": -sum((p.amount for p in postings if p.amount < 0), Decimal(0)),
        "capitals": amount_in_capitals(debit),
        "attachments": obj.attachments.count(),
        "people": entry_people(obj),
    }
    code = obj.book.alliance.code
    name = f"{code}-voucher-{obj.period}-{obj.number}.pdf" if obj.number else f"{code}-draft-{obj.pk}.pdf"
    return attachment(_pdf("ledger/voucher_pdf.html", context), "application/pdf", name)


@login_redirect
@require_http_methods(["GET"])
def account_ledger(request: HttpRequest, code: str, account: str) -> HttpResponse:
    """An account's detail ledger (明细账) over a period (this year to today unless given); ``?format=pdf``."""
    book = access_book(request.user, code)
    start, end, errors = _report_dates(request)
    detail = account_detail(book, access_account(book, account), start=start, end=end)
    context = {"book": book, "alliance": book.alliance, "detail": detail, "errors": errors}
    if request.GET.get("format") == "pdf":
        from itisa.core.exports import attachment

        return attachment(
            _pdf("ledger/account_pdf.html", context),
            "application/pdf",
            f"{book.alliance.code}-{detail.account.code}-{start.isoformat()}-{end.isoformat()}.pdf",
        )
    return render(request, "ledger/account.html", context)


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    """A Chinese PDF of a ledger template (WeasyPrint with the embedded font), dated today."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from itisa.core.pdf import font_uris, html_to_pdf

    with translation.override("zh-hans"):
        html = render_to_string(template, {**context, "today": timezone.localdate(), "fonts": font_uris()})
    return html_to_pdf(html)


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
        if not can_open_book(request.user, alliance):
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
    comment = request.POST.get("comment", "")
    return _act_on_entry(
        request,
        obj,
        lambda: services.entry_flag(by=acting_user(request), entry=obj, comment=comment),
        _("Flag raised: the entry cannot post until it is resolved."),
    )


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


def _report_dates(request: HttpRequest) -> tuple[dt.date, dt.date, list[str]]:
    return ReportPeriodForm(request.GET).period()


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
    from itisa.core.exports import xlsx_download
    from itisa.ledger.exports import reports_sheets

    book = access_book(request.user, code)
    start, end, _errors = _report_dates(request)
    return xlsx_download(
        f"{book.alliance.code}-reports-{end.isoformat()}.xlsx", reports_sheets(book, start=start, end=end)
    )


@login_redirect
@require_POST
def period_close(request: HttpRequest, code: str) -> HttpResponse:
    book = access_book(request.user, code)
    require(request, can_keep_books(request.user, book.alliance))
    form = PeriodCloseForm(request.POST)
    if not form.is_valid():
        for field in form:
            for message in field.errors:
                messages.error(request, str(message))
        return redirect("ledger:ledger", code=code)
    month = form.cleaned_data["month"]
    try:
        period = services.period_close(by=acting_user(request), book=book, year=month.year, month=month.month)
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
        from itisa.ledger.exports import AMOUNT_FORMAT, GRANT_POSTING_COLUMNS

        return xlsx_response(
            f"{alliance.code}-grants.xlsx",
            _("Grant funds"),
            GRANT_POSTING_COLUMNS,
            postings,
            number_formats={len(GRANT_POSTING_COLUMNS): AMOUNT_FORMAT},
        )
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


@dataclass(frozen=True)
class SetupAction:
    """One form of the setup page: its form, and the service it runs with the actor, what it acts on
    (the alliance before the book is open, the book afterwards) and the form's cleaned data."""

    form: Callable[[Any, Book | None], StyledForm]
    run: Callable[[Any, Any, dict[str, Any]], Any]
    book_open: bool = True


# The ``action`` field each form of the setup page posts, and what it does.
SETUP_ACTIONS: dict[str, SetupAction] = {
    "open": SetupAction(
        form=lambda data, book: BookOpenForm(data, auto_id="b-%s"),
        run=lambda by, alliance, d: services.book_open(by=by, alliance=alliance, **d),
        book_open=False,
    ),
    "entrust": SetupAction(
        form=lambda data, book: BookEntrustForm(data, auto_id="e-%s"),
        run=lambda by, book, d: services.book_entrust(by=by, book=book, **d),
    ),
    "fund": SetupAction(
        form=lambda data, book: FundForm(data, auto_id="f-%s"),
        run=lambda by, book, d: services.fund_create(by=by, book=book, **d),
    ),
    "budget": SetupAction(
        form=lambda data, book: BudgetForm(data, book=book, auto_id="g-%s"),  # type: ignore[arg-type]
        run=lambda by, book, d: services.budget_set(
            by=by, fund=d["fund"], year=d["year"], account_code=d["account"], amount=d["amount"]
        ),
    ),
}


@login_redirect
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest, code: str) -> HttpResponse:
    """Open the book, entrust it to the host unit, add funds and budget lines (the keepers)."""
    alliance = access_alliance(request.user, code, need=can_set_up_books)
    book = Book.objects.select_related("chart").filter(alliance=alliance).first()
    forms = {
        name: action.form(None, book)
        for name, action in SETUP_ACTIONS.items()
        if action.book_open == (book is not None)
    }
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name not in forms:
            messages.error(request, _("No such move."))
            return redirect("ledger:setup", code=code)
        action = SETUP_ACTIONS[name]
        form = forms[name] = action.form(request.POST, book)
        if form.is_valid():
            target = book if action.book_open else alliance
            done = call_service(form, lambda: action.run(acting_user(request), target, form.cleaned_data))
            if done is not None:
                messages.success(request, _("Saved."))
                return redirect("ledger:setup", code=code)
    context = {
        "alliance": alliance,
        "book": book,
        "forms": forms,
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
