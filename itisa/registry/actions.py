"""Audit action codes of the registry."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

ORG_CREATED = register_action("registry.organisation.created", _("Organisation registered"))
ORG_UPDATED = register_action("registry.organisation.updated", _("Organisation updated"))
ORG_USCC_CONFIRMED = register_action(
    "registry.organisation.uscc_confirmed", _("Credit code accepted by manual confirmation")
)
ORG_LEGAL_REP_REPLACED = register_action(
    "registry.organisation.legal_representative_replaced", _("Legal representative replaced")
)
ALLIANCE_CREATED = register_action("registry.alliance.created", _("Alliance registered"))
ALLIANCE_UPDATED = register_action("registry.alliance.updated", _("Alliance updated"))
ALLIANCE_STATUS_CHANGED = register_action("registry.alliance.status_changed", _("Alliance status changed"))
GENERATED = register_action("registry.generated", _("Synthetic data generated"))
