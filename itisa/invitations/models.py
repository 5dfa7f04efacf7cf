"""An invitation to a role: sent by e-mail with a secret link, accepted once, before it expires."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from itisa.accounts.choices import Role
from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.invitations.choices import STORED_STATUSES, InvitationStatus


class Invitation(models.Model):
    """An invitation, sent by e-mail, to take a role in a scope (as ``accounts.RoleAssignment`` scopes it).

    Only the SHA-256 digest of the link's secret is stored, as for API tokens: the secret is in the
    e-mail, once; sending again replaces it (the old link stops working). Accepting grants the role
    through ``accounts.services.role_grant`` and records the assignment it made. ``invited_by`` empty
    is the operator at the command line (the system).
    """

    email = models.EmailField(_("e-mail address"), max_length=254)
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    alliance = models.ForeignKey(
        "registry.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices, blank=True)
    department = models.CharField(_("granting department"), max_length=200, blank=True)
    language = models.CharField(
        _("language of the e-mail"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("last sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=[(s.value, s.label) for s in STORED_STATUSES],
        default=InvitationStatus.PENDING,
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    assignment = models.ForeignKey(
        "accounts.RoleAssignment",
        verbose_name=_("role assignment"),
        # a role may be revoked later (the assignment deleted); the invitation and the audit stay
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    PREFIX = "inv_"

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # one pending invitation per address, role and scope: a second is refused, even in a race
            models.UniqueConstraint(
                "email",
                "role",
                Coalesce("alliance", 0),
                Coalesce("organisation", 0),
                "province",
                "industry",
                "department",
                condition=models.Q(status="pending"),
                name="invitations_one_pending_per_scope",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in STORED_STATUSES]),
                name="invitations_stored_status",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("sent_at")),
                name="invitations_expires_after_sending",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="invitations_status_idx")]

    def __str__(self) -> str:
        return f"{self.email} · {self.get_role_display()}"

    @staticmethod
    def digest_of(secret: str) -> str:
        """What is stored of a secret: its SHA-256, hex."""
        return hashlib.sha256(secret.encode("utf-8")).hexdigest()

    def is_expired(self, now: dt.datetime) -> bool:
        """A pending invitation expires at ``expires_at``: valid before that instant, never after."""
        return self.status == InvitationStatus.PENDING and now >= self.expires_at

    def status_at(self, now: dt.datetime) -> str:
        """The status as people read it: ``expired`` for a pending invitation past its time."""
        return InvitationStatus.EXPIRED if self.is_expired(now) else self.status

    def status_label_at(self, now: dt.datetime) -> str:
        return str(InvitationStatus(self.status_at(now)).label)

    def scope_label(self) -> str:
        """Where the role applies, in the active language: the alliance (and member), province, industry,
        department, or the whole country."""
        from django.utils.translation import get_language

        english = (get_language() or "").startswith("en")
        alliance = self.alliance
        if alliance is not None:
            text = (
                alliance.name_en if english and alliance.name_en else alliance.name_zh
            ) + f" ({alliance.code})"
            org = self.organisation
            if org is not None:
                text += " · " + (org.name_en if english and org.name_en else org.name_zh)
            return text
        if self.province:
            return str(self.get_province_display())
        if self.industry:
            return str(self.get_industry_display())
        if self.department:
            return self.department
        return str(_("National"))
