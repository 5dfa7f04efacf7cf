"""Statuses, grades and the parts of a self-evaluation (国科办政〔2012〕47号). Stable English codes, translated labels."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PUBLISHED = "published", _("Published")


class EvaluationStatus(models.TextChoices):
    """The six steps of the formal evaluation, and their end."""

    SELF_EVALUATION = "self_evaluation", _("Self-evaluation")
    VERIFICATION = "verification", _("Verification")
    ELIGIBILITY = "eligibility", _("Eligibility re-check")
    EXPERT_PANEL = "expert_panel", _("Expert panel")
    COMMENTS = "comments", _("Comments of the competent departments")
    DECIDED = "decided", _("Grade approved")
    PUBLISHED = "published", _("Published")


class Grade(models.TextChoices):
    A = "A", _("A — operating with notable results")
    B = "B", _("B — results with shortcomings; must rectify")
    C = "C", _("C — eliminated from the pilots")


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("Plan due")
    SUBMITTED = "submitted", _("Plan submitted")
    OVERDUE = "overdue", _("Overdue")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


# The five indicator areas of the 2012 scheme, each a part of the self-evaluation report.
SELF_EVALUATION_PARTS: tuple[tuple[str, Any], ...] = (
    ("innovation", _("Innovation activities")),
    ("performance", _("Performance")),
    ("service", _("Service to the industry")),
    ("operation", _("Operation and management")),
    ("protection", _("Protection of members' interests")),
)
PART_CODES = tuple(code for code, _label in SELF_EVALUATION_PARTS)

# Statuses in which the evaluation is still being worked on (the campaign cannot be published).
UNDECIDED = frozenset(
    {
        EvaluationStatus.SELF_EVALUATION,
        EvaluationStatus.VERIFICATION,
        EvaluationStatus.ELIGIBILITY,
        EvaluationStatus.EXPERT_PANEL,
        EvaluationStatus.COMMENTS,
    }
)
