"""Statuses and kinds of diffusion (国科发政〔2008〕770号 第八条(六): publicly funded results diffuse)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObligationStatus(models.TextChoices):
    """open → met (in time) | overdue (the deadline passed, by the clock); overdue → met_late."""

    OPEN = "open", _("Open")
    MET = "met", _("Met")
    OVERDUE = "overdue", _("Overdue")
    MET_LATE = "met_late", _("Met late")


UNMET = (ObligationStatus.OPEN, ObligationStatus.OVERDUE)


class Means(models.TextChoices):
    """The accepted ways of diffusing a result (the Horizon Results Platform's, and Art. 5's standards)."""

    CATALOGUE = "catalogue", _("Entry in the public catalogue")
    LICENCE = "licence", _("Licence granted")
    LICENCE_OFFER = "licence_offer", _("Open licence offer")
    PUBLICATION = "publication", _("Open publication")
    STANDARD = "standard", _("Adopted in a standard")


# means recorded by hand, with their proof (the catalogue and licences are recorded by the platform itself)
MANUAL_MEANS = (Means.LICENCE_OFFER, Means.PUBLICATION, Means.STANDARD)


class ListingStatus(models.TextChoices):
    """draft → published (the secretariat moderates) → withdrawn → published again."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Licensing(models.TextChoices):
    """What the catalogue says about a result's licensing, computed from its licences on the day."""

    AVAILABLE = "available", _("Open for licensing")
    LICENSED = "licensed", _("Licensed (non-exclusive)")
    EXCLUSIVE = "exclusive", _("Licensed exclusively")
