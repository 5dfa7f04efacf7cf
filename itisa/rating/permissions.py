"""Who may do what in the activity rating. The national office keeps the schemes and runs the campaigns
(the plenary's decisions included); experts of a campaign's review groups review the alliances of their
group (first review) and of the group before theirs (cross review). Published results are public."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.rating.choices import Stage
from itisa.rating.rules import cross_group


def can_manage_rating(user: Any) -> Decision:
    """The national office keeps the schemes and runs the campaigns."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.national:
        return Decision.allow(_("You work for the national office."))
    return Decision.deny(_("Only the national office keeps the rating schemes and runs the campaigns."))


def can_view_campaign(user: Any, campaign: Any, groups: set[int] | None = None) -> Decision:
    """The national office and the campaign's reviewers follow a campaign before it is published."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if s.national:
        return Decision.allow(_("You work for the national office."))
    if groups:
        return Decision.allow(_("You review in this campaign."))
    return Decision.deny(_("Only the national office and the campaign's reviewers follow a campaign."))


def can_review(user: Any, rating: Any, stage: str, groups: set[int]) -> Decision:
    """First review: an expert of the rating's group; cross review: an expert of the next group; plenary:
    the national office. ``groups`` are the viewer's groups in the campaign."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(_("You must log in first."))
    if not rating.rated:
        return Decision.deny(_("An alliance that was not rated is not reviewed."))
    if stage == Stage.PLENARY:
        if s.national:
            return Decision.allow(_("You work for the national office."))
        return Decision.deny(_("Only the plenary, recorded by the national office, fixes a final score."))
    wanted = rating.group if stage == Stage.FIRST else cross_group(rating.group, rating.campaign.groups)
    if wanted is not None and wanted in groups:
        return Decision.allow(_("You are in the review group of this alliance."))
    return Decision.deny(
        _("Only the experts of the group assigned to this alliance review it at this stage.")
    )
