"""The public partner search page and its Excel download (anonymous visitors allowed)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.core.exports import xlsx_response
from itisa.partners.exports import PARTNER_COLUMNS
from itisa.partners.forms import PartnerFilterForm
from itisa.partners.selectors import partner_search
from itisa.ui.pages import paginate


@require_http_methods(["GET"])
def partner_list(request: HttpRequest) -> HttpResponse:
    """Organisations of public alliances, searchable by name in Chinese or English, with filters."""
    form = PartnerFilterForm(request.GET or None)
    page, query = paginate(request, partner_search(form.filters()))
    context = {"form": form, "page": page, "query": query, "total": page.paginator.count}
    return render(request, "partners/list.html", context)


@require_http_methods(["GET"])
def partner_export(request: HttpRequest) -> HttpResponse:
    """The filtered partner list as an Excel workbook (no contact details)."""
    qs = partner_search(PartnerFilterForm(request.GET or None).filters())
    return xlsx_response("partners.xlsx", _("Partner search"), PARTNER_COLUMNS, qs)
