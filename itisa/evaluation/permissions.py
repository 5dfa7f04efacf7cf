"""Who acts at each step of the formal evaluation (国科办政〔2012〕47号). Each predicate returns a Decision
with its reason; the same predicates serve the pages, the API, the CLI and the templates."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.accounts.roles import role_summary
from itisa.core.decisions import Decision
from itisa.evaluation.choices import EvaluationStatus as E
from itisa.evaluation.choices import RectificationStatus as R
from itisa.evaluation.workflows import ALLIANCE, COMPETENT, OFFICE
from itisa.pilots.choices import RecommenderCapacity
from itisa.pilots.permissions import recommender_capacity

NOT_LOGGED_IN = _("You must log in first.")
OFFICE_ONLY = _("Only national office officers run the evaluation of pilots.")
DEPARTMENTS = frozenset(
    {RecommenderCapacity.PROVINCIAL, RecommenderCapacity.MINISTRY, RecommenderCapacity.ASSOCIATION}
)


def actors(user: Any, alliance: Any) -> set[str]:
    """Which workflow actors ``user`` is for the evaluation of ``alliance``."""
    s = role_summary(user)
    kinds: set[str] = set()
    if s.national:
        kinds.add(OFFICE)
    elif recommender_capacity(user, alliance) == RecommenderCapacity.PROVINCIAL:
        kinds.add(COMPETENT)
    if s.has_alliance_role(alliance.pk, Role.SECRETARIAT):
        kinds.add(ALLIANCE)
    return kinds


def can_manage_evaluation(user: Any) -> Decision:
    """The national office opens campaigns, re-checks, forms panels, approves grades and publishes."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national:
        return Decision.allow(_("The national office runs the evaluation of pilots."))
    return Decision.deny(OFFICE_ONLY)


def can_view_campaigns(user: Any) -> Decision:
    """Officers, secretariats and experts see the campaigns (each sees the evaluations in its scope)."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    return Decision.allow(_("Campaigns are listed for everyone logged in; evaluations by scope."))


def _assigned_expert(user: Any, evaluation: Any) -> Any:
    for assignment in evaluation.assignments.all():
        if assignment.expert.user_id == getattr(user, "pk", None):
            return assignment
    return None


def can_view_evaluation(user: Any, evaluation: Any) -> Decision:
    """The office, the alliance's secretariat, the competent departments and the experts on its panel."""
    s = role_summary(user)
    if not s.authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if s.national:
        return Decision.allow(_("The national office sees every evaluation."))
    if s.has_alliance_role(evaluation.alliance_id, Role.SECRETARIAT):
        return Decision.allow(_("This is your alliance's evaluation."))
    if recommender_capacity(user, evaluation.alliance):
        return Decision.allow(_("The alliance is in your scope."))
    if _assigned_expert(user, evaluation) is not None:
        return Decision.allow(_("You are on this evaluation's expert panel."))
    return Decision.deny(_("Only the office, the alliance, its competent departments and the panel see it."))


def can_submit_self_evaluation(user: Any, evaluation: Any) -> Decision:
    """The pilot's secretariat writes and submits its self-evaluation while the step is in its hands."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if ALLIANCE not in actors(user, evaluation.alliance):
        return Decision.deny(_("Only the alliance's secretariat writes its self-evaluation."))
    if evaluation.status != E.SELF_EVALUATION:
        return Decision.deny(_("The self-evaluation is submitted; it is with the office now."))
    return Decision.allow(_("The self-evaluation is in the secretariat's hands."))


def can_verify(user: Any, evaluation: Any) -> Decision:
    """The national office, or the provincial department in charge, verifies the self-evaluation."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if not actors(user, evaluation.alliance) & {OFFICE, COMPETENT}:
        return Decision.deny(_("Only the national office and the competent provincial department verify."))
    if evaluation.status != E.VERIFICATION:
        return Decision.deny(_("The evaluation is not waiting for verification."))
    return Decision.allow(_("You verify the self-evaluation."))


def can_run_step(user: Any, evaluation: Any, status: str) -> Decision:
    """The office's own steps (eligibility re-check, expert panel, decision) while the evaluation is at ``status``."""
    decision = can_manage_evaluation(user)
    if not decision:
        return decision
    if evaluation.status != status:
        return Decision.deny(
            _("The evaluation is at “%(step)s”, not “%(wanted)s”.")
            % {"step": E(evaluation.status).label, "wanted": E(status).label}
        )
    return Decision.allow(_("The national office runs this step."))


def can_review_panel(user: Any, assignment: Any) -> Decision:
    """The assigned expert proposes a grade once, while the panel sits, when not in conflict."""
    from itisa.pilots.selectors import expert_conflicts

    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    if assignment.expert.user_id != user.pk:
        return Decision.deny(_("Only the assigned expert reviews."))
    if hasattr(assignment, "review"):
        return Decision.deny(_("Your review is submitted; it cannot be changed."))
    if assignment.evaluation.status != E.EXPERT_PANEL:
        return Decision.deny(_("The expert panel is not sitting for this evaluation."))
    conflicts = expert_conflicts(assignment.expert, assignment.evaluation.alliance)
    if conflicts:
        return Decision.deny(
            _("You have a conflict of interest with this alliance: %(reasons)s")
            % {"reasons": "; ".join(conflicts)}
        )
    return Decision.allow(_("You are on this evaluation's expert panel."))


def can_view_panel_reviews(user: Any, evaluation: Any) -> Decision:
    """Panel reviews are the office's: the alliance and the departments see only the approved grade."""
    if role_summary(user).national:
        return Decision.allow(_("The national office sees every review."))
    return Decision.deny(_("Expert reviews are seen only by the national office."))


def can_comment(user: Any, evaluation: Any) -> Decision:
    """A competent department (province, ministry, association) comments once while comments are open."""
    if not role_summary(user).authenticated:
        return Decision.deny(NOT_LOGGED_IN)
    capacity = recommender_capacity(user, evaluation.alliance)
    if capacity not in DEPARTMENTS:
        return Decision.deny(
            _("Only the provincial department, the ministry in charge and the industry association comment.")
        )
    if evaluation.status != E.COMMENTS:
        return Decision.deny(_("The evaluation is not open for the departments' comments."))
    return Decision.allow(_("The alliance is in your scope."))


def can_submit_plan(user: Any, rectification: Any) -> Decision:
    """The secretariat submits its rectification plan, late too, until the office checks."""
    if not role_summary(user).has_alliance_role(rectification.alliance_id, Role.SECRETARIAT):
        return Decision.deny(_("Only the alliance's secretariat submits its rectification plan."))
    if rectification.status not in (R.OPEN, R.OVERDUE):
        return Decision.deny(_("The rectification plan is submitted already."))
    return Decision.allow(_("The plan is due."))


def can_check_rectification(user: Any, rectification: Any) -> Decision:
    """The national office checks the rectification once the plan is in."""
    decision = can_manage_evaluation(user)
    if not decision:
        return decision
    if rectification.status != R.SUBMITTED:
        return Decision.deny(_("Only a submitted rectification is checked."))
    return Decision.allow(_("The national office checks the rectification."))


def can_view_published(campaign: Any) -> Decision:
    """The list of grades is public once published."""
    from itisa.evaluation.choices import CampaignStatus

    if campaign.status == CampaignStatus.PUBLISHED:
        return Decision.allow(_("The grades are published."))
    return Decision.deny(_("The grades of this campaign are not published yet."))
