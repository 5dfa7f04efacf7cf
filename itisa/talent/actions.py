"""Audit action codes of talent exchange."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

PROGRAMME_CREATED = register_action("talent.programme.created", _("Training programme recorded"))
PROGRAMME_CONCLUDED = register_action(
    "talent.programme.concluded", _("Training programme's outcome recorded")
)
EXCHANGE_CREATED = register_action("talent.exchange.created", _("Staff exchange recorded"))
EXCHANGE_CONCLUDED = register_action("talent.exchange.concluded", _("Staff exchange's outcome recorded"))
EXCHANGES_IMPORTED = register_action("talent.exchange.imported", _("Staff exchanges imported from Excel"))
