"""Audit action codes of notifications. Reading a notification is not a record and is not audited."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

SENT = register_action("notifications.sent", _("Notifications sent"))
CALENDAR_ROTATED = register_action("notifications.calendar.rotated", _("Private calendar address made"))
CALENDAR_REVOKED = register_action("notifications.calendar.revoked", _("Private calendar address turned off"))
