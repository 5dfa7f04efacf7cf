"""Reads of the activity rating: schemes, a campaign's ratings with their derived final scores, published
results, titles and an alliance's history; ``band_distribution`` and ``ratings_for`` for the dashboards.
Query counts do not grow with the number of alliances."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from itisa.rating.choices import CampaignStatus, Stage, Verdict
from itisa.rating.models import Campaign, Outcome, Rating, Review, Scheme
from itisa.rating.rules import Band, Breakdown, bands_of, final_breakdown


def schemes() -> QuerySet[Scheme]:
    return Scheme.objects.select_related("copied_from").order_by("-year")


def scheme_for(year: int) -> Scheme | None:
    return Scheme.objects.filter(year=year).first()


def campaign_for(year: int) -> Campaign | None:
    return Campaign.objects.select_related("scheme").filter(year=year).first()


def campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("scheme").order_by("-year")


def band_name(definition: dict[str, Any], code: str) -> str:
    """A band's name in the page's language ('' for none)."""
    for band in bands_of(definition):
        if band.code == code:
            return band.name_en if (get_language() or "").startswith("en") and band.name_en else band.name_zh
    return ""


def dimension_names(definition: dict[str, Any]) -> dict[str, str]:
    en = (get_language() or "").startswith("en")
    return {
        d["code"]: (d.get("name_en") if en and d.get("name_en") else d["name_zh"])
        for d in definition["dimensions"]
    }


@dataclass(frozen=True)
class Final:
    """A rating with its reviews and the derived final scores."""

    rating: Rating
    reviews: list[Review]
    breakdown: Breakdown
    disputed: bool  # the latest cross-review verdict disputes the rating
    confirmed: bool
    decision: Decimal | None  # the plenary's final score

    @property
    def band(self) -> str:
        from itisa.rating.rules import band_for

        return (
            band_for(self.rating.campaign.scheme.definition, self.breakdown.total)
            if self.rating.rated
            else ""
        )


def derive(rating: Rating, reviews: list[Review]) -> Final:
    """The final scores of one rating from its computed scores and its review rows (in order)."""
    definition = rating.campaign.scheme.definition
    if not rating.rated:
        return Final(rating, reviews, Breakdown({}, Decimal(0)), False, False, None)
    computed = {c: Decimal(v) for c, v in rating.dimensions.items()}
    adjustments = [
        (r.dimension, r.score) for r in reviews if r.verdict == Verdict.ADJUST and r.score is not None
    ]
    cross = [r for r in reviews if r.stage == Stage.CROSS]
    decisions = [r.score for r in reviews if r.verdict == Verdict.DECIDE]
    decision = decisions[-1] if decisions else None
    disputed = bool(cross) and cross[-1].verdict == Verdict.DISPUTE
    confirmed = bool(cross) and cross[-1].verdict == Verdict.CONFIRM
    return Final(rating, reviews, final_breakdown(definition, computed, adjustments, decision), disputed,
                 confirmed, decision)  # fmt: skip


def _ratings(campaign: Campaign) -> QuerySet[Rating]:
    return Rating.objects.filter(campaign=campaign).select_related("alliance", "campaign__scheme")


def final_scores(campaign: Campaign) -> dict[int, Final]:
    """Every rating of the campaign with its derived final scores, by alliance id (two queries)."""
    finals = finals_for(list(_ratings(campaign).order_by("alliance__code")))
    return {f.rating.alliance_id: f for f in finals.values()}


def campaign_ratings(
    campaign: Campaign, *, rated: bool | None = None, band: str = "", group: int | None = None, q: str = ""
) -> QuerySet[Rating]:
    """The campaign's ratings, filtered: rated or not, computed band, first-review group, alliance code/name."""
    qs = _ratings(campaign).order_by("alliance__code")
    if rated is not None:
        qs = qs.filter(rated=rated)
    if band:
        qs = qs.filter(band=band)
    if group is not None:
        qs = qs.filter(group=group)
    if q:
        qs = qs.filter(
            Q(alliance__code__icontains=q)
            | Q(alliance__name_zh__icontains=q)
            | Q(alliance__name_en__icontains=q)
        )
    return qs


