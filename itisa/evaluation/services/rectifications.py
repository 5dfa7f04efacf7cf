"""Rectification after a B grade (国科办政〔2012〕47号: 有成效但存在不足, 限期整改): the secretariat submits its
plan by the deadline (overdue by the clock otherwise, told to the secretariat and the office), and the national
office's follow-up check passes or fails it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.workflows import move
from itisa.core.errors import DomainError
from itisa.core.formats import day
from itisa.core.values import is_blank, strip_text
from itisa.evaluation import actions
from itisa.evaluation.choices import RectificationStatus as R
from itisa.evaluation.models import Rectification, RectificationStatusChange
from itisa.evaluation.permissions import can_check_rectification, can_submit_plan
from itisa.evaluation.services._common import officers, require, secretaries
from itisa.evaluation.workflows import ALLIANCE, OFFICE, RECTIFICATION_TRANSITIONS
from itisa.notifications.services import link, notify

if TYPE_CHECKING:
    from itisa.accounts.models import User


def _locked(rectification: Rectification) -> Rectification:
    return (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("alliance")
        .get(pk=rectification.pk)
    )


def rectification_plan_submit(
    *, by: User, rectification: Rectification, plan: str, now: dt.datetime | None = None
) -> Rectification:
    """The secretariat submits the rectification plan (late, after the deadline, too: the history says so)."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = _locked(rectification)
        require(can_submit_plan(by, obj))
        if is_blank(plan):
            raise DomainError(
                _("Please correct the errors below."), fields={"plan": [_("This field is required.")]}
            )
        obj.plan, obj.plan_submitted_at = strip_text(plan), now
        move(obj, R.SUBMITTED, by=by, actors={ALLIANCE}, table=RECTIFICATION_TRANSITIONS,
             history=RectificationStatusChange, action=actions.RECTIFICATION_MOVED, at=now,
             fields=("plan", "plan_submitted_at"),
             data={"from": obj.status, "to": R.SUBMITTED, "plan": obj.plan,
                   "late": timezone.localdate(now) > obj.deadline})  # fmt: skip
    return obj


def rectification_check(
    *, by: User, rectification: Rectification, passed: bool, comment: str, now: dt.datetime | None = None
) -> Rectification:
    """The national office's follow-up check: passed or failed, with what it found."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = _locked(rectification)
        require(can_check_rectification(by, obj))
        if is_blank(comment):
            raise DomainError(_("Please correct the errors below."),
                              fields={"comment": [_("Say what the follow-up check found.")]})  # fmt: skip
        obj.check_comment, obj.checked_by, obj.checked_at = strip_text(comment), by, now
        move(obj, R.PASSED if passed else R.FAILED, by=by, actors={OFFICE}, table=RECTIFICATION_TRANSITIONS,
             history=RectificationStatusChange, action=actions.RECTIFICATION_MOVED, at=now,
             comment=obj.check_comment, fields=("check_comment", "checked_by", "checked_at"))  # fmt: skip
    return obj


def rectification_mark_overdue(*, rectification: Rectification, now: dt.datetime | None = None) -> bool:
    """The clock: a rectification whose deadline passed without a plan becomes overdue; the secretariat and the
    office are told. False, and nothing written, when it is not (or no longer) due."""
    now = now or timezone.now()
    with transaction.atomic():
        obj = _locked(rectification)
        if obj.status != R.OPEN or obj.deadline >= timezone.localdate(now):
            return False
        move(obj, R.OVERDUE, by=None, actors={"system"}, table=RECTIFICATION_TRANSITIONS,
             history=RectificationStatusChange, action=actions.RECTIFICATION_MOVED, at=now,
             data={"from": R.OPEN, "to": R.OVERDUE, "deadline": obj.deadline.isoformat()})  # fmt: skip
        notify(
            recipients=[*secretaries(obj.alliance_id), *officers()],
            kind="evaluation.rectification.overdue",
            subject=lambda: (
                _("The rectification plan of %(alliance)s is overdue (deadline %(deadline)s)")
                % {"alliance": obj.alliance.code, "deadline": day(obj.deadline)}
            ),
            body="",
            url=link("evaluation:rectification", obj.pk),
            alliance=obj.alliance,
            by=None,
        )
    return True
