"""The page of an Excel import with a preview: upload, look at every row, then confirm.

1. The visitor uploads a filled-in template; ``preview`` reads it and runs every row through the domain's
   services without keeping anything (``core.imports.write_rows`` with ``dry_run``), and the page lists
   every row with the values read and its reasons (``row 3 — credit code: …``).
2. If no row is refused, the file is kept (``ui.uploads``) and the page offers to import it.
3. The confirmation imports the kept file: read and checked again from the start (the preview is not
   trusted: someone may have registered a row's organisation in between), all rows or none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.imports import Column, ImportRefused, ImportRow
from itisa.ui.forms import StyledForm
from itisa.ui.uploads import drop_upload, keep_upload, kept_upload


class UploadForm(StyledForm):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))


@dataclass(frozen=True)
class ImportPage:
    """What one import's page needs: a purpose naming its kept file, its columns, its largest file,
    the dry run and the real import (both given the file's bytes), and the page template."""

    purpose: str
    columns: Sequence[Column]
    max_bytes: int
    preview: Callable[[bytes], list[ImportRow]]
    run: Callable[[bytes], list[Any]]
    template: str


def import_page(
    request: HttpRequest, page: ImportPage, context: dict[str, Any], done: Callable[[list[Any]], HttpResponse]
) -> HttpResponse:
    """Upload and preview (POST with ``file``), or confirm (POST with ``token``); ``done`` answers a
    completed import (a message and a redirect)."""
    form = UploadForm(request.POST or None, request.FILES or None)
    rows: list[ImportRow] | None = None
    refused: dict[str, list[str]] = {}
    errors: list[str] = []
    token = ""
    if request.method == "POST" and "token" in request.POST:
        form = UploadForm()
        try:
            data = kept_upload(request, page.purpose, request.POST["token"])
            try:
                created = page.run(data)
            except ImportRefused as exc:
                if "header" in exc.fields:
                    raise
                errors.append(exc.message)
                rows = page.preview(data)  # what changed since the preview, row by row
            else:
                drop_upload(request, page.purpose)
                return done(created)
        except PermissionDenied:
            raise
        except DomainError as exc:
            errors.append(exc.message)
            refused = exc.fields
        if rows is None or any(r.problems for r in rows):
            drop_upload(request, page.purpose)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(page.max_bytes + 1)
        try:
            rows = page.preview(data)
        except PermissionDenied:
            raise
        except DomainError as exc:
            errors.append(exc.message)
            refused = exc.fields
        else:
            if not any(r.problems for r in rows):
                token = keep_upload(request, page.purpose, data)
            form = UploadForm()
    context = {
        **context, "form": form, "errors": errors, "columns": page.columns, "rows": rows, "refused": refused, "token": token,
        "refused_count": sum(1 for r in rows if r.problems) if rows else 0,
        "preview": [(r, [r.shown.get(c.code, "") for c in page.columns]) for r in rows or []],
    }  # fmt: skip
    return render(request, page.template, context)
