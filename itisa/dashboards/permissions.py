"""Who sees a dashboard: the officers who follow alliances (Art. 9, 11, 12 of 国科发政〔2008〕770号)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision


def can_view_dashboard(user: Any) -> Decision:
    """The national office (every alliance), a province's officers (the regional alliances of their
    province) and an industry association's or ministry's officers (the alliances of their industry)."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.is_officer:
        return Decision.allow(_("You follow alliances as an officer."))
    return Decision.deny(
        _(
            "Only the national office, provincial officers and industry association or ministry officers "
            "follow alliances on a dashboard."
        )
    )
