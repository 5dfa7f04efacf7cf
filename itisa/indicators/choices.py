from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """Where an indicator value comes from."""

    SYSTEM = "system", _("computed from the system's records")
    SELF_REPORTED = "self_reported", _("self-reported with evidence")
