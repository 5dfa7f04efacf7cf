"""Who is told, in their own language: reminders and returns reach the alliance's secretariat; an overdue
report reaches the national office and the officers who follow the alliance (its province's for a regional
alliance, its industry's association and ministry officers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _

from itisa.accounts.choices import Role
from itisa.accounts.models import RoleAssignment
from itisa.core.formats import day
from itisa.notifications.services import link, notify
from itisa.registry.choices import AllianceScope

if TYPE_CHECKING:
    from itisa.reports.models import AnnualReport


def _users(query: Q) -> list[Any]:
    seen: dict[int, Any] = {}
    for ra in RoleAssignment.objects.filter(query).select_related("user").order_by("user_id", "pk"):
        seen.setdefault(ra.user_id, ra.user)
    return list(seen.values())


def _names(report: AnnualReport, **extra: Any) -> dict[str, Any]:
    """The values of a report's notice texts, with the deadline in the active language: called inside the
    callables, which ``notify`` renders in each recipient's language."""
    return {"alliance": report.alliance.name_zh, "code": report.alliance.code, "year": report.year,
            "deadline": day(report.round.deadline), **extra}  # fmt: skip


def followers_query(alliance: Any) -> Q:
    """The national office and the officers who follow ``alliance`` (``indicators.permissions.supervises``)."""
    query = Q(role=Role.NATIONAL_OFFICER) | Q(
        role__in=[Role.ASSOCIATION_OFFICER, Role.MINISTRY_OFFICER], industry=alliance.industry
    )
    if alliance.scope == AllianceScope.REGIONAL and alliance.province:
        query |= Q(role=Role.PROVINCIAL_OFFICER, province=alliance.province)
    return query


def report_reminder(report: AnnualReport, days: int) -> None:
    def names() -> dict[str, Any]:
        return _names(report, days=days)

    notify(
        recipients=_users(Q(role=Role.SECRETARIAT, alliance_id=report.alliance_id)),
        kind="reports.report.reminder",
        subject=lambda: _("Annual report %(year)s due in %(days)s days") % names(),
        body=lambda: _("The annual report %(year)s of %(alliance)s is due by %(deadline)s and has not been "
                       "submitted yet.") % names(),
        url=link("reports:report", report.alliance.code, report.year),
        alliance=report.alliance,
        by=None,
    )  # fmt: skip


def report_overdue(report: AnnualReport) -> None:
    def names() -> dict[str, Any]:
        return _names(report)

    notify(
        recipients=_users(followers_query(report.alliance)),
        kind="reports.report.overdue",
        subject=lambda: _("Annual report %(year)s overdue: %(code)s") % names(),
        body=lambda: _("The annual report %(year)s of %(alliance)s was due by %(deadline)s and has not been "
                       "submitted.") % names(),
        url=link("reports:report", report.alliance.code, report.year),
        alliance=report.alliance,
        by=None,
    )  # fmt: skip


def report_decided(report: AnnualReport, *, reason: str, by: Any) -> None:
    def names() -> dict[str, Any]:
        return _names(report, reason=reason)

    returned = bool(reason)
    notify(
        recipients=_users(Q(role=Role.SECRETARIAT, alliance_id=report.alliance_id)),
        kind="reports.report.returned" if returned else "reports.report.accepted",
        subject=(lambda: _("Annual report %(year)s returned for correction") % names()) if returned
        else (lambda: _("Annual report %(year)s accepted") % names()),
        body=(lambda: _("The national office returned the annual report %(year)s of %(alliance)s for "
                        "correction: %(reason)s") % names()) if returned
        else (lambda: _("The national office accepted the annual report %(year)s of %(alliance)s.") % names()),
        url=link("reports:report", report.alliance.code, report.year),
        alliance=report.alliance,
        by=by,
    )  # fmt: skip
