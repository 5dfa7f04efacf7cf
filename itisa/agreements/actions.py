"""Audit action codes of agreements and signing keys."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

VERSION_CREATED = register_action("agreements.version.created", _("Agreement version drafted"))
VERSION_EDITED = register_action("agreements.version.edited", _("Agreement draft edited"))
VERSION_OPENED = register_action("agreements.version.opened", _("Agreement version sent for signature"))
VERSION_WITHDRAWN = register_action("agreements.version.withdrawn", _("Agreement version withdrawn"))
VERSION_EFFECTIVE = register_action("agreements.version.effective", _("Agreement version took effect"))
VERSION_SUPERSEDED = register_action("agreements.version.superseded", _("Agreement version superseded"))
TERM_ENDED = register_action("agreements.version.term_ended", _("Agreement term ended; secretariat told"))
VERSION_IMPORTED = register_action("agreements.version.imported", _("Agreement version imported"))
SIGNED = register_action("agreements.signature.signed", _("Agreement signed"))
KEY_REGISTERED = register_action("agreements.key.registered", _("Signing key registered"))
KEY_CONFIRMED = register_action("agreements.key.confirmed", _("Signing key confirmed"))
KEY_REVOKED = register_action("agreements.key.revoked", _("Signing key revoked"))
