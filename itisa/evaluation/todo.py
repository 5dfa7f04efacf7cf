"""Evaluation duties in the to-do list (待办), in at most five queries (国科办政〔2012〕47号):
- the national office: evaluate each published pilot whose period ended (``pilots_past_period``) and that no
  campaign evaluates yet; and the evaluations waiting for its step (verification, re-check, panel, decision);
- the secretariat: write its self-evaluation; submit its rectification plan;
- an expert: grade the pilots on its panels."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.evaluation.choices import EvaluationStatus as E
from itisa.evaluation.choices import RectificationStatus as R
from itisa.evaluation.models import Evaluation, PanelAssignment, Rectification
from itisa.evaluation.selectors import settle_rectifications
from itisa.notifications.todo import Todo, todo_kind
from itisa.pilots.models import Application
from itisa.pilots.services.periods import pilots_past_period

EVALUATE = todo_kind("evaluation.pilot.evaluate", _("Evaluate pilot"), _("Pilots to evaluate"))
OFFICE_STEP = todo_kind(
    "evaluation.step.office",
    _("Take the next step of the evaluation of"),
    _("Evaluations waiting for the office"),
)
SELF_EVALUATE = todo_kind(
    "evaluation.self_evaluation.write", _("Write the self-evaluation of"), _("Self-evaluations to write")
)
GRADE = todo_kind("evaluation.panel.grade", _("Grade pilot"), _("Pilots to grade"))
RECTIFY = todo_kind(
    "evaluation.rectification.plan", _("Submit the rectification plan of"), _("Rectification plans to submit")
)
OFFICE_STEPS = (E.VERIFICATION, E.ELIGIBILITY, E.EXPERT_PANEL, E.COMMENTS)
DUE_FIELD: dict[str, str] = {E.VERIFICATION: "verification_due", E.ELIGIBILITY: "panel_due", E.EXPERT_PANEL: "panel_due",
             E.COMMENTS: "decision_due"}  # fmt: skip


def _office(now: dt.datetime) -> list[Todo]:
    today = timezone.localdate(now)
    items = [
        Todo(kind=EVALUATE, ref=f"evaluation:pilot:{a.pk}", subject=a.alliance.code,
             detail=_("Pilot period %(start)s – %(end)s") % {"start": a.pilot_from, "end": a.pilot_until},
             url=reverse("evaluation:campaigns"), alliance=a.alliance.code, due=a.pilot_until)
        for a in Application.objects.filter(pilots_past_period(today), evaluation__isnull=True)
        .select_related("alliance").order_by("pilot_until", "pk")
    ]  # fmt: skip
    items += [
        Todo(kind=OFFICE_STEP, ref=f"evaluation:{e.pk}:{e.status}", subject=e.alliance.code,
             detail=str(e.get_status_display()), url=reverse("evaluation:evaluation", args=[e.pk]),
             alliance=e.alliance.code, due=getattr(e.campaign, DUE_FIELD[e.status]))
        for e in Evaluation.objects.filter(status__in=OFFICE_STEPS).select_related("alliance", "campaign")
        .order_by("pk")
    ]  # fmt: skip
    return items


def todos(user: Any, now: dt.datetime) -> list[Todo]:
    s = role_summary(user)
    if not s.authenticated:
        return []
    items = _office(now) if s.national else []
    alliances = s.alliances_with(Role.SECRETARIAT)
    if alliances:
        items += [
            Todo(kind=SELF_EVALUATE, ref=f"evaluation:{e.pk}:self", subject=e.alliance.code,
                 url=reverse("evaluation:self_evaluation", args=[e.pk]), alliance=e.alliance.code,
                 due=e.campaign.self_evaluation_due)
            for e in Evaluation.objects.filter(alliance_id__in=alliances, status=E.SELF_EVALUATION)
            .select_related("alliance", "campaign").order_by("pk")
        ]  # fmt: skip
        settle_rectifications(alliance_id__in=alliances, now=now)
        items += [
            Todo(kind=RECTIFY, ref=f"evaluation:rectification:{r.pk}", subject=r.alliance.code,
                 url=reverse("evaluation:rectification", args=[r.pk]), alliance=r.alliance.code, due=r.deadline)
            for r in Rectification.objects.filter(alliance_id__in=alliances, status__in=(R.OPEN, R.OVERDUE))
            .select_related("alliance").order_by("deadline", "pk")
        ]  # fmt: skip
    items += [
        Todo(kind=GRADE, ref=f"evaluation:assignment:{a.pk}", subject=a.evaluation.alliance.code,
             url=reverse("evaluation:review", args=[a.pk]), alliance=a.evaluation.alliance.code,
             due=a.evaluation.campaign.panel_due)
        for a in PanelAssignment.objects.filter(expert__user=user, review__isnull=True,
                                                evaluation__status=E.EXPERT_PANEL)
        .select_related("evaluation__alliance", "evaluation__campaign").order_by("pk")
    ]  # fmt: skip
    return items
