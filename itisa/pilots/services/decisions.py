"""Decisions and publication: the office decides each application within the call's maxima; publishing
the call publishes the list and makes each selected pilot alliance a pilot for two years (Art. 7).

A provincial call is decided and published by its province's department: the selected alliances are
recognised as provincial alliances (省级产业技术创新战略联盟), recorded as the application's published
outcome; the registry's status (and the national pilot status above all) is not touched."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from itisa.audit.services import log_action
from itisa.core.errors import Conflict, DomainError
from itisa.core.values import is_blank, strip_text
from itisa.pilots import actions
from itisa.pilots.choices import SCOPE_OUTCOMES, CallScope, CallStatus, Outcome
from itisa.pilots.choices import ApplicationStatus as A
from itisa.pilots.models import Application, Call
from itisa.pilots.permissions import can_manage_call
from itisa.pilots.selectors import decided_counts
from itisa.pilots.services._common import require, zh
from itisa.pilots.services.applications import locked, move
from itisa.pilots.services.calls import check_call_move, locked_call, move_call
from itisa.pilots.workflows import OFFICE, SYSTEM
from itisa.registry.choices import AllianceStatus
from itisa.registry.services import alliance_make_pilot

if TYPE_CHECKING:
    from itisa.accounts.models import User

PILOT_YEARS = 2
# Applications still being handled: the list cannot be published while any is.
UNDECIDED = (A.SUBMITTED, A.FORMAL_CHECK, A.EXPERT_REVIEW, A.RETURNED, A.RESUBMITTED)


def pilot_period(start: dt.date) -> tuple[dt.date, dt.date]:
    """Two years from publication: from ``start`` to the day before the same date two years later."""
    try:
        end = start.replace(year=start.year + PILOT_YEARS)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + PILOT_YEARS, day=28) + dt.timedelta(days=1)
    return start, end - dt.timedelta(days=1)


def _not_established(application: Application) -> str:
    return _(
        "%(alliance)s is “%(status)s”, not “Established”: only an established alliance can become a pilot. "
        "Change its status in the registry first, or decide otherwise."
    ) % {"alliance": application.alliance.code, "status": application.alliance.get_status_display()}


def application_decide(
    *, by: User, application: Application, outcome: str, reasons: str, now: dt.datetime | None = None
) -> Application:
    """Decide an application after expert review, at ``now`` (default now): pilot, cultivation or not selected,
    with reasons (for a provincial call: recognised or not selected). The call's maxima of pilots and
    cultivation alliances (of recognised alliances: ``max_pilots``) cannot be exceeded."""
    require(can_manage_call(by, application.call))
    errors: dict[str, list[str]] = {}
    provincial = application.call.scope == CallScope.PROVINCIAL
    if outcome not in SCOPE_OUTCOMES[application.call.scope]:
        errors["outcome"] = [
            _("Choose recognised or not selected.")
            if provincial
            else _("Choose pilot, cultivation or not selected.")
        ]
    if is_blank(reasons):
        errors["reasons"] = [_("Give the reasons for the decision.")]
    if errors:
        raise DomainError(_("Please correct the errors below."), fields=errors)
    with transaction.atomic():
        call = locked_call(application.call)  # serialises decisions on the same call (the maxima)
        obj = locked(application)
        if outcome == Outcome.PILOT and obj.alliance.status != AllianceStatus.ESTABLISHED:
            raise Conflict(_not_established(obj), fields={"outcome": [_not_established(obj)]})
        limits: dict[str, int] = {
            Outcome.PILOT: call.max_pilots,
            Outcome.CULTIVATION: call.max_cultivation,
            Outcome.RECOGNISED: call.max_pilots,
        }
        if outcome in limits and decided_counts(call, exclude=obj.pk)[outcome] >= limits[outcome]:
            message = _("The call allows at most %(n)s “%(outcome)s” decisions, and they are all taken.") % {
                "n": limits[outcome],
                "outcome": Outcome(outcome).label,
            }
            raise Conflict(message, fields={"outcome": [message]})
        obj.outcome = outcome
        obj.decision_reasons = strip_text(reasons)
        obj.decided_at = now or timezone.now()
        obj.decided_by = by
        move(
            obj,
            A.DECIDED,
            by=by,
            actors={OFFICE},
            # no comment: the outcome stays with the office until the list is published (the history and
            # the secretariat's notice would otherwise tell it)
            fields=("outcome", "decision_reasons", "decided_at", "decided_by"),
            at=obj.decided_at,
        )
        log_action(
            obj,
            actions.APPLICATION_DECIDED,
            by=by,
            data={"outcome": outcome, "reasons": obj.decision_reasons},
        )
    return obj


def call_publish(*, by: User, call: Call, on: dt.date | None = None, now: dt.datetime | None = None) -> Call:
    """Publish the call's list at ``now`` (default now): every decided application is published, each selected
    pilot alliance becomes a pilot (through the registry's status service) for two years from publication
    (``on``, default the day of ``now``).
    Refused while any application is still being handled, or a selected pilot is not established.
    A provincial call's list records its recognised alliances; no registry status changes."""
    require(can_manage_call(by, call))
    now = now or timezone.now()
    on = on or timezone.localdate(now)
    with transaction.atomic():
        obj = locked_call(call)
        check_call_move(obj, CallStatus.PUBLISHED)
        pending = list(
            Application.objects.filter(call=obj, status__in=UNDECIDED)
            .select_related("alliance")
            .order_by("pk")
        )
        if pending:
            raise Conflict(
                _("Decide every application first; still being handled: %(alliances)s.")
                % {"alliances": ", ".join(a.alliance.code for a in pending)}
            )
        decided = list(
            Application.objects.select_for_update(of=("self",))
            .filter(call=obj, status=A.DECIDED)
            .select_related("alliance", "call")
            .order_by("pk")
        )
        blocked = [
            _not_established(a)
            for a in decided
            if a.outcome == Outcome.PILOT and a.alliance.status != AllianceStatus.ESTABLISHED
        ]
        if blocked:
            raise Conflict(" ".join(blocked))
        start, until = pilot_period(on)
        for application in decided:
            fields: tuple[str, ...] = ()
            data: dict[str, Any] = {"outcome": application.outcome}
            if application.outcome == Outcome.PILOT:
                # the only way an alliance becomes a pilot: the system's move, by this publication
                application.alliance = alliance_make_pilot(
                    by=by,
                    alliance=application.alliance,
                    decision={"call": obj.pk, "application": application.pk},
                    now=now,
                    comment=zh(
                        lambda a=application: (
                            _("Selected as a pilot by the call “%(call)s”.") % {"call": a.call.title_zh}
                        )
                    ),
                )
                application.pilot_from, application.pilot_until = start, until
                fields = ("pilot_from", "pilot_until")
                data |= {"pilot_from": start.isoformat(), "pilot_until": until.isoformat()}
            move(application, A.PUBLISHED, by=by, actors={SYSTEM}, comment=application.get_outcome_display(),
                 fields=fields, data=data, at=now)  # fmt: skip
        obj.published_at = now
        counts = {o: sum(1 for a in decided if a.outcome == o) for o in SCOPE_OUTCOMES[obj.scope]}
        move_call(
            obj,
            CallStatus.PUBLISHED,
            by=by,
            action=actions.CALL_PUBLISHED,
            data=counts,
            fields=("published_at",),
        )
    return obj
