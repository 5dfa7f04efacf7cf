"""Statuses of an appointment and the functions a representative names. Stable English codes; labels
translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from itisa.accounts.choices import Role


class AppointmentStatus(models.TextChoices):
    """Pending (applied for) → confirmed (the organisation's one appointed representative) or rejected
    (with a reason); a confirmed appointment ends when another is confirmed for the organisation."""

    PENDING = "pending", pgettext_lazy("appointment", "Pending")
    CONFIRMED = "confirmed", pgettext_lazy("appointment", "Confirmed")
    REJECTED = "rejected", pgettext_lazy("appointment", "Rejected")
    ENDED = "ended", pgettext_lazy("appointment", "Ended")


class Function(models.TextChoices):
    """What a named person does for the organisation (see the app's docstring for each one's reference)."""

    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")
    SIGNATORY = "signatory", _("Authorised signatory")
    CONTACT = "member_contact", _("Member contact")
    DELEGATE = "delegate", _("Delegate")
    BACKUP = "backup", _("Backup")


# Functions that are roles: naming grants ``accounts.RoleAssignment`` rows (one per alliance the
# organisation is an active member of) through ``accounts.services.role_grant``; RoleAssignment is the one
# record of who holds them.
ROLE_OF: dict[str, str] = {
    Function.LEGAL_REPRESENTATIVE: Role.LEGAL_REPRESENTATIVE,
    Function.CONTACT: Role.MEMBER_CONTACT,
}
# Functions without a role: kept as ``Designation`` rows of this app.
STORED = (Function.SIGNATORY, Function.DELEGATE, Function.BACKUP)
