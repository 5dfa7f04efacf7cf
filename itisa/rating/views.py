"""Pages of the activity rating (docs/rating.md). Thin: parse, call the selectors, permissions and services,
render.

The national office: the schemes (view, copy, edit a draft), the campaigns (create, follow, advance with
confirmation, Excel of the results), each alliance's score breakdown and the plenary's decisions. The
campaign's experts: the alliances of their groups, with the review form. Everyone: the published results of a
year (PDF) and the alliance's rating history on the alliance page.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from itisa.accounts.actor import acting_user
from itisa.core.exports import Sheet, attachment, xlsx_download
from itisa.core.indicators import indicator
from itisa.rating import selectors, services
from itisa.rating.choices import CAMPAIGN_STAGE, STAGE_VERDICTS, CampaignStatus
from itisa.rating.forms import AdvanceForm, CampaignForm, CopyForm, RatingFilterForm, ReviewForm, SchemeForm
from itisa.rating.models import Campaign, Scheme
from itisa.rating.permissions import can_manage_rating, can_review, can_view_campaign
from itisa.rating.rules import HUNDRED, bands_of, decimal_of
from itisa.rating.workflows import CAMPAIGN_TRANSITIONS, NEXT, OFFICE
from itisa.ui.pages import call_service, confirm_step, login_redirect, paginate, require


def rating_panel(request: HttpRequest, alliance: Any) -> str:
    """On the alliance page: its published ratings, year by year (public, one query)."""
    history = selectors.alliance_history(alliance)
    if not history:
        return ""
    return render_to_string("rating/_panel.html", {"alliance": alliance, "history": history}, request=request)


# schemes ------------------------------------------------------------------------------------------------


def _scheme(year: int) -> Scheme:
    scheme = selectors.scheme_for(year)
    if scheme is None:
        raise Http404(_("No such scheme."))
    return scheme


def _scheme_rows(definition: dict[str, Any]) -> list[dict[str, Any]]:
    """Dimensions with their indicators' names and the weight sums shown beside them."""
    rows = []
    for dim in definition.get("dimensions", []):
        items = [{**i, "indicator": indicator(i["code"])} for i in dim.get("indicators", [])]
        total = sum((decimal_of(i.get("weight")) or 0 for i in items), 0)
        rows.append({**dim, "items": items, "sum": total, "sum_ok": total == HUNDRED})
    return rows


@require_http_methods(["GET"])
@login_redirect
def schemes(request: HttpRequest) -> HttpResponse:
    """Every year's scheme."""
    require(request, can_manage_rating(request.user))
    return render(request, "rating/schemes.html", {"schemes": selectors.schemes()})


@require_http_methods(["GET"])
@login_redirect
def scheme(request: HttpRequest, year: int) -> HttpResponse:
    """A year's scheme: dimensions, indicators, weights (with their sums), scoring, bands and digest."""
    require(request, can_manage_rating(request.user))
    obj = _scheme(year)
    dims = _scheme_rows(obj.definition)
    dim_sum = sum((decimal_of(d.get("weight")) or 0 for d in dims), 0)
    context = {"scheme": obj, "dimensions": dims, "dim_sum": dim_sum, "dim_sum_ok": dim_sum == HUNDRED,
               "bands": bands_of(obj.definition), "campaigns": obj.campaigns.all()}  # fmt: skip
    return render(request, "rating/scheme.html", context)


