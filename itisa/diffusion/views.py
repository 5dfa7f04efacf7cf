"""Pages of diffusion and the public catalogue (docs/catalogue.md). Thin: parse, call the selectors,
permissions and services, render.

Public, no login: the catalogue with its search and filters, an entry with its enquiry form, the open-data
export (JSON Lines, CSV). The alliance's people: its obligations with the compliance report (Excel, PDF),
its catalogue entries (the secretariat edits, publishes and withdraws them) and enquiries. The national
office and fund supervisors: every alliance's obligations and each department's report.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.core.errors import NotFound
from itisa.core.exports import CSV_CONTENT_TYPE, Sheet, attachment, csv_lines, xlsx_download
from itisa.diffusion import services
from itisa.diffusion.forms import (
    CatalogueSearchForm,
    DiffusionForm,
    EnquiryForm,
    ListingFilterForm,
    ListingForm,
    MoveForm,
    ObligationFilterForm,
)
from itisa.diffusion.models import Listing, Obligation
from itisa.diffusion.permissions import (
    can_keep_catalogue,
    can_view_department,
    can_view_listings,
    can_view_obligations,
    can_view_overview,
)
from itisa.diffusion.search import CAP, Filters
from itisa.diffusion.selectors import (
    catalogue_search,
    departments_visible,
    diffusions_of,
    licensing_status,
    listings_of,
    messages_of,
    obligations_of,
    obligations_overview,
    open_data_rows,
    public_listing,
    tallies,
)
from itisa.registry.selectors import access_alliance
from itisa.results.models import Result
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require

PER_PAGE = 20
OPEN_DATA_FIELDS = ["id", "alliance", "result", "kind", "title_zh", "title_en", "abstract_zh", "abstract_en",
                    "keywords", "number", "owners", "industry", "province", "licensing", "published_at"]  # fmt: skip


def diffusion_panel(request: HttpRequest, alliance: Any) -> str:
    """On the alliance page: links to its obligations and its catalogue entries, for its people (no query)."""
    if not can_view_obligations(request.user, alliance):
        return ""
    return render_to_string("diffusion/_panel.html", {"alliance": alliance}, request=request)


# the public catalogue ----------------------------------------------------------------------------


def _filters(form: CatalogueSearchForm) -> tuple[str, Filters]:
    if not form.is_valid():
        return "", Filters()
    d = form.cleaned_data
    return d["q"], Filters(
        kind=d["kind"], industry=d["industry"], province=d["province"], licensing=d["licensing"]
    )


@require_http_methods(["GET"])
def catalogue(request: HttpRequest) -> HttpResponse:
    """The public results catalogue: search in Chinese (one character or more) and English, filters."""
    form = CatalogueSearchForm(request.GET)
    q, filters = _filters(form)
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    page = min(page, CAP // PER_PAGE + 1)
    found = catalogue_search(q, filters=filters, page=page, per_page=PER_PAGE)
    params = request.GET.copy()
    params.pop("page", None)
    last = (min(found.total, CAP) + PER_PAGE - 1) // PER_PAGE
    context = {
        "form": form, "q": q, "found": found, "cap": CAP, "page": page, "query": params.urlencode(),
        "has_next": page < last, "has_previous": page > 1, "last": last,
        "hits": found.hits,
    }  # fmt: skip
    return render(request, "diffusion/catalogue.html", context)


@require_http_methods(["GET", "POST"])
def catalogue_entry(request: HttpRequest, code: str, result: str) -> HttpResponse:
    """One published entry, with the enquiry form that reaches the secretariat."""
    try:
        listing = public_listing(code, result)
    except NotFound as exc:
        from django.http import Http404

        raise Http404(str(exc)) from exc
    form = EnquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sender = request.META.get("REMOTE_ADDR", "")
        sent = call_service(
            form, lambda: services.enquiry_submit(listing=listing, data=form.to_input(), sender=sender)
        )
        if sent is not None:
            messages.success(request, _("Your enquiry was sent to the alliance's secretariat."))
            return redirect("diffusion:entry", code=code, result=result)
    doc = getattr(listing, "search_doc", None)
    context = {
        "listing": listing, "result": listing.result, "form": form,
        "owners": [o.organisation.name_zh for o in listing.result.ownership.owners.all()]
        if listing.show_owners and listing.result.ownership else [],
        "licensing": licensing_status(doc, timezone.localdate()) if doc else "",
    }  # fmt: skip
    return render(request, "diffusion/entry.html", context, status=400 if request.method == "POST" else 200)


def _open_data_batches() -> Iterator[list[dict[str, Any]]]:
    after = 0
    while True:
        rows = open_data_rows(after=after)
        if not rows:
            return
        after = rows[-1][0]
        yield [row for _seq, row in rows]


@require_http_methods(["GET"])
def open_data(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """The published catalogue as open data: JSON Lines or CSV, UTF-8, one row per entry (docs/catalogue.md)."""
    if fmt not in ("jsonl", "csv"):
        from django.http import Http404

        raise Http404(_("Open data comes as jsonl or csv."))

    def jsonl() -> Iterator[str]:
        for batch in _open_data_batches():
            for row in batch:
                yield json.dumps(row, ensure_ascii=False) + "\n"

    def csv_rows() -> Iterator[str]:
        batches = (
            [{**row, "owners": ";".join(row["owners"])} for row in batch] for batch in _open_data_batches()
        )
        yield from csv_lines(OPEN_DATA_FIELDS, batches)

    if fmt == "csv":
        response = StreamingHttpResponse(csv_rows(), content_type=CSV_CONTENT_TYPE)
    else:
        response = StreamingHttpResponse(jsonl(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="itisa-catalogue.{fmt}"'
    return response


# obligations ---------------------------------------------------------------------------------------


def _obligation_sheet(title: list[list[Any]], rows: list[Obligation]) -> Sheet:
    return Sheet(
        name=_("Obligations"),
        title=title,
        header=[_("Alliance"), _("Result"), _("Title"), _("Project"), _("Granting department"), _("Starts on"),
                _("Deadline"), _("Status"), _("Met on")],
        rows=[[o.alliance.code, o.result.code, o.result.title_zh, o.result.project.code if o.result.project else "",
               o.department, o.starts_on, o.deadline, o.get_status_display(), o.met_on or ""] for o in rows],
    )  # fmt: skip


def _pdf(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    from django.utils import translation

    from itisa.core.pdf import font_uris, html_to_pdf

    with translation.override("zh-hans"):
        html = render_to_string(template, {**context, "fonts": font_uris(), "today": timezone.localdate()})
    return attachment(html_to_pdf(html), "application/pdf", filename)


@require_http_methods(["GET"])
@login_redirect
def obligations(request: HttpRequest, code: str) -> HttpResponse:
    """The alliance's diffusion obligations (compliance report): page, ``?format=xlsx`` or ``pdf``."""
    alliance = access_alliance(request.user, code)
    require(request, can_view_obligations(request.user, alliance))
    form = ObligationFilterForm(request.GET)
    d = form.cleaned_data if form.is_valid() else {"status": "", "department": ""}
    qs = obligations_of(request.user, alliance, status=d["status"], department=d["department"])
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "pdf"):
        rows = list(qs)
        tally = tallies(qs, by="department")
        if fmt == "xlsx":
            return xlsx_download(f"diffusion-{alliance.code}.xlsx",
                                 [_obligation_sheet([[alliance.name_zh], [_("Diffusion compliance report")]], rows)])  # fmt: skip
        return _pdf("diffusion/report_pdf.html", {"heading": alliance.name_zh, "rows": rows, "tallies": tally,
                                                  "by": _("Granting department")}, f"diffusion-{alliance.code}.pdf")  # fmt: skip
    page, query = paginate(request, qs)
    evidence = diffusions_of([o.result_id for o in page])
    context = {
        "alliance": alliance, "form": form, "page": page, "query": query, "tallies": tallies(qs, by="department"),
        "keeper": bool(can_keep_catalogue(request.user, alliance)), "evidence": evidence,
    }  # fmt: skip
    return render(request, "diffusion/obligations.html", context)


