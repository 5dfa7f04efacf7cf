"""Kinds of shared platform, their capacity units and the states of a platform and of a booking."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlatformKind(models.TextChoices):
    """What an alliance opens to its members (国科发政〔2008〕770号 Art. 5: public technology platforms and
    shared major equipment)."""

    TECHNOLOGY = "technology", _("Technology platform")
    EQUIPMENT = "equipment", _("Major equipment")
    TESTING = "testing", _("Test and inspection")
    PILOT = "pilot", _("Pilot line")
    DATA = "data", _("Data and computing")


class CapacityUnit(models.TextChoices):
    """What a platform's use is counted and charged in."""

    HOUR = "hour", _("Hour")
    DAY = "day", _("Day")
    SAMPLE = "sample", _("Sample")


class PlatformStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    RETIRED = "retired", _("Retired")


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
