"""Audit action codes of the formal evaluation."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

CAMPAIGN_OPENED = register_action("evaluation.campaign.opened", _("Evaluation campaign opened"))
CAMPAIGN_PUBLISHED = register_action("evaluation.campaign.published", _("Evaluation grades published"))
EVALUATION_OPENED = register_action("evaluation.evaluation.opened", _("Evaluation of a pilot opened"))
EVALUATION_MOVED = register_action("evaluation.evaluation.moved", _("Evaluation moved to its next step"))
SELF_EVALUATION_SUBMITTED = register_action(
    "evaluation.self_evaluation.submitted", _("Self-evaluation report submitted")
)
RECHECKED = register_action("evaluation.eligibility.rechecked", _("Eligibility re-checked"))
EXPERT_ASSIGNED = register_action("evaluation.panel.assigned", _("Expert assigned to an evaluation panel"))
REVIEW_SUBMITTED = register_action("evaluation.panel.reviewed", _("Panel review submitted"))
COMMENTED = register_action("evaluation.comment.given", _("Department comment given"))
RECTIFICATION_MOVED = register_action("evaluation.rectification.moved", _("Rectification status changed"))
