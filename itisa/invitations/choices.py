"""Statuses of an invitation. Stable English codes; labels translated."""

from django.db import models
from django.utils.translation import pgettext_lazy


class InvitationStatus(models.TextChoices):
    """What is stored: pending until accepted or revoked. Expiry is read from the clock (``EXPIRED`` is
    never stored: a pending invitation past its ``expires_at`` is expired, whether or not anything ran)."""

    PENDING = "pending", pgettext_lazy("invitation", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
    REVOKED = "revoked", pgettext_lazy("invitation", "Revoked")
    EXPIRED = "expired", pgettext_lazy("invitation", "Expired")


STORED_STATUSES = (InvitationStatus.PENDING, InvitationStatus.ACCEPTED, InvitationStatus.REVOKED)

# How long an invitation stays valid, in days: 14 unless the inviter chooses otherwise within 1–60.
DEFAULT_DAYS = 14
MIN_DAYS = 1
MAX_DAYS = 60