def finals_for(ratings: list[Rating]) -> dict[int, Final]:
    """The derived final scores of a page of ratings (one query for their reviews)."""
    reviews: dict[int, list[Review]] = {}
    for review in (
        Review.objects.filter(rating__in=[r.pk for r in ratings])
        .select_related("expert", "by")
        .order_by("at", "pk")
    ):
        reviews.setdefault(review.rating_id, []).append(review)
    return {r.pk: derive(r, reviews.get(r.pk, [])) for r in ratings}


def rating_of(campaign: Campaign, code: str) -> Rating | None:
    return _ratings(campaign).filter(alliance__code=code).first()


def published_campaign(year: int) -> Campaign | None:
    return (
        Campaign.objects.select_related("scheme").filter(year=year, status=CampaignStatus.PUBLISHED).first()
    )


def published_years() -> list[int]:
    return list(
        Campaign.objects.filter(status=CampaignStatus.PUBLISHED)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def results(campaign: Campaign) -> QuerySet[Outcome]:
    """The published outcomes of a campaign: rated ones by score (highest first), then the unrated."""
    return (
        Outcome.objects.filter(campaign=campaign)
        .select_related("alliance")
        .order_by("-rated", "-total", "alliance__code")
    )


def results_by_band(campaign: Campaign) -> list[tuple[Band, list[Outcome]]]:
    """The public list: each band of the scheme (highest first) with its alliances; the unrated apart."""
    rows = list(results(campaign))
    return [
        (b, [o for o in rows if o.rated and o.band == b.code]) for b in bands_of(campaign.scheme.definition)
    ]


def titles(year: int) -> QuerySet[Outcome]:
    """Alliances holding the title "A级活跃度" for ``year``."""
    return Outcome.objects.filter(year=year, title=True).select_related("alliance").order_by("alliance__code")


def alliance_history(alliance: Any) -> list[tuple[Outcome, str]]:
    """The alliance's published outcomes, newest first, with the band's name (one query)."""
    rows = Outcome.objects.filter(alliance=alliance).select_related("campaign__scheme").order_by("-year")
    return [(o, band_name(o.campaign.scheme.definition, o.band)) for o in rows]


@dataclass(frozen=True)
class RatingRow:
    alliance_id: int
    year: int
    rated: bool
    total: Decimal | None
    band: str
    band_name: str
    title: bool


def ratings_for(year: int, alliances_qs: QuerySet[Any]) -> dict[int, RatingRow]:
    """The published rating of each alliance of ``alliances_qs`` for ``year`` (one query), by alliance id."""
    rows = Outcome.objects.filter(
        year=year, campaign__status=CampaignStatus.PUBLISHED, alliance_id__in=alliances_qs.values("pk")
    ).select_related("campaign__scheme")
    return {
        o.alliance_id: RatingRow(
            o.alliance_id,
            o.year,
            o.rated,
            o.total,
            o.band,
            band_name(o.campaign.scheme.definition, o.band),
            o.title,
        )  # fmt: skip
        for o in rows
    }


def band_distribution(year: int, alliances_qs: QuerySet[Any]) -> list[tuple[str, str, int]]:
    """How many of ``alliances_qs`` fall in each band of the year's published campaign, highest band first,
    then "" (not rated): ``[(code, name, count)]``; empty when the year has no published campaign (two queries)."""
    campaign = published_campaign(year)
    if campaign is None:
        return []
    counts = Counter(
        Outcome.objects.filter(campaign=campaign, alliance_id__in=alliances_qs.values("pk")).values_list(
            "band", flat=True
        )
    )
    definition = campaign.scheme.definition
    out = [(b.code, band_name(definition, b.code), counts.get(b.code, 0)) for b in bands_of(definition)]
    return [*out, ("", "", counts.get("", 0))]
