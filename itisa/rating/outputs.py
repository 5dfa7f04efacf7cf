"""Plain-data views of schemes, campaigns, results and titles: what the API answers and the CLI prints
with ``--json`` (one shape for both)."""

from __future__ import annotations

from typing import Any

from itisa.rating import selectors
from itisa.rating.models import Campaign, Scheme


def scheme_data(scheme: Scheme, *, definition: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "year": scheme.year, "title": scheme.title, "status": scheme.status, "sha256": scheme.sha256,
        "copied_from": scheme.copied_from.year if scheme.copied_from_id and scheme.copied_from else None,
    }  # fmt: skip
    if definition:
        out["definition"] = scheme.definition
    return out


def campaign_data(campaign: Campaign) -> dict[str, Any]:
    """The campaign with every rating's computed and derived final scores."""
    definition = campaign.scheme.definition
    ratings = []
    for f in selectors.final_scores(campaign).values():
        r = f.rating
        ratings.append({
            "alliance": r.alliance.code, "rated": r.rated, "missing": r.missing, "group": r.group,
            "computed": {"dimensions": r.dimensions, "total": r.total, "band": r.band},
            "final": {"dimensions": {k: str(v) for k, v in f.breakdown.dimensions.items()},
                      "total": f.breakdown.total, "band": f.band} if r.rated else None,
            "disputed": f.disputed, "decided": f.decision is not None,
            "band_name": selectors.band_name(definition, f.band),
        })  # fmt: skip
    return {"year": campaign.year, "status": campaign.status, "scheme": campaign.scheme.year,
            "scheme_sha256": campaign.scheme_sha256, "groups": campaign.groups, "ratings": ratings}  # fmt: skip


def results_data(campaign: Campaign) -> dict[str, Any]:
    """The published list: rated alliances with their final score and band, the unrated without scores."""
    definition = campaign.scheme.definition
    rows = [
        {"alliance": o.alliance.code, "name_zh": o.alliance.name_zh, "rated": o.rated,
         "total": o.total if o.rated else None, "band": o.band, "band_name": selectors.band_name(definition, o.band),
         "title": o.title}
        for o in selectors.results(campaign)
    ]  # fmt: skip
    return {"year": campaign.year, "scheme_sha256": campaign.scheme_sha256, "results": rows}


def titles_data(year: int) -> list[dict[str, Any]]:
    return [
        {"alliance": o.alliance.code, "name_zh": o.alliance.name_zh, "year": o.year}
        for o in selectors.titles(year)
    ]
