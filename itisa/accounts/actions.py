"""Audit action codes of accounts."""

from django.utils.translation import gettext_lazy as _

from itisa.audit.actions import register_action

USER_CREATED = register_action("accounts.user.created", _("User created"))
ROLE_GRANTED = register_action("accounts.role.granted", _("Role granted"))
ROLE_REVOKED = register_action("accounts.role.revoked", _("Role revoked"))
TOKEN_CREATED = register_action("accounts.token.created", _("API token created"))
TOKEN_REVOKED = register_action("accounts.token.revoked", _("API token revoked"))
USER_CHANGED_IN_ADMIN = register_action("accounts.user.changed_in_admin", _("User changed in the admin"))
LANGUAGE_SET = register_action("accounts.user.language_set", _("Preferred language changed"))
PASSWORD_SET = register_action("accounts.user.password_set", _("Password changed"))
PROFILE_CHANGED = register_action("accounts.user.profile_changed", _("Profile changed"))
USER_REGISTERED = register_action("accounts.user.registered", _("Account registered"))
USER_ACTIVATED = register_action("accounts.user.activated", _("Account activated"))
PASSWORD_RESET_REQUESTED = register_action(
    "accounts.password_reset.requested", _("Password reset link requested")
)
