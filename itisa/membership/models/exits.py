"""Leaving an alliance: written notice of exit, and expulsion for breach with its consequences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.membership.choices import ClaimStatus, ExitStatus, ExpulsionStatus
from itisa.membership.models.memberships import Membership


class ExitNotice(TimestampedModel):
    """A member's written notice of exit; the membership ends after the notice period, once dues are settled."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="exit_notices"
    )
    given_on = models.DateField(_("notice given on"))
    effective_on = models.DateField(_("membership ends on"))
    notice_days = models.PositiveIntegerField(_("notice period (days)"))
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ExitStatus.choices, default=ExitStatus.PENDING
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice of exit")
        verbose_name_plural = _("notices of exit")
        ordering = ["effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=models.Q(status="pending"),
                name="membership_one_pending_exit",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_on__gte=models.F("given_on")),
                name="membership_exit_after_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} exits {self.effective_on}"


class Expulsion(TimestampedModel):
    """Expulsion for breach: a motion of the deciding body; if it passes, the consequences are recorded."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="expulsions"
    )
    grounds = models.TextField(_("breach (grounds)"))
    motion = models.OneToOneField(
        "governance.Motion", verbose_name=_("motion"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ExpulsionStatus.choices, default=ExpulsionStatus.VOTING
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # consequences, recorded when the motion passes
    rights_end_on = models.DateField(_("rights end on"), null=True, blank=True)
    confidentiality_continues = models.BooleanField(_("the confidentiality duty continues"), default=True)
    licences_continue = models.BooleanField(_("licences the member granted continue"), default=True)
    contributions_refunded = models.BooleanField(_("contributions refunded"), default=False)
    # whether a grant-recovery claim is opened if the member is expelled: as the agreement's breach
    # clause says (``breach.grant_recovery``; always, for an alliance without an agreement in force)
    recover_grants = models.BooleanField(_("grants are recovered"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("expulsion")
        verbose_name_plural = _("expulsions")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                condition=models.Q(status="voting"),
                name="membership_one_expulsion_vote",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.status}"


class GrantRecoveryClaim(TimestampedModel):
    """A claim to recover government grants from an expelled member, or from a member the council
    decided on a breach notice should repay them (booked by the ledger issue)."""

    expulsion = models.OneToOneField(
        Expulsion,
        verbose_name=_("expulsion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recovery_claim",
    )
    breach = models.OneToOneField(
        "membership.BreachNotice",
        verbose_name=_("notice of breach"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recovery_claim",
    )
    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.OPEN
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("grant recovery claim")
        verbose_name_plural = _("grant recovery claims")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expulsion__isnull=False) | models.Q(breach__isnull=False),
                name="membership_claim_from_expulsion_or_breach",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}@{self.alliance_id}: {self.status}"
