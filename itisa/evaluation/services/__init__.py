"""Writes of the formal evaluation; each checks its permission, writes, records history and audits in one
transaction."""

from itisa.evaluation.services.campaigns import campaign_open, campaign_publish, evaluation_open
from itisa.evaluation.services.inputs import CampaignInput
from itisa.evaluation.services.rectifications import (
    rectification_check,
    rectification_mark_overdue,
    rectification_plan_submit,
)
from itisa.evaluation.services.steps import (
    comment_give,
    evaluation_decide,
    evaluation_recheck,
    evaluation_verify,
    panel_assign,
    panel_close,
    panel_review_submit,
    self_evaluation_submit,
)

__all__ = [
    "CampaignInput", "campaign_open", "campaign_publish", "comment_give", "evaluation_decide", "evaluation_open",
    "evaluation_recheck", "evaluation_verify", "panel_assign", "panel_close", "panel_review_submit",
    "rectification_check", "rectification_mark_overdue", "rectification_plan_submit", "self_evaluation_submit",
]  # fmt: skip
