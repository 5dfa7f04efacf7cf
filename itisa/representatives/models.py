"""An organisation's appointed representative (the LEAR) and the people it names to functions that have no
role of their own (signatories, delegates, backups)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.representatives.choices import STORED, AppointmentStatus, Function


class Appointment(models.Model):
    """One application to be an organisation's appointed representative and its outcome. At most one is
    confirmed per organisation at a time (a constraint, so a race cannot make two); a new representative
    is a new row and the previous confirmed one ends (``ended_at``, ``replaced_by``), never edited away.
    ``applied_by`` is the person who applied (the candidate) or proposed the candidate."""

    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed representative"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    statement = models.TextField(
        _("mandate"),
        max_length=2000,
        blank=True,
        help_text=_("How the organisation appointed this person, e.g. the letter of appointment."),
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied at"))
    status = models.CharField(
        _("status"), max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("appointed representative")
        verbose_name_plural = _("appointed representatives")
        ordering = ["-applied_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="confirmed"),
                name="representatives_one_confirmed_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(status="pending"),
                name="representatives_one_pending_per_candidate",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AppointmentStatus.values), name="representatives_status"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(reason=""),
                name="representatives_rejection_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "organisation"], name="representatives_status_idx")]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.user}"


class Designation(models.Model):
    """A person named by the representative to a function that has no role (``choices.STORED``): an
    authorised signatory, a delegate or a backup. Removing one ends it (``ended_at``); the row stays."""

    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="designations",
    )
    function = models.CharField(
        _("function"), max_length=30, choices=[(f.value, f.label) for f in Function if f in STORED]
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    named_at = models.DateTimeField(_("named at"))
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        ordering = ["function", "named_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "function", "user"],
                condition=models.Q(ended_at__isnull=True),
                name="representatives_one_current_designation",
            ),
            models.CheckConstraint(
                condition=models.Q(function__in=[f.value for f in STORED]),
                name="representatives_designation_function",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_function_display()} · {self.user}"