@require_http_methods(["GET", "POST"])
@login_redirect
def scheme_edit(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """Create a year's scheme, or edit a draft (a scheme in use is fixed)."""
    require(request, can_manage_rating(request.user))
    obj = _scheme(year) if year is not None else None
    if obj is not None and obj.status != "draft":
        messages.error(
            request, _("A campaign uses this scheme: it can no longer be changed. Copy it to a new year.")
        )
        return redirect("rating:scheme", year=obj.year)
    initial = ({"year": obj.year, "title": obj.title, "definition": json.dumps(obj.definition, ensure_ascii=False, indent=2)}
               if obj else {"year": timezone.localdate().year})  # fmt: skip
    form = SchemeForm(request.POST or None, initial=initial, fixed_year=obj is not None)
    if request.method == "POST" and form.is_valid():
        by, d = acting_user(request), form.cleaned_data
        if obj is None:
            done = call_service(form, lambda: services.scheme_create(by=by, year=d["year"], title=d["title"],
                                                                    definition=d["definition"]))  # fmt: skip
        else:
            done = call_service(form, lambda: services.scheme_update(by=by, scheme=obj, title=d["title"],
                                                                    definition=d["definition"]))  # fmt: skip
        if done is not None:
            messages.success(request, _("The %(year)d scheme is saved.") % {"year": done.year})
            return redirect("rating:scheme", year=done.year)
    return render(request, "rating/scheme_form.html", {"form": form, "scheme": obj})


@require_http_methods(["GET", "POST"])
@login_redirect
def scheme_copy(request: HttpRequest, year: int) -> HttpResponse:
    """Copy a scheme to a new year, as a draft to edit before use."""
    require(request, can_manage_rating(request.user))
    source = _scheme(year)
    form = CopyForm(request.POST or None, initial={"year": source.year + 1})
    if request.method == "POST" and form.is_valid():
        done = call_service(form, lambda: services.scheme_copy(by=acting_user(request), source=source,
                                                              year=form.cleaned_data["year"]))  # fmt: skip
        if done is not None:
            messages.success(
                request, _("The %(year)d scheme is copied; edit it before use.") % {"year": done.year}
            )
            return redirect("rating:scheme_edit", year=done.year)
    return render(request, "rating/copy.html", {"form": form, "scheme": source})


# campaigns ----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_redirect
def campaigns(request: HttpRequest) -> HttpResponse:
    """Every campaign, and the form that creates a year's campaign with its review groups."""
    require(request, can_manage_rating(request.user))
    form = CampaignForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        done = call_service(form, lambda: services.campaign_create(by=acting_user(request), year=form.cleaned_data["year"],
                                                                  groups=form.groups()))  # fmt: skip
        if done is not None:
            messages.success(request, _("The %(year)d campaign is created.") % {"year": done.year})
            return redirect("rating:campaign", year=done.year)
    return render(request, "rating/campaigns.html", {"campaigns": selectors.campaigns(), "form": form})


def _campaign(request: HttpRequest, year: int) -> tuple[Campaign, set[int]]:
    obj = selectors.campaign_for(year)
    if obj is None:
        raise Http404(_("No such campaign."))
    groups = services.groups_of(request.user, obj)
    require(request, can_view_campaign(request.user, obj, groups))
    return obj, groups


def _results_sheet(campaign: Campaign) -> Sheet:
    finals = selectors.final_scores(campaign)
    definition = campaign.scheme.definition
    dims = selectors.dimension_names(definition)
    rows = []
    for f in finals.values():
        r = f.rating
        rows.append([r.alliance.code, r.alliance.name_zh, _("yes") if r.rated else _("no"), ", ".join(r.missing),
                     *[r.dimensions.get(c, "") for c in dims], r.total if r.rated else "",
                     *[f.breakdown.dimensions.get(c, "") if r.rated else "" for c in dims],
                     f.breakdown.total if r.rated else "", selectors.band_name(definition, f.band), r.group or ""])  # fmt: skip
    return Sheet(
        name=_("Ratings"),
        title=[[_("Activity rating %(year)d") % {"year": campaign.year}], [campaign.scheme.title, campaign.scheme_sha256]],
        header=[_("Alliance"), _("Name"), _("Rated"), _("Missing indicators"),
                *[_("%(dimension)s (computed)") % {"dimension": n} for n in dims.values()], _("Computed total"),
                *[_("%(dimension)s (final)") % {"dimension": n} for n in dims.values()], _("Final score"), _("Band"),
                _("Group")],
        rows=rows,
    )  # fmt: skip


@require_http_methods(["GET"])
@login_redirect
def campaign(request: HttpRequest, year: int) -> HttpResponse:
    """A campaign: its status and history, the rated and unrated alliances (filters, pages), the next stage;
    ``?format=xlsx`` for the results (the office)."""
    obj, groups = _campaign(request, year)
    office = bool(can_manage_rating(request.user))
    if request.GET.get("format") == "xlsx" and office:
        return xlsx_download(f"rating-{obj.year}.xlsx", [_results_sheet(obj)])
    definition = obj.scheme.definition
    bands = [(b.code, b.name_zh) for b in bands_of(definition)]
    form = RatingFilterForm(request.GET, bands=bands, groups=obj.groups)
    d: dict[str, Any] = (
        form.cleaned_data if form.is_valid() else {"q": "", "rated": "", "band": "", "group": None}
    )
    qs = selectors.campaign_ratings(obj, rated={"yes": True, "no": False}.get(d["rated"]), band=d["band"],
                                    group=d["group"], q=d["q"])  # fmt: skip
    page, query = paginate(request, qs)
    finals = selectors.finals_for(list(page))
    names = dict(bands)
    rows = [{"rating": r, "final": finals[r.pk], "band": names.get(r.band, ""),
             "final_band": names.get(finals[r.pk].band, ""), "mine": r.group in groups} for r in page]  # fmt: skip
    context = {
        "campaign": obj, "form": form, "page": page, "query": query, "rows": rows, "office": office,
        "history": obj.status_changes.select_related("by"), "next": NEXT.get(obj.status),
        **CAMPAIGN_TRANSITIONS.may(obj.status, {OFFICE} if office else set(), advance=NEXT.get(obj.status, "")),
    }  # fmt: skip
    return render(request, "rating/campaign.html", context)


@require_http_methods(["GET", "POST"])
@login_redirect
def campaign_advance(request: HttpRequest, year: int) -> HttpResponse:
    """Move the campaign to its next stage (opening rates the alliances; the last move publishes): confirmed."""
    require(request, can_manage_rating(request.user))
    obj, _groups = _campaign(request, year)
    target = NEXT.get(obj.status)
    if target is None:
        raise Http404(_("A published campaign has no further stage."))
    form = AdvanceForm(request.POST or None)
    done, confirming = confirm_step(request, form, lambda: services.campaign_advance(
        by=acting_user(request), campaign=obj, comment=form.cleaned_data.get("comment") or ""))  # fmt: skip
    if done is not None:
        messages.success(
            request, _("The campaign moved to “%(status)s”.") % {"status": done.get_status_display()}
        )
        return redirect("rating:campaign", year=year)
    label = CampaignStatus(target).label
    warnings: dict[str, Any] = {
        CampaignStatus.FIRST_REVIEW: _("Opening fixes the scheme for good and rates every established or pilot national "
                                       "alliance from its recorded indicator values; incomplete ones are not rated."),
        CampaignStatus.PUBLISHED: _("Publishing writes the final scores, bands and A-level titles for good and shows "
                                    "them to the public."),
    }  # fmt: skip
    context = {"campaign": obj, "form": form, "confirming": confirming or request.method == "GET",
               "title": _("Move the %(year)d campaign to “%(status)s”") % {"year": year, "status": label},
               "warning": warnings.get(target, _("The campaign moves to its next stage; this cannot be undone."))}  # fmt: skip
    return render(request, "rating/confirm.html", context)


@require_http_methods(["GET", "POST"])
@login_redirect
def rating(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """One alliance's score breakdown (computed and final per dimension, the values used), its reviews and
    the review form of the stage for those who may review it."""
    obj, groups = _campaign(request, year)
    row = selectors.rating_of(obj, code)
    if row is None:
        raise Http404(_("No such alliance in the campaign."))
    final = selectors.finals_for([row])[row.pk]
    definition = obj.scheme.definition
    stage = CAMPAIGN_STAGE.get(obj.status)
    may_review = bool(stage and can_review(request.user, row, stage, groups))
    dims = selectors.dimension_names(definition)
    form = None
    if may_review and stage:
        form = ReviewForm(request.POST or None, verdicts=STAGE_VERDICTS[stage], dimensions=dims)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            done = call_service(form, lambda: services.review_record(
                by=acting_user(request), rating=row, verdict=d["verdict"], dimension=d["dimension"] or "",
                score=d["score"] or None, reason=d["reason"] or ""))  # fmt: skip
            if done is not None:
                messages.success(request, _("The review is recorded."))
                return redirect("rating:rating", year=year, code=code)
    elif request.method == "POST":
        require(request, can_review(request.user, row, stage or "", groups))
    breakdown = [
        {"code": d["code"], "name": dims[d["code"]], "weight": d["weight"], "computed": row.dimensions.get(d["code"]),
         "final": final.breakdown.dimensions.get(d["code"]),
         "items": [{**i, "indicator": indicator(i["code"]), "value": row.values.get(i["code"])} for i in d["indicators"]]}
        for d in definition["dimensions"]
    ]  # fmt: skip
    context = {"campaign": obj, "row": row, "final": final, "breakdown": breakdown, "form": form,
               "band_name": selectors.band_name(definition, row.band),
               "final_band_name": selectors.band_name(definition, final.band), "dims": dims}  # fmt: skip
    return render(request, "rating/rating.html", context, status=400 if request.method == "POST" else 200)


# public results -----------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def results_index(request: HttpRequest) -> HttpResponse:
    """The published years; the newest year's results."""
    years = selectors.published_years()
    return render(request, "rating/results_index.html", {"years": years})


@require_http_methods(["GET"])
def results(request: HttpRequest, year: int) -> HttpResponse:
    """A year's published results: the alliances by band, the A级 titles, the alliances not rated (no
    scores); ``?format=pdf`` for the published list."""
    obj = selectors.published_campaign(year)
    if obj is None:
        raise Http404(_("No results are published for this year."))
    context = {"campaign": obj, "by_band": selectors.results_by_band(obj),
               "unrated": [o for o in selectors.results(obj) if not o.rated], "titles": selectors.titles(year),
               "years": selectors.published_years()}  # fmt: skip
    if request.GET.get("format") == "pdf":
        from django.utils import translation

        from itisa.core.pdf import font_uris, html_to_pdf

        with translation.override("zh-hans"):
            html = render_to_string("rating/results_pdf.html", {**context, "fonts": font_uris()})
        return attachment(html_to_pdf(html), "application/pdf", f"rating-{year}.pdf")
    return render(request, "rating/results.html", context)
