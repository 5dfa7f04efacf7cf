"""Campaigns: the national office opens one with the pilots it covers, adds pilots, and publishes the grades,
which take effect then: a B pilot's rectification opens, a C pilot leaves pilot status (国科办政〔2012〕47号)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.audit.workflows import record
from itisa.core.errors import Conflict, DomainError, full_clean
from itisa.core.formats import day
from itisa.evaluation import actions, rules
from itisa.evaluation.choices import UNDECIDED, CampaignStatus, EvaluationStatus, Grade
from itisa.evaluation.models import (
    Campaign,
    Evaluation,
    EvaluationStatusChange,
    Rectification,
    RectificationStatusChange,
)
from itisa.evaluation.permissions import can_manage_evaluation
from itisa.evaluation.services._common import require, secretaries, step
from itisa.evaluation.services.inputs import CampaignInput
from itisa.notifications.services import link, notify
from itisa.pilots.choices import ApplicationStatus, Outcome
from itisa.pilots.models import Application
from itisa.registry.choices import AllianceStatus
from itisa.registry.services import alliance_change_status

if TYPE_CHECKING:
    from itisa.accounts.models import User

STEPS = ("self_evaluation_due", "verification_due", "panel_due", "comments_due", "decision_due")


def campaign_open(
    *, by: User, data: CampaignInput, applications: Sequence[Application] = (),
    now: dt.datetime | None = None, is_demo: bool = False,
) -> Campaign:  # fmt: skip
    """Open a campaign with a deadline per step and an evaluation for each pilot chosen (``evaluation_open``)."""
    require(can_manage_evaluation(by))
    errors: dict[str, list[str]] = {}
    if not data.title_zh:
        errors["title_zh"] = [_("This field is required.")]
    if data.ends_on < data.opens_on:
        errors["ends_on"] = [_("The campaign ends after it opens.")]
    else:
        for name in rules.deadlines_in_order(
            data.opens_on, data.ends_on, [(s, getattr(data, s)) for s in STEPS]
        ):
            errors[name] = [_("Each step's deadline falls within the campaign and after the one before.")]
    if not 1 <= data.rectification_months <= 36:
        errors["rectification_months"] = [_("Give a number of months from 1 to 36.")]
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    with transaction.atomic():
        campaign = Campaign(**data.model_dump(), opened_by=by, is_demo=is_demo)
        full_clean(campaign)
        campaign.save()
        log_action(campaign, actions.CAMPAIGN_OPENED, by=by, data={
            "title_zh": campaign.title_zh, "year": campaign.year, "opens_on": campaign.opens_on.isoformat(),
            "ends_on": campaign.ends_on.isoformat(),
            **{s: getattr(campaign, s).isoformat() for s in STEPS},
            "rectification_months": campaign.rectification_months,
        })  # fmt: skip
        for application in applications:
            evaluation_open(by=by, campaign=campaign, application=application, now=now)
    return campaign


def evaluation_open(
    *, by: User, campaign: Campaign, application: Application, now: dt.datetime | None = None
) -> Evaluation:
    """Put a published pilot whose period has ended, or ends within the campaign, into the campaign; the
    secretariat is asked for its self-evaluation. Once per pilot selection."""
    require(can_manage_evaluation(by))
    now = now or timezone.now()
    with transaction.atomic():
        locked_campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked_campaign.status != CampaignStatus.OPEN:
            raise Conflict(_("The campaign is published; it takes no more pilots."))
        app = Application.objects.select_related("alliance").get(pk=application.pk)
        if app.status != ApplicationStatus.PUBLISHED or app.outcome != Outcome.PILOT:
            raise DomainError(
                _("%(alliance)s was not selected as a pilot by a published list.")
                % {"alliance": app.alliance.code},
                fields={"application": [_("Not a published pilot.")]},
            )
        if not rules.covers(app.pilot_until, locked_campaign.ends_on):
            raise DomainError(
                _("The pilot period of %(alliance)s runs to %(until)s, after the campaign ends.")
                % {"alliance": app.alliance.code, "until": day(app.pilot_until)},
                fields={"application": [_("The pilot period has not ended.")]},
            )
        evaluation = Evaluation(campaign=locked_campaign, application=app, alliance=app.alliance)
        try:
            with transaction.atomic():
                evaluation.save()
        except IntegrityError as exc:
            raise Conflict(
                _("%(alliance)s is already evaluated for this pilot period.")
                % {"alliance": app.alliance.code},
                fields={"application": [_("Already evaluated.")]},
            ) from exc
        row = record(EvaluationStatusChange, evaluation, "", EvaluationStatus.SELF_EVALUATION, by=by, at=now)
        log_action(evaluation, actions.EVALUATION_OPENED, by=by, sealed=[row], data={
            "campaign": locked_campaign.pk, "alliance": app.alliance.code, "application": app.pk,
            "pilot_from": app.pilot_from.isoformat() if app.pilot_from else None,
            "pilot_until": app.pilot_until.isoformat() if app.pilot_until else None,
        })  # fmt: skip
        notify(
            recipients=secretaries(app.alliance_id),
            kind="evaluation.opened",
            subject=lambda: (
                _("Please submit the self-evaluation of %(alliance)s by %(due)s")
                % {"alliance": app.alliance.code, "due": day(locked_campaign.self_evaluation_due)}
            ),
            body=lambda: (
                _("The national office evaluates your pilot alliance in the campaign “%(title)s”.")
                % {"title": locked_campaign.title_zh}
            ),
            url=link("evaluation:evaluation", evaluation.pk),
            alliance=app.alliance,
            by=by,
        )
    return evaluation


def campaign_publish(*, by: User, campaign: Campaign, now: dt.datetime | None = None) -> Campaign:
    """Publish the grades: every evaluation must be decided. A B pilot's rectification opens with its deadline
    (the campaign's months from today); a C pilot leaves pilot status through the registry's status service
    (国科办政〔2012〕47号: 淘汰), with the reason in its history."""
    require(can_manage_evaluation(by))
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        obj = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if obj.status != CampaignStatus.OPEN:
            raise Conflict(_("The grades of this campaign are published already."))
        evaluations = list(
            Evaluation.objects.select_for_update(of=("self",)).filter(campaign=obj)
            .select_related("alliance", "campaign").order_by("alliance__code", "pk")
        )  # fmt: skip
        pending = [e.alliance.code for e in evaluations if e.status in UNDECIDED]
        if pending:
            raise Conflict(
                _("Approve every grade first; still under evaluation: %(alliances)s.")
                % {"alliances": ", ".join(pending)}
            )
        if not evaluations:
            raise Conflict(_("The campaign covers no pilot yet."))
        counts = {g.value: 0 for g in Grade}
        for evaluation in evaluations:
            counts[evaluation.grade] += 1
            step(evaluation, EvaluationStatus.PUBLISHED, by=by, system=True, now=now,
                 comment=evaluation.get_grade_display())  # fmt: skip
            _consequence(evaluation, by=by, today=today, now=now)
        obj.status = CampaignStatus.PUBLISHED
        obj.published_at = now
        obj.save(update_fields=["status", "published_at", "updated_at"])
        log_action(obj, actions.CAMPAIGN_PUBLISHED, by=by, data={"grades": counts})
        notify(
            recipients=[u for e in evaluations for u in secretaries(e.alliance_id)],
            kind="evaluation.published",
            subject=lambda: _("The grades of “%(title)s” are published") % {"title": obj.title_zh},
            body="",
            url=link("evaluation:published", obj.pk),
            by=by,
        )
    return obj


def _consequence(evaluation: Evaluation, *, by: Any, today: dt.date, now: dt.datetime) -> None:
    what = rules.consequence(evaluation.grade)
    if what == rules.RECTIFY:
        deadline = rules.rectification_deadline(today, evaluation.campaign.rectification_months)
        rect = Rectification(evaluation=evaluation, alliance=evaluation.alliance, deadline=deadline)
        rect.save()
        row = record(RectificationStatusChange, rect, "", rect.status, by=by, at=now)
        log_action(rect, actions.RECTIFICATION_MOVED, by=by, sealed=[row], data={
            "from": "", "to": rect.status, "alliance": evaluation.alliance.code, "deadline": deadline.isoformat(),
        })  # fmt: skip
        notify(
            recipients=secretaries(evaluation.alliance_id),
            kind="evaluation.rectification.opened",
            subject=lambda: (
                _("Graded B: submit the rectification plan of %(alliance)s by %(deadline)s")
                % {"alliance": evaluation.alliance.code, "deadline": day(deadline)}
            ),
            body=lambda: evaluation.grade_reasons,
            url=link("evaluation:rectification", rect.pk),
            alliance=evaluation.alliance,
            by=by,
        )
    elif what == rules.ELIMINATE and evaluation.alliance.status == AllianceStatus.PILOT:
        from itisa.pilots.services._common import zh

        alliance_change_status(
            by=by,
            alliance=evaluation.alliance,
            new_status=AllianceStatus.ESTABLISHED,
            comment=zh(lambda: _("Graded C in the evaluation “%(title)s” (%(ref)s): no longer a pilot. %(reasons)s")
                       % {"title": evaluation.campaign.title_zh, "ref": rules.REFERENCE,
                          "reasons": evaluation.grade_reasons}),
        )  # fmt: skip


__all__ = ["campaign_open", "campaign_publish", "evaluation_open"]
