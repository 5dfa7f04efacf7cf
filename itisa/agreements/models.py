"""Agreement versions, their signatories, signing keys and signatures (Art. 8(2)).

Signatures are legal records: the database refuses to update or delete them (migration 0002).
A signing key holds only the public half; the private key stays with the signer (Electronic
Signature Law art. 13).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.agreements.choices import Capacity, KeyStatus, VersionKind, VersionStatus
from itisa.core.models import TimestampedModel
from itisa.core.workflows import StatusChange


class AgreementVersion(TimestampedModel):
    """One version of an alliance's agreement: the founding text, an amendment, or an accession.

    Editable while a draft; frozen (canonical bytes and digest fixed) once opened for signature;
    effective when every signatory has signed.
    """

    alliance = models.ForeignKey(
        "registry.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.PROTECT,
        related_name="agreement_versions",
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=VersionKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    content = models.JSONField(_("content"), default=dict)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derived_versions",
        help_text=_("The version an amendment changes, or the version an accession instrument accedes to."),
    )
    acceding_organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("acceding organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accessions",
    )
    canonical = models.BinaryField(_("canonical form"), null=True, blank=True, editable=False)
    digest = models.CharField(_("SHA-256 digest"), max_length=64, blank=True, editable=False)
    opened_at = models.DateTimeField(_("opened for signature at"), null=True, blank=True)
    effective_at = models.DateTimeField(_("effective at"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["alliance_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "number"], name="agreements_version_number_unique"),
            # at most one effective agreement or amendment per alliance at any time
            models.UniqueConstraint(
                fields=["alliance"],
                condition=models.Q(status="effective") & ~models.Q(kind="accession"),
                name="agreements_one_effective_version",
            ),
            # one agreement or amendment in the making (draft or open) at a time
            models.UniqueConstraint(
                fields=["alliance"],
                condition=models.Q(status__in=["draft", "open"]) & ~models.Q(kind="accession"),
                name="agreements_one_pending_version",
            ),
            # one accession in the making per organisation and alliance
            models.UniqueConstraint(
                fields=["alliance", "acceding_organisation"],
                condition=models.Q(status__in=["draft", "open"], kind="accession"),
                name="agreements_one_pending_accession",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind="accession", acceding_organisation__isnull=False, based_on__isnull=False
                )
                | (~models.Q(kind="accession") & models.Q(acceding_organisation__isnull=True)),
                name="agreements_accession_names_member_and_version",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "withdrawn"]) | ~models.Q(digest=""),
                name="agreements_frozen_version_has_digest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alliance_id}/v{self.number}"

    @property
    def label(self) -> str:
        """``CSA/v2``: how people and commands name a version."""
        return f"{self.alliance.code}/v{self.number}"


class VersionStatusChange(StatusChange):
    """History of a version's status: one row per move, never edited."""

    subject_field = "version"
    system_label = "system"

    version = models.ForeignKey(
        AgreementVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="status_changes"
    )
    old_status = models.CharField(_("old status"), max_length=20, choices=VersionStatus.choices, blank=True)
    new_status = models.CharField(_("new status"), max_length=20, choices=VersionStatus.choices)

    class Meta:
        verbose_name = _("agreement status change")
        verbose_name_plural = _("agreement status changes")
        ordering = ["at", "pk"]


class Signatory(models.Model):
    """An organisation that must sign a version, with its legal representative as of the version."""

    version = models.ForeignKey(
        AgreementVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="signatories"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    capacity = models.CharField(
        _("capacity"), max_length=20, choices=Capacity.choices, default=Capacity.PARTY
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18)
    address = models.CharField(_("address"), max_length=300, blank=True)
    representative = models.ForeignKey(
        "registry.Person",
        verbose_name=_("legal representative"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    representative_name = models.CharField(_("legal representative (name)"), max_length=100, blank=True)
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["version_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "organisation"], name="agreements_signatory_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name_zh} ({self.get_capacity_display()})"


class SigningKey(models.Model):
    """A person's Ed25519 public key. The private key never reaches the server.

    Registered by the account that holds the key, for the legal representative it belongs to;
    usable once the secretariat has confirmed the binding after checking identity.
    """

    key_id = models.CharField(_("key id"), max_length=32, unique=True)
    public_key = models.BinaryField(_("public key (32 bytes)"))
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="signing_keys"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("registered for organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signing_keys",
        help_text=_(
            "The account that registered the key and signs with it; empty for keys imported from a dossier."
        ),
    )
    label = models.CharField(_("label"), max_length=100, blank=True)
    origin = models.CharField(_("created with"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=KeyStatus.choices, default=KeyStatus.PENDING
    )
    registered_at = models.DateTimeField(_("registered at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    identity_check = models.TextField(_("how identity was checked"), blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["-registered_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="confirmed") | models.Q(confirmed_at__isnull=False),
                name="agreements_confirmed_key_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="revoked") | models.Q(revoked_at__isnull=False),
                name="agreements_revoked_key_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key_id} ({self.get_status_display()})"


class Signature(models.Model):
    """A verified Ed25519 signature of a version's digest, by a signatory's legal representative.

    Never updated or deleted (database triggers); one per signatory and version (unique constraint).
    """

    version = models.ForeignKey(
        AgreementVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="signatures"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    signer = models.ForeignKey(
        "registry.Person", verbose_name=_("signer"), on_delete=models.PROTECT, related_name="signatures"
    )
    signer_name = models.CharField(_("signer (name)"), max_length=100)
    key = models.ForeignKey(
        SigningKey, verbose_name=_("key"), on_delete=models.PROTECT, related_name="signatures"
    )
    digest = models.CharField(_("signed digest"), max_length=64)
    signature = models.BinaryField(_("signature (64 bytes)"))
    signed_at = models.DateTimeField(_("signed at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    imported = models.BooleanField(_("imported from a dossier"), default=False)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["version_id", "signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organisation"], name="agreements_one_signature_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} → {self.version_id}"


class SigningCopy(models.Model):
    """What a party reads and signs, fixed when the version is opened for signature (issue 15, item 6).

    ``pdf`` is the Chinese PDF rendered once, at that moment; ``statement`` is the exact text each party
    signs (``itisa-signature-statement/2``, ``agreements.statement``): it names the version, the SHA-256
    of the canonical bytes and the SHA-256 of this PDF, so the PDF a signer reads is bound to the
    signatures. Never updated or deleted (database triggers); versions opened before it existed have no
    signing copy and were signed in statement format 1 (the digest alone).
    """

    version = models.OneToOneField(
        AgreementVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="signing_copy"
    )
    statement_format = models.PositiveSmallIntegerField(_("statement format"))
    statement = models.BinaryField(_("signed statement"))
    pdf = models.BinaryField(_("PDF as read by the signers"), null=True, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("signing copy")
        verbose_name_plural = _("signing copies")

    def __str__(self) -> str:
        return f"{self.version_id}: {self.pdf_sha256[:16]}"