@require_http_methods(["GET", "POST"])
@login_redirect
def diffusion_create(request: HttpRequest, code: str, result: str) -> HttpResponse:
    """Record an open licence offer, a publication or a standard that diffuses the result."""
    alliance = access_alliance(request.user, code)
    require(request, can_keep_catalogue(request.user, alliance))
    obj = _result(alliance, result)
    form = DiffusionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, lambda: services.diffusion_record(by=acting_user(request), result=obj,
                                                                   data=form.to_input()))  # fmt: skip
        if done is not None:
            messages.success(request, _("The diffusion of %(code)s is recorded.") % {"code": obj.code})
            return redirect("diffusion:obligations", code=code)
    return render(request, "diffusion/form.html", {"alliance": alliance, "result": obj, "form": form,
                                                    "title": _("Record a diffusion of %(code)s") % {"code": obj.code}})  # fmt: skip


def _result(alliance: Any, code: str) -> Result:
    obj = Result.objects.filter(alliance=alliance, code=code).select_related("alliance").first()
    if obj is None:
        from django.http import Http404

        raise Http404(_("No such result."))
    return obj


@require_http_methods(["GET"])
@login_redirect
def overview(request: HttpRequest) -> HttpResponse:
    """Every alliance's obligations the viewer follows: counts per alliance and department, the overdue ones."""
    require(request, can_view_overview(request.user))
    form = ObligationFilterForm(request.GET)
    d = form.cleaned_data if form.is_valid() else {"status": "", "department": ""}
    qs = obligations_overview(request.user, status=d["status"], department=d["department"])
    page, query = paginate(request, qs)
    context = {
        "form": form, "page": page, "query": query, "by_alliance": tallies(qs, by="alliance"),
        "by_department": tallies(qs, by="department"), "departments": departments_visible(request.user),
    }  # fmt: skip
    return render(request, "diffusion/overview.html", context)


