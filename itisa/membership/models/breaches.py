"""Breach of the agreement (Art. 8(5), "breach liability enforced"): the secretariat's notice of breach,
the defaulting member's cure period from the agreement in force, the status history, and the suspension
of a member's rights the council may decide."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.core.workflows import StatusChange
from itisa.membership.choices import BreachStatus
from itisa.membership.models.exits import Expulsion
from itisa.membership.models.memberships import Membership

OPEN_BREACH_STATUSES = (
    BreachStatus.SERVED,
    BreachStatus.CURE_REPORTED,
    BreachStatus.LAPSED,
    BreachStatus.REFERRED,
)


class BreachNotice(TimestampedModel):
    """A notice of breach served on a member: the clause breached, the facts, and the cure period.

    The cure period is the procedures' ``breach_cure_days`` of the agreement in force when it is
    served (``agreement`` records which version); ``cure_by`` is its last day (Civil Code Art. 201:
    the day of service is not counted). Past it the notice lapses by itself (membership/breach/clocks.py).
    """

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="breach_notices"
    )
    clause = models.CharField(_("clause breached"), max_length=300)
    # whether ``clause`` is one of the agreement's listed breaches (``breach.breaches``) or free text
    clause_listed = models.BooleanField(_("a breach the agreement lists"), default=False)
    facts = models.TextField(_("facts"))
    served_on = models.DateField(_("served on"))
    served_at = models.DateTimeField(_("served at"))
    cure_days = models.PositiveIntegerField(_("cure period (days)"))
    cure_by = models.DateField(_("cure by"))
    agreement = models.ForeignKey(
        "agreements.AgreementVersion",
        verbose_name=_("agreement version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BreachStatus.choices, default=BreachStatus.SERVED
    )
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("served by"), on_delete=models.PROTECT, related_name="+"
    )
    cure_report = models.TextField(_("the member's report of the cure"), blank=True)
    cure_evidence = models.TextField(_("evidence of the cure"), blank=True)
    # the council's vote on the remedies (a motion of the deciding body) and the remedies put to it
    motion = models.OneToOneField(
        "governance.Motion",
        verbose_name=_("motion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    suspend_from = models.DateField(_("rights suspended from"), null=True, blank=True)
    suspend_until = models.DateField(_("rights suspended until"), null=True, blank=True)
    expel = models.BooleanField(_("expulsion proposed"), default=False)
    recover_grants = models.BooleanField(_("recovery of grants proposed"), default=False)
    expulsion = models.OneToOneField(
        Expulsion,
        verbose_name=_("expulsion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="breach_notice",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice of breach")
        verbose_name_plural = _("notices of breach")
        ordering = ["-served_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cure_by__gte=models.F("served_on")),
                name="membership_breach_cure_after_service",
            ),
            models.CheckConstraint(
                condition=models.Q(suspend_from__isnull=True)
                | models.Q(suspend_until__gte=models.F("suspend_from")),
                name="membership_breach_suspension_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.clause} ({self.status})"


class BreachStatusChange(StatusChange):
    """One move of a notice of breach: never edited (database triggers)."""

    subject_field = "breach"

    breach = models.ForeignKey(
        BreachNotice,
        verbose_name=_("notice of breach"),
        on_delete=models.PROTECT,
        related_name="status_changes",
    )
    old_status = models.CharField(_("old status"), max_length=20, choices=BreachStatus.choices, blank=True)
    new_status = models.CharField(_("new status"), max_length=20, choices=BreachStatus.choices)

    class Meta:
        verbose_name = _("breach status change")
        verbose_name_plural = _("breach status changes")
        ordering = ["at", "pk"]


class Suspension(TimestampedModel):
    """A member's rights suspended from ``starts_on`` to ``ends_on`` (both included) by the council's
    decision on a breach: while suspended, the seats it holds in the alliance's bodies cannot vote."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="suspensions"
    )
    breach = models.OneToOneField(
        BreachNotice, verbose_name=_("notice of breach"), on_delete=models.PROTECT, related_name="suspension"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        verbose_name = _("suspension of rights")
        verbose_name_plural = _("suspensions of rights")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="membership_suspension_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} suspended {self.starts_on}–{self.ends_on}"
