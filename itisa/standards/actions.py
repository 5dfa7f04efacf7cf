"""Audit action codes of standards."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

STANDARD_CREATED = register_action("standards.standard.created", _("Standard project created"))
STANDARD_MOVED = register_action("standards.standard.moved", _("Standard project moved to another stage"))
MEMBER_ADDED = register_action("standards.drafter.added", _("Drafting member added to a standard"))
ROUND_OPENED = register_action("standards.round.opened", _("IPR declaration round opened"))
DECLARATION_FILED = register_action("standards.declaration.filed", _("IPR declaration filed"))
VOTE_OPENED = register_action("standards.vote.opened", _("Standards vote opened"))
VOTE_FAILED = register_action("standards.vote.failed", _("Standards vote not carried"))
