"""Audit action codes of governance."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

BODY_CREATED = register_action("governance.body.created", _("Body created"))
RULES_ADOPTED = register_action("governance.rules.adopted", _("Decision rules adopted"))
SEAT_ADDED = register_action("governance.seat.added", _("Seat added"))
SEAT_ENDED = register_action("governance.seat.ended", _("Seat term ended"))
STAFF_ADDED = register_action("governance.staff.added", _("Staff member registered"))
STAFF_ENDED = register_action("governance.staff.ended", _("Staff member left"))
LIABILITY_DESIGNATED = register_action(
    "governance.liability.designated", _("External liability member designated")
)
