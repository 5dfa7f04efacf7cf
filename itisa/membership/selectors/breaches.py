"""Reads of notices of breach, scoped to the viewer: the keepers of the member list see all of an
alliance's, a member's contacts and legal representative those served on their own organisation.
Every read settles the lapse clock first (``membership.breach.lapse``), so a page shows a notice lapsed
on the day after its cure period even if no worker ran."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from itisa.accounts.roles import role_summary
from itisa.core import clocks
from itisa.core.errors import DomainError, NotFound
from itisa.membership.choices import BreachStatus
from itisa.membership.clocks import BREACH_LAPSE
from itisa.membership.models import BreachNotice, BreachStatusChange
from itisa.membership.permissions import can_manage_members
from itisa.membership.selectors.dues import CONTACT_ROLES
from itisa.registry.models import Alliance
from itisa.registry.selectors import alliances_visible_to


def _scope(user: Any, alliance: Alliance) -> Q | None:
    """What of ``alliance``'s notices the viewer sees (``None``: none)."""
    if can_manage_members(user, alliance) or role_summary(user).national:
        return Q()
    s = role_summary(user)
    organisations = [o for o in s.organisations if s.acts_for(o, *CONTACT_ROLES)]
    if organisations and alliance.pk in s.alliances_with(*CONTACT_ROLES):
        return Q(membership__organisation_id__in=organisations)
    return None


def breaches_of(
    user: Any, alliance: Alliance, *, status: str = "", organisation: str = ""
) -> QuerySet[BreachNotice]:
    """An alliance's notices of breach the viewer may see, newest first, optionally of one status or
    one member (by credit code)."""
    scope = _scope(user, alliance)
    if scope is None:
        return BreachNotice.objects.none()
    clocks.settle(BREACH_LAPSE, membership__alliance=alliance)
    qs = BreachNotice.objects.filter(scope, membership__alliance=alliance).select_related(
        "membership__alliance", "membership__organisation", "agreement__alliance"
    )
    if status:
        if status not in BreachStatus.values:
            raise DomainError(
                _("Please correct the errors below."), fields={"status": [_("Choose a valid option.")]}
            )
        qs = qs.filter(status=status)
    if organisation:
        qs = qs.filter(membership__organisation__uscc=organisation)
    return qs.order_by("-served_at", "-pk")


def access_breach(user: Any, pk: int, *, alliance: Alliance | None = None) -> BreachNotice:
    """Find and check: the notice (of ``alliance`` when given) if the viewer may see it, lapsed first
    if its cure period has run. NotFound whether it is missing or hidden."""
    notice = (
        BreachNotice.objects.select_related("membership__alliance")
        .filter(pk=pk, membership__alliance__in=alliances_visible_to(user))
        .first()
    )
    if notice is None or (alliance is not None and notice.membership.alliance_id != alliance.pk):
        raise NotFound(_("No such notice of breach."))
    scope = _scope(user, notice.membership.alliance)
    if scope is None:
        raise NotFound(_("No such notice of breach."))
    clocks.settle(BREACH_LAPSE, pk=pk)
    found = (
        BreachNotice.objects.filter(scope, pk=pk)
        .select_related(
            "membership__alliance",
            "membership__organisation",
            "agreement__alliance",
            "served_by",
            "motion__body",
            "expulsion",
            "suspension",
            "recovery_claim",
        )  # fmt: skip
        .first()
    )
    if found is None:
        raise NotFound(_("No such notice of breach."))
    return found


def breach_history(notice: BreachNotice) -> QuerySet[BreachStatusChange]:
    """The notice's moves, oldest first (its timeline)."""
    return BreachStatusChange.objects.filter(breach=notice).select_related("by").order_by("at", "pk")
