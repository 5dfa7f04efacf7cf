"""Writes of the reviews: the first review by a group adjusts dimension scores with written reasons, the
cross review by the next group confirms or disputes, the plenary (recorded by the national office) fixes
the final score of a disputed rating. Every act is a new write-once row; the final score is derived."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import DomainError, PermissionDenied
from itisa.core.values import is_blank, strip_text
from itisa.pilots.models import Expert
from itisa.pilots.selectors import expert_conflicts
from itisa.rating import actions
from itisa.rating.choices import CAMPAIGN_STAGE, STAGE_VERDICTS, Stage, Verdict
from itisa.rating.models import Campaign, Rating, Review, Reviewer
from itisa.rating.permissions import can_review
from itisa.rating.rules import HUNDRED, ZERO, decimal_of, quantise


def groups_of(user: Any, campaign: Campaign) -> set[int]:
    """The review groups of ``user`` in the campaign (as an expert of the pool)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Reviewer.objects.filter(campaign=campaign, expert__user=user).values_list("group", flat=True))


def _score(errors: dict[str, list[str]], raw: Any) -> Decimal | None:
    value = decimal_of(raw) if raw not in (None, "") else None
    if value is None or not ZERO <= value <= HUNDRED or value != quantise(value):
        errors["score"] = [_("Give a score from 0 to 100 with at most two decimals.")]
        return None
    return value


def review_record(
    *, by: Any, rating: Rating, verdict: str, reason: str = "", dimension: str = "", score: Any = None,
    now: dt.datetime | None = None,
) -> Review:  # fmt: skip
    """Record one review act on a rating at the campaign's current stage."""
    now = now or timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().select_related("scheme").get(pk=rating.campaign_id)
        obj = Rating.objects.select_related("alliance").get(pk=rating.pk)
        obj.campaign = campaign
        stage = CAMPAIGN_STAGE.get(campaign.status)
        if stage is None:
            raise DomainError(_("The campaign is not in a review stage."))
        decision = can_review(by, obj, stage, groups_of(by, campaign))
        if not decision:
            raise PermissionDenied(decision.reason)
        expert = None
        if stage != Stage.PLENARY:
            expert = Expert.objects.select_related("organisation").get(user=by)
            conflicts = expert_conflicts(expert, obj.alliance)
            if conflicts:
                raise PermissionDenied(
                    _("You have a conflict of interest: %(why)s") % {"why": "; ".join(conflicts)}
                )
        errors: dict[str, list[str]] = {}
        value = None
        if verdict not in STAGE_VERDICTS[stage]:
            errors["verdict"] = [_("Not a verdict of this stage.")]
        elif verdict == Verdict.ADJUST:
            codes = [d["code"] for d in campaign.scheme.definition["dimensions"]]
            if dimension not in codes:
                errors["dimension"] = [_("Choose a dimension of the scheme.")]
            value = _score(errors, score)
        elif verdict == Verdict.DECIDE:
            latest = obj.reviews.filter(stage=Stage.CROSS).order_by("-at", "-pk").first()
            if latest is None or latest.verdict != Verdict.DISPUTE:
                errors["verdict"] = [_("The plenary decides disputed ratings only.")]
            value = _score(errors, score)
        if verdict != Verdict.CONFIRM and is_blank(reason):
            errors["reason"] = [_("Write the reason.")]
        if errors:
            raise DomainError(_("Please correct the errors below."), fields=errors)
        row = Review.objects.create(
            rating=obj, stage=stage, verdict=verdict, dimension=dimension if verdict == Verdict.ADJUST else "",
            score=value, reason=strip_text(reason), expert=expert, by=by, at=now,
        )  # fmt: skip
        log_action(campaign, actions.REVIEW_RECORDED, by=by, sealed=[row], data={
            "alliance": obj.alliance.code, "stage": stage, "verdict": verdict, "dimension": row.dimension,
            "score": str(value) if value is not None else None, "reason": row.reason,
        })  # fmt: skip
        return row
