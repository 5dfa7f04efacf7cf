"""Audit action codes of invitations."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

CREATED = register_action("invitations.invitation.created", _("Invitation sent"))
RESENT = register_action("invitations.invitation.resent", _("Invitation sent again"))
REVOKED = register_action("invitations.invitation.revoked", _("Invitation revoked"))
ACCEPTED = register_action("invitations.invitation.accepted", _("Invitation accepted"))
