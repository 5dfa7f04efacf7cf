"""Audit action codes of the dossier exchange."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

DOSSIER_IMPORTED = register_action("dossier.dossier.imported", _("Imported from an alliance dossier"))
