"""Audit action codes of key technical problems and endorsements."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

PROBLEM_CREATED = register_action("promotion.problem.created", _("Key technical problem drafted"))
PROBLEM_UPDATED = register_action("promotion.problem.updated", _("Key technical problem changed"))
PROBLEM_PUBLISHED = register_action("promotion.problem.published", _("Key technical problem published"))
PROBLEM_CLOSED = register_action("promotion.problem.closed", _("Key technical problem closed"))
PROBLEM_DELETED = register_action("promotion.problem.deleted", _("Draft key technical problem deleted"))
ENDORSED = register_action("promotion.endorsement.recorded", _("Alliance endorsed"))
WITHDRAWN = register_action("promotion.endorsement.withdrawn", _("Endorsement withdrawn"))
