"""The append-only, hash-chained audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One audited action: who, when, what code, on which object, with which data.

    Entries form a SHA-256 chain over canonical JSON (RFC 8785): ``hash = sha256(prev_hash ‖ body)``.
    The sequence is gap-free; the database refuses UPDATE and DELETE (see the trigger migration).
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("actor label"), max_length=200, blank=True)
    action = models.CharField(_("action code"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditHead(models.Model):
    """The single row that serialises appends: the latest sequence number and hash.

    Appending locks this row (``select_for_update``) so two transactions cannot take the same
    sequence number; the unique constraint on ``AuditEntry.seq`` closes any remaining race.
    """

    singleton = models.PositiveSmallIntegerField(_("singleton"), primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(_("sequence"), default=0)
    hash = models.CharField(_("hash"), max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit head")
        verbose_name_plural = _("audit head")
        constraints = [models.CheckConstraint(condition=models.Q(singleton=1), name="audit_head_singleton")]

    def __str__(self) -> str:
        return f"head #{self.seq}"
