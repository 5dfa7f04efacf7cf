"""Writes of the rating campaigns: create a year's campaign with its review groups, open it (the alliances
in scope are rated from their recorded indicator values, or recorded as not rated for incomplete data; the
scheme is fixed), move it through its stages, publish it (the final scores, bands and A级 titles)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import move, record
from itisa.core.errors import DomainError, PermissionDenied
from itisa.indicators.selectors import current_values, missing_codes
from itisa.pilots.models import Expert
from itisa.rating import actions
from itisa.rating.choices import CampaignStatus as C
from itisa.rating.choices import SchemeStatus, Stage
from itisa.rating.models import Campaign, CampaignStatusChange, Outcome, Rating, Reviewer, Scheme
from itisa.rating.permissions import can_manage_rating
from itisa.rating.rules import band_for, digest, indicator_codes, score, title_years, top_band
from itisa.rating.workflows import CAMPAIGN_TRANSITIONS, NEXT, OFFICE
from itisa.registry.choices import AllianceScope, AllianceStatus
from itisa.registry.models import Alliance


def _actors(by: Any) -> set[str]:
    decision = can_manage_rating(by)
    if not decision:
        raise PermissionDenied(decision.reason)
    return {OFFICE}


def alliances_in_scope() -> Any:
    """A national campaign rates the national alliances that are established or pilots."""
    return Alliance.objects.filter(
        scope=AllianceScope.NATIONAL, status__in=[AllianceStatus.ESTABLISHED, AllianceStatus.PILOT]
    ).order_by("code")


def campaign_create(
    *, by: Any, year: int, groups: Sequence[Sequence[Expert]] = (), now: dt.datetime | None = None
) -> Campaign:
    """Create the year's campaign (a draft) with the year's scheme and its review groups of experts from the
    pilot program's pool (each expert in one group; two groups or more for a cross review)."""
    now = now or timezone.now()
    actors = _actors(by)
    with transaction.atomic():
        errors: dict[str, list[str]] = {}
        scheme = Scheme.objects.select_for_update().filter(year=year).first()
        if scheme is None:
            errors["year"] = [_("The year has no rating scheme yet: create or copy one first.")]
        elif Campaign.objects.filter(year=year).exists():
            errors["year"] = [_("The year already has its campaign.")]
        experts = [e for group in groups for e in group]
        if len({e.pk for e in experts}) != len(experts):
            errors["groups"] = [_("An expert sits in one group only.")]
        elif any(not e.active or e.user_id is None for e in experts):
            errors["groups"] = [_("Choose experts of the pool who have an account.")]
        elif any(not group for group in groups):
            errors["groups"] = [_("A group has at least one expert.")]
        if errors or scheme is None:
            raise DomainError(_("Please correct the errors below."), fields=errors)
        campaign = Campaign(year=year, scheme=scheme, groups=len(groups), created_at=now)
        campaign.full_clean()
        campaign.save()
        reviewers = Reviewer.objects.bulk_create(
            [
                Reviewer(campaign=campaign, expert=e, group=n)
                for n, group in enumerate(groups, 1)
                for e in group
            ]
        )
        history = record(CampaignStatusChange, campaign, "", C.DRAFT, by=by, at=now)
        log_action(campaign, actions.CAMPAIGN_CREATED, by=by, sealed=[history, *reviewers], data={
            "year": year, "scheme": scheme.pk, "groups": [[e.pk for e in g] for g in groups],
            "actors": sorted(actors),
        })  # fmt: skip
        return campaign


def _rate(campaign: Campaign, scheme: Scheme) -> list[Rating]:
    """Rate every alliance in scope from its current indicator values of the campaign's year."""
    definition = scheme.definition
    codes = indicator_codes(definition)
    ids = list(alliances_in_scope().values_list("pk", flat=True))
    missing = missing_codes(campaign.year, ids, codes)
    values = current_values(campaign.year, ids, codes)
    rows, position = [], 0
    for aid in ids:
        if missing[aid]:
            rows.append(Rating(campaign=campaign, alliance_id=aid, rated=False, missing=missing[aid]))
            continue
        used = {c: values[aid][c].value for c in codes}
        breakdown = score(definition, used)
        group = position % campaign.groups + 1 if campaign.groups else None
        position += 1
        rows.append(Rating(
            campaign=campaign, alliance_id=aid, rated=True, values={c: str(v) for c, v in used.items()},
            dimensions={c: str(v) for c, v in breakdown.dimensions.items()}, total=breakdown.total,
            band=band_for(definition, breakdown.total), group=group,
        ))  # fmt: skip
    return Rating.objects.bulk_create(rows)


