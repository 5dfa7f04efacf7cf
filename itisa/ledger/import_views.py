"""The journal entry import's pages: upload a filled-in template, a preview of every row with its
reasons, then every voucher prepared as a draft or none; and the template download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.core.exports import xlsx_download
from itisa.ledger import imports
from itisa.ledger.permissions import can_keep_books
from itisa.ledger.selectors import access_book
from itisa.ui.imports import ImportPage, import_page
from itisa.ui.pages import login_redirect


@login_redirect
@require_http_methods(["GET", "POST"])
def entry_import(request: HttpRequest, code: str) -> HttpResponse:
    """Journal entries from Excel: upload, a preview of every row with its reasons, then every voucher
    prepared as a draft, or none."""
    book = access_book(request.user, code, need=can_keep_books)
    by = acting_user(request)
    page = ImportPage(
        purpose=f"ledger.entries.{book.alliance.code}", columns=imports.COLUMNS, max_bytes=imports.MAX_BYTES,
        preview=lambda data: imports.entries_preview(by=by, book=book, data=data),
        run=lambda data: imports.entries_import(by=by, book=book, data=data),
        template="ledger/entry_import.html",
    )  # fmt: skip

    def done(created: list[Any]) -> HttpResponse:
        messages.success(
            request, _("%(n)s draft entries are prepared; submit each for approval.") % {"n": len(created)}
        )
        return redirect(f"{reverse('ledger:ledger', args=[book.alliance.code])}?status=draft")

    context = {
        "book": book,
        "alliance": book.alliance,
        "intro": _("Fill in the template: one line of a voucher per row, the rows of a voucher sharing its "
                   "number; the columns are explained on its second sheet."),
        "max_rows": imports.MAX_ROWS,
        "template_url": reverse("ledger:entry_template", args=[book.alliance.code]),
        "cancel_url": reverse("ledger:ledger", args=[book.alliance.code]),
    }  # fmt: skip
    return import_page(request, page, context, done)


@login_redirect
@require_http_methods(["GET"])
def entry_template(request: HttpRequest, code: str) -> HttpResponse:
    """The documented template of the journal entry import."""
    access_book(request.user, code, need=can_keep_books)
    return xlsx_download("entries-template.xlsx", imports.template_sheets())
