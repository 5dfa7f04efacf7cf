"""Transition tables of the formal evaluation (docs/workflows.md, "Formal evaluation" and "Rectification").

Actors: ``office`` (a national office officer), ``competent`` (the provincial department in charge of the
alliance, which may verify with the office), ``alliance`` (the pilot's secretariat), ``system``
(publication of the campaign; the rectification deadline).
"""

from __future__ import annotations

from itisa.core.workflows import SYSTEM, Transitions
from itisa.evaluation.choices import EvaluationStatus as E
from itisa.evaluation.choices import RectificationStatus as R

OFFICE = "office"
COMPETENT = "competent"
ALLIANCE = "alliance"

EVALUATION_TRANSITIONS = Transitions.of({
    E.SELF_EVALUATION: {E.VERIFICATION: {ALLIANCE}},
    E.VERIFICATION: {E.ELIGIBILITY: {OFFICE, COMPETENT}, E.SELF_EVALUATION: {OFFICE, COMPETENT}},
    E.ELIGIBILITY: {E.EXPERT_PANEL: {OFFICE}},
    E.EXPERT_PANEL: {E.COMMENTS: {OFFICE}},
    E.COMMENTS: {E.DECIDED: {OFFICE}},
    E.DECIDED: {E.PUBLISHED: {SYSTEM}},
    E.PUBLISHED: {},
})  # fmt: skip

RECTIFICATION_TRANSITIONS = Transitions.of({
    R.OPEN: {R.SUBMITTED: {ALLIANCE}, R.OVERDUE: {SYSTEM}},
    R.OVERDUE: {R.SUBMITTED: {ALLIANCE}},
    R.SUBMITTED: {R.PASSED: {OFFICE}, R.FAILED: {OFFICE}},
    R.PASSED: {},
    R.FAILED: {},
})  # fmt: skip

# Named moves a page or the CLI asks for: ``advance`` targets.
ADVANCES = {
    "submit": E.VERIFICATION,
    "return": E.SELF_EVALUATION,
    "verify": E.ELIGIBILITY,
    "recheck": E.EXPERT_PANEL,
    "close_panel": E.COMMENTS,
}
