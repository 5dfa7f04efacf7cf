"""Membership of an organisation in an alliance."""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.membership.choices import Rank
from itisa.registry.memberships import active_membership_on_q, active_membership_q


class MembershipQuerySet(models.QuerySet["Membership"]):
    """Memberships, with the active-membership rule of ``registry.memberships``.

    The default manager, so reverse relations have it too: ``alliance.memberships.active()``.
    """

    def active(self) -> Self:
        """Memberships not yet left."""
        return self.filter(active_membership_q())

    def active_on(self, day: dt.date) -> Self:
        """Memberships that had begun and not yet ended on ``day``."""
        return self.filter(active_membership_on_q(day))


class Membership(TimestampedModel):
    """An organisation's membership of an alliance, from ``joined_on`` until ``left_on``.

    At most one active (not yet left) membership per organisation and alliance, enforced by the
    database; past memberships stay as history.
    """

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    rank = models.CharField(_("rank"), max_length=20, choices=Rank.choices, default=Rank.ORDINARY)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.TextField(_("reason for leaving"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["alliance_id", "joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organisation"],
                condition=active_membership_q(),
                name="membership_one_active_per_org_and_alliance",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}@{self.alliance_id} ({self.rank})"

    @property
    def is_active(self) -> bool:
        return self.left_on is None
