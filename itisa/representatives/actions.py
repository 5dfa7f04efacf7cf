"""Audit action codes of appointed representatives and the people they name. Every entry is written on
the organisation (``registry.organisation``), so that its history is one list."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

APPLIED = register_action("representatives.appointment.applied", _("Appointed representative applied for"))
CONFIRMED = register_action("representatives.appointment.confirmed", _("Appointed representative confirmed"))
REJECTED = register_action("representatives.appointment.rejected", _("Appointed representative rejected"))
ENDED = register_action("representatives.appointment.ended", _("Appointed representative replaced"))
NAMED = register_action("representatives.function.named", _("Person named to act for the organisation"))
REMOVED = register_action(
    "representatives.function.removed", _("Person removed from acting for the organisation")
)
