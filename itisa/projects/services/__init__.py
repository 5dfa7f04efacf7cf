"""Writes of the projects app (one module per concept); import them from here."""

from itisa.projects.services.inputs import (
    FundingInput,
    GoalInput,
    MilestoneInput,
    ParticipantInput,
    ProjectInput,
)
from itisa.projects.services.milestones import (
    evidence_add,
    milestone_add,
    milestone_done,
    milestone_mark_overdue,
)
from itisa.projects.services.projects import (
    approving_bodies,
    funding_add,
    goal_add,
    participant_add,
    project_create,
    project_motion_withdrawn,
    project_move,
    project_put_to_vote,
    project_record_vote,
)
from itisa.projects.services.reviews import expert_assign, expert_conflicts, opinion_submit, review_open

__all__ = [
    "FundingInput",
    "GoalInput",
    "MilestoneInput",
    "ParticipantInput",
    "ProjectInput",
    "approving_bodies",
    "evidence_add",
    "expert_assign",
    "expert_conflicts",
    "funding_add",
    "goal_add",
    "milestone_add",
    "milestone_done",
    "milestone_mark_overdue",
    "opinion_submit",
    "participant_add",
    "project_create",
    "project_motion_withdrawn",
    "project_move",
    "project_put_to_vote",
    "project_record_vote",
    "review_open",
]