@require_http_methods(["GET"])
@login_redirect
def department(request: HttpRequest, name: str) -> HttpResponse:
    """A granting department's compliance report across alliances: page, ``?format=xlsx`` or ``pdf``."""
    require(request, can_view_department(request.user, name))
    qs = obligations_overview(request.user, department=name)
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return xlsx_download("diffusion-department.xlsx",
                             [_obligation_sheet([[name], [_("Diffusion compliance report")]], list(qs))])  # fmt: skip
    if fmt == "pdf":
        return _pdf("diffusion/report_pdf.html", {"heading": name, "rows": list(qs),
                                                  "tallies": tallies(qs, by="alliance"), "by": _("Alliance")},
                    "diffusion-department.pdf")  # fmt: skip
    page, query = paginate(request, qs)
    context = {"name": name, "page": page, "query": query, "tallies": tallies(qs, by="alliance")}
    return render(request, "diffusion/department.html", context)


# the alliance's catalogue entries --------------------------------------------------------------------


@require_http_methods(["GET"])
@login_redirect
def listings(request: HttpRequest, code: str) -> HttpResponse:
    """The alliance's catalogue entries, and its results not yet in the catalogue (for the secretariat)."""
    alliance = access_alliance(request.user, code)
    require(request, can_view_listings(request.user, alliance))
    form = ListingFilterForm(request.GET)
    d = form.cleaned_data if form.is_valid() else {"q": "", "status": ""}
    page, query = paginate(request, listings_of(request.user, alliance, status=d["status"], q=d["q"]))
    keeper = bool(can_keep_catalogue(request.user, alliance))
    unlisted = (Result.objects.filter(alliance=alliance, listing__isnull=True).order_by("-code")[:50]
                if keeper else [])  # fmt: skip
    context = {"alliance": alliance, "form": form, "page": page, "query": query, "keeper": keeper,
               "unlisted": unlisted}  # fmt: skip
    return render(request, "diffusion/listings.html", context)


@require_http_methods(["GET", "POST"])
@login_redirect
def listing_edit(request: HttpRequest, code: str, result: str) -> HttpResponse:
    """Write what the public may see of a result (a draft until published)."""
    alliance = access_alliance(request.user, code)
    require(request, can_keep_catalogue(request.user, alliance))
    obj = _result(alliance, result)
    listing = Listing.objects.filter(result=obj).first()
    initial = ({f: getattr(listing, f) for f in ("abstract_zh", "abstract_en", "keywords", "show_owners",
                                                 "show_number", "contact")} if listing else {})  # fmt: skip
    form = ListingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, lambda: services.listing_save(by=acting_user(request), result=obj,
                                                               data=form.to_input()))  # fmt: skip
        if done is not None:
            messages.success(request, _("The catalogue entry of %(code)s is saved.") % {"code": obj.code})
            return redirect("diffusion:listings", code=code)
    context = {"alliance": alliance, "result": obj, "listing": listing, "form": form,
               "title": _("Catalogue entry of %(code)s") % {"code": obj.code}}  # fmt: skip
    return render(request, "diffusion/listing_form.html", context)


@require_http_methods(["GET", "POST"])
@login_redirect
def listing_move(request: HttpRequest, code: str, result: str, to: str) -> HttpResponse:
    """Publish or withdraw an entry; confirmed first."""
    alliance = access_alliance(request.user, code)
    require(request, can_keep_catalogue(request.user, alliance))
    obj = _result(alliance, result)
    listing = Listing.objects.filter(result=obj).select_related("alliance", "result").first()
    if listing is None or to not in ("publish", "withdraw"):
        from django.http import Http404

        raise Http404(_("No such catalogue entry."))
    form = MoveForm(request.POST or None)
    by = acting_user(request)

    def act() -> Listing:
        if to == "publish":
            return services.listing_publish(by=by, listing=listing)
        return services.listing_withdraw(
            by=by, listing=listing, comment=form.cleaned_data.get("comment") or ""
        )

    done, confirming = confirm_step(request, form, act)
    if done is not None:
        messages.success(request, _("The catalogue entry is published.") if to == "publish"
                         else _("The catalogue entry is withdrawn."))  # fmt: skip
        return redirect("diffusion:listings", code=code)
    warning = (
        _("The entry becomes public: anyone can find %(code)s in the catalogue and its open data.")
        if to == "publish"
        else _("The entry leaves the public catalogue; diffusions already recorded stay.")
    )
    context = {"alliance": alliance, "form": form, "confirming": confirming or request.method == "GET",
               "title": _("Publish %(code)s") % {"code": obj.code} if to == "publish"
               else _("Withdraw %(code)s") % {"code": obj.code}, "warning": warning % {"code": obj.code}}  # fmt: skip
    return render(request, "diffusion/confirm.html", context)


@require_http_methods(["GET"])
@login_redirect
def enquiries(request: HttpRequest, code: str) -> HttpResponse:
    """Enquiries from the public about the alliance's entries."""
    alliance = access_alliance(request.user, code)
    require(request, can_keep_catalogue(request.user, alliance))
    page, query = paginate(request, messages_of(request.user, alliance))
    return render(request, "diffusion/messages.html", {"alliance": alliance, "page": page, "query": query})
