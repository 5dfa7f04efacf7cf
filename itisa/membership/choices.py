"""Membership ranks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rank(models.TextChoices):
    """A member's rank in the alliance; dues may be tiered by it (DOMAIN.md, "Admission")."""

    CHAIR = "chair", _("Chair unit")
    VICE_CHAIR = "vice_chair", _("Vice-chair unit")
    COUNCIL = "council", _("Council member unit")
    ORDINARY = "ordinary", _("Ordinary member")
