"""Audit action codes of the pilot program."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

CALL_CREATED = register_action("pilots.call.created", _("Call for pilots created"))
CALL_UPDATED = register_action("pilots.call.updated", _("Draft call for pilots changed"))
CALL_MOVED = register_action("pilots.call.moved", _("Call for pilots moved"))
CALL_PUBLISHED = register_action("pilots.call.published", _("Pilot list published"))
APPLICATION_CREATED = register_action("pilots.application.created", _("Pilot application started"))
APPLICATION_MOVED = register_action("pilots.application.moved", _("Pilot application moved"))
APPLICATION_DECIDED = register_action("pilots.application.decided", _("Pilot application decided"))
PERIOD_ENDED = register_action(
    "pilots.application.period_ended", _("Pilot period ended; office and secretariat told")
)
MATERIAL_ADDED = register_action("pilots.material.added", _("Pilot application material added"))
RECOMMENDATION_ADDED = register_action("pilots.recommendation.added", _("Pilot application recommended"))
EXPERT_ADDED = register_action("pilots.expert.added", _("Expert added to the pool"))
EXPERT_REMOVED = register_action("pilots.expert.removed", _("Expert removed from the pool"))
EXPERT_ASSIGNED = register_action("pilots.expert.assigned", _("Expert assigned to a pilot application"))
REVIEW_SUBMITTED = register_action("pilots.review.submitted", _("Expert review submitted"))
FINDING_RECORDED = register_action("pilots.finding.recorded", _("Eligibility finding recorded"))