def campaign_advance(
    *, by: Any, campaign: Campaign, comment: str = "", now: dt.datetime | None = None
) -> Campaign:
    """Move the campaign to its next stage. Opening (draft → first review) fixes the scheme and rates the
    alliances in scope; the plenary is reached once every rated alliance was cross-reviewed (with two
    groups or more); publishing needs a plenary decision for every disputed rating and writes the outcomes."""
    now = now or timezone.now()
    actors = _actors(by)
    with transaction.atomic():
        obj = Campaign.objects.select_for_update().select_related("scheme").get(pk=campaign.pk)
        target = NEXT.get(obj.status)
        if target is None:
            raise DomainError(_("A published campaign has no further stage."))
        sealed: list[Any] = []
        data: dict[str, Any] = {"from": obj.status, "to": target, "comment": comment}
        fields: list[str] = []
        if target == C.FIRST_REVIEW:
            data.update(_open(obj, now))
            sealed = list(obj.ratings.all())
            fields = ["opened_at", "scheme_sha256"]
        elif target == C.PLENARY:
            _check_cross_reviewed(obj)
        elif target == C.PUBLISHED:
            outcomes = _publish(obj)
            sealed = outcomes
            obj.published_at = now
            fields = ["published_at"]
            data["outcomes"] = len(outcomes)
        move(obj, target, by=by, actors=actors, table=CAMPAIGN_TRANSITIONS, history=CampaignStatusChange,
             action=actions.CAMPAIGN_MOVED, comment=comment, fields=fields, at=now, data=data,
             sealed=sealed)  # fmt: skip
        return obj


def _open(obj: Campaign, now: dt.datetime) -> dict[str, Any]:
    if obj.year > timezone.localdate(now).year:
        raise DomainError(_("A campaign rates a year that has begun."))
    scheme = Scheme.objects.select_for_update().get(pk=obj.scheme_id)
    if scheme.sha256 != digest(scheme.definition):
        raise DomainError(_("The scheme's definition does not match its digest."))
    if scheme.status == SchemeStatus.DRAFT:
        scheme.status = SchemeStatus.IN_USE
        scheme.updated_at = now
        scheme.save(update_fields=["status", "updated_at"])
    obj.scheme = scheme
    obj.opened_at, obj.scheme_sha256 = now, scheme.sha256
    ratings = _rate(obj, scheme)
    return {
        "scheme_sha256": scheme.sha256,
        "rated": {r.alliance_id: str(r.total) for r in ratings if r.rated},
        "not_rated": {r.alliance_id: r.missing for r in ratings if not r.rated},
    }


def _check_cross_reviewed(obj: Campaign) -> None:
    if obj.groups < 2:
        return
    pending = (
        Rating.objects.filter(campaign=obj, rated=True)
        .exclude(reviews__stage=Stage.CROSS)
        .values_list("alliance__code", flat=True)
    )
    if pending:
        raise DomainError(
            _("Every rated alliance needs its cross review first: %(codes)s") % {"codes": ", ".join(pending)}
        )


def _publish(obj: Campaign) -> list[Outcome]:
    from itisa.rating.selectors import final_scores

    finals = final_scores(obj)
    undecided = [f.rating.alliance.code for f in finals.values() if f.disputed and f.decision is None]
    if undecided:
        raise DomainError(
            _("The plenary has not decided the disputed ratings: %(codes)s") % {"codes": ", ".join(undecided)}
        )
    definition = obj.scheme.definition
    top = top_band(definition)
    history: dict[int, dict[int, bool]] = {}
    for alliance_id, year, was_top in Outcome.objects.filter(
        alliance_id__in=list(finals), rated=True, year__in=[obj.year - 1, obj.year - 2]
    ).values_list("alliance_id", "year", "top"):
        history.setdefault(alliance_id, {})[year] = was_top
    rows = []
    for aid, final in finals.items():
        if not final.rating.rated:
            rows.append(Outcome(campaign=obj, alliance_id=aid, year=obj.year, rated=False))
            continue
        band = band_for(definition, final.breakdown.total)
        years = {**history.get(aid, {}), obj.year: band == top}
        rows.append(Outcome(campaign=obj, alliance_id=aid, year=obj.year, rated=True, total=final.breakdown.total,
                            band=band, top=band == top, title=obj.year in title_years(years)))  # fmt: skip
    return Outcome.objects.bulk_create(rows)
