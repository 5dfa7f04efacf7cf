"""Audit action codes of the projects app."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

PROJECT_CREATED = register_action("projects.project.created", _("Project proposed"))
PROJECT_MOVED = register_action("projects.project.moved", _("Project moved"))
PROJECT_PUT_TO_VOTE = register_action("projects.project.put_to_vote", _("Project put to the vote"))
GOAL_ADDED = register_action("projects.goal.added", _("Project goal added"))
PARTICIPANT_ADDED = register_action("projects.participant.added", _("Project participant added"))
FUNDING_ADDED = register_action("projects.funding.added", _("Project funding source added"))
MILESTONE_ADDED = register_action("projects.milestone.added", _("Project milestone added"))
MILESTONE_MOVED = register_action("projects.milestone.moved", _("Project milestone moved"))
EVIDENCE_ADDED = register_action("projects.evidence.added", _("Milestone evidence added"))
REVIEW_OPENED = register_action("projects.review.opened", _("Project review opened"))
EXPERT_ASSIGNED = register_action("projects.review.assigned", _("Expert assigned to a project review"))
OPINION_SUBMITTED = register_action("projects.review.opinion", _("Expert opinion on a project submitted"))
