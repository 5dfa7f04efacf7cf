"""Who prepares, sees and decides the annual reports (Art. 9, 11, 12 of 国科发政〔2008〕770号).

- The alliance's secretariat prepares and submits its report; the alliance's people read it.
- The national office opens the rounds, receives the reports, returns them for correction and accepts them.
- Provincial officers (regional alliances of their province) and industry association or ministry
  officers (alliances of their industry) read the reports of the alliances they follow
  (``indicators.permissions.supervises``); they decide nothing.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.indicators.permissions import can_record_indicators, can_view_indicators


def actors_for(user: Any, alliance_id: int) -> set[str]:
    """The roles of the report's transition table that ``user`` holds for the alliance."""
    s = role_summary(user)
    actors: set[str] = set()
    if s.has_alliance_role(alliance_id, Role.SECRETARIAT):
        actors.add(Role.SECRETARIAT)
    if s.national:
        actors.add(Role.NATIONAL_OFFICER)
    return actors


def can_open_round(user: Any) -> Decision:
    """The national office opens the round of a reporting year."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.national:
        return Decision.allow(_("The national office opens the annual report rounds."))
    return Decision.deny(_("Only the national office opens the annual report rounds."))


def can_receive_reports(user: Any) -> Decision:
    """The list of reports across alliances: the national office, and the officers who follow alliances
    (narrowed to those by the selector)."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.is_officer:
        return Decision.allow(_("You follow the alliances' annual reports."))
    return Decision.deny(
        _(
            "Only the national office, provincial officers and industry associations receive the annual reports."
        )
    )


def can_view_report(user: Any, alliance: Any) -> Decision:
    """The alliance's people and the officers who follow it read its annual reports (as its indicator
    values: ``indicators.permissions.can_view_indicators``)."""
    decision = can_view_indicators(user, alliance)
    if decision or not role_summary(user).authenticated:
        return decision
    return Decision.deny(
        _("Only the alliance's people and the officers who follow it read its annual reports.")
    )


def can_prepare_report(user: Any, alliance: Any) -> Decision:
    """The alliance's secretariat writes and submits its annual report (as it records its indicator
    values: ``indicators.permissions.can_record_indicators``)."""
    decision = can_record_indicators(user, alliance)
    if decision or not role_summary(user).authenticated:
        return decision
    return Decision.deny(_("Only the alliance's secretariat prepares and submits its annual report."))


def can_decide_report(user: Any, alliance: Any) -> Decision:
    """The national office returns a submitted report for correction or accepts it."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.national:
        return Decision.allow(_("The national office decides on the annual reports."))
    return Decision.deny(_("Only the national office returns or accepts an annual report."))
