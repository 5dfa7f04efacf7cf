"""Reads of admission applications, notices of exit and expulsions, scoped to the viewer."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from itisa.core import clocks
from itisa.core.errors import NotFound
from itisa.membership.choices import ExitStatus
from itisa.membership.clocks import EXIT_DUE
from itisa.membership.models import Application, ApplicationStatusChange, ExitNotice, Expulsion
from itisa.membership.permissions import can_manage_members, can_view_application, can_view_exits
from itisa.registry.models import Alliance
from itisa.registry.selectors import alliances_visible_to


def applications_of(user: Any, alliance: Alliance, *, status: str = "", q: str = "") -> QuerySet[Application]:
    """The application queue of an alliance, for those who keep its member list."""
    if not can_manage_members(user, alliance):
        return Application.objects.none()
    qs = Application.objects.filter(alliance=alliance).select_related("alliance", "applicant", "organisation")
    if status:
        qs = qs.filter(status=status)
    if q.strip():
        qs = qs.filter(Q(name_zh__icontains=q.strip()) | Q(uscc__iexact=q.strip()))
    return qs.order_by("-submitted_at", "-pk")


def my_applications(user: Any) -> QuerySet[Application]:
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return (
        Application.objects.filter(applicant=user).select_related("alliance").order_by("-submitted_at", "-pk")
    )


def application_get(user: Any, pk: int) -> Application | None:
    application = (
        Application.objects.select_related(
            "alliance", "applicant", "organisation", "motion", "accession", "membership"
        )
        .filter(pk=pk)
        .first()
    )
    if application is None or not can_view_application(user, application):
        return None
    return application


def access_application(user: Any, pk: int) -> Application:
    """Find and check: application ``pk`` if the viewer may see it; NotFound whether it is missing or hidden."""
    found = application_get(user, pk)
    if found is None:
        raise NotFound(_("No such application, or you may not see it."))
    return found


def application_history(application: Application) -> QuerySet[ApplicationStatusChange]:
    return (
        ApplicationStatusChange.objects.filter(application=application)
        .select_related("by")
        .order_by("at", "pk")
    )


def exit_notices_of(user: Any, alliance: Alliance, *, pending_only: bool = True) -> QuerySet[ExitNotice]:
    """An alliance's notices of exit (pending only unless asked); those whose period has run complete first."""
    if not can_view_exits(user, alliance):
        return ExitNotice.objects.none()
    clocks.settle(EXIT_DUE, membership__alliance=alliance)
    qs = ExitNotice.objects.filter(membership__alliance=alliance).select_related(
        "membership", "membership__organisation", "recorded_by"
    )
    if pending_only:
        qs = qs.filter(status=ExitStatus.PENDING)
    return qs.order_by("effective_on", "pk")


def expulsions_of(user: Any, alliance: Alliance) -> QuerySet[Expulsion]:
    if not can_view_exits(user, alliance):
        return Expulsion.objects.none()
    return (
        Expulsion.objects.filter(membership__alliance=alliance)
        .select_related("membership", "membership__organisation", "motion", "recovery_claim")
        .order_by("-created_at", "pk")
    )


def access_exit_notice(user: Any, pk: int, *, alliance: Alliance | None = None) -> ExitNotice:
    """Find and check: the notice of exit (of ``alliance`` when given) in an alliance the viewer may see.

    NotFound whether it is missing, another alliance's or in one the viewer may not see; what the viewer
    may do with it is the service's (or the page's ``require``) to say.
    """
    qs = ExitNotice.objects.select_related("membership__alliance").filter(
        pk=pk, membership__alliance__in=alliances_visible_to(user)
    )
    found = (qs if alliance is None else qs.filter(membership__alliance=alliance)).first()
    if found is None:
        raise NotFound(_("No such notice of exit."))
    return found


def expulsion_get(user: Any, pk: int) -> Expulsion | None:
    expulsion = (
        Expulsion.objects.select_related(
            "membership", "membership__alliance", "membership__organisation", "motion", "motion__body"
        )
        .filter(pk=pk)
        .first()
    )
    if expulsion is None or not can_view_exits(user, expulsion.membership.alliance):
        return None
    return expulsion


def access_expulsion(user: Any, pk: int) -> Expulsion:
    """Find and check: expulsion ``pk`` if the viewer may see the exits of its alliance, or NotFound."""
    found = expulsion_get(user, pk)
    if found is None:
        raise NotFound(_("No such expulsion, or you may not see it."))
    return found
