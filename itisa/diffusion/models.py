"""Diffusion of publicly funded results (国科发政〔2008〕770号 第八条(六)) and the public results catalogue.

- ``Obligation``: a publicly funded result owes its granting department a diffusion by a deadline. It arises
  (by the clock ``diffusion.obligation.arise``) once its start is known — the acceptance (or termination)
  of the project the result came from, or the result's registration when later or when it has no project —
  and its deadline is the start plus the ``diffusion.deadline_months`` of the agreement in force then
  (12 months by default, the Horizon Results Platform's rule). One per result and granting department.
- ``Diffusion``: how it was met (catalogue entry, licence, open licence offer, publication, standard),
  when, with what proof. Write-once and sealed; a correction is a new record.
- ``Listing``: a result's entry in the public catalogue, with what the secretariat lets the public see;
  ``SearchDoc`` is the published listing's search row (n-gram tokens and the filter facts), indexed by
  SQLite FTS5 or PostgreSQL full text (``search.py``).
- ``ContactMessage``: a message from the public about a listing, for the secretariat.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.core.workflows import StatusChange
from itisa.diffusion.choices import ListingStatus, Means, ObligationStatus


class Obligation(TimestampedModel):
    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.ForeignKey(
        "results.Result", verbose_name=_("result"), on_delete=models.PROTECT, related_name="obligations"
    )
    # the granting department of the government plan grant that paid for the result (ledger.Fund)
    department = models.CharField(_("granting department"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    deadline = models.DateField(_("deadline"))
    months = models.PositiveSmallIntegerField(_("months to diffuse"))
    # the agreement version in force when the obligation arose (none: the default term applied)
    agreement = models.ForeignKey(
        "agreements.AgreementVersion",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ObligationStatus.choices, default=ObligationStatus.OPEN
    )
    met_on = models.DateField(_("met on"), null=True, blank=True)

    class Meta:
        verbose_name = _("diffusion obligation")
        verbose_name_plural = _("diffusion obligations")
        ordering = ["alliance_id", "deadline", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["result", "department"], name="diffusion_obligation_once"),
            models.CheckConstraint(condition=models.Q(deadline__gte=models.F("starts_on")),
                                   name="diffusion_deadline_after_start"),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["status", "deadline"], name="diffusion_obligation_due_idx"),
            models.Index(fields=["department", "status"], name="diffusion_department_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.result_id} → {self.department} by {self.deadline}"


class ObligationStatusChange(StatusChange):
    """One move of an obligation's status (write-once: database triggers; sealed)."""

    subject_field = "obligation"
    obligation = models.ForeignKey(
        Obligation, verbose_name=_("obligation"), on_delete=models.PROTECT, related_name="status_changes"
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("obligation status change")
        verbose_name_plural = _("obligation status changes")


class Diffusion(models.Model):
    """One diffusion of a result that meets its obligations (write-once: triggers; sealed)."""

    result = models.ForeignKey(
        "results.Result", verbose_name=_("result"), on_delete=models.PROTECT, related_name="diffusions"
    )
    means = models.CharField(_("means"), max_length=20, choices=Means.choices)
    on = models.DateField(_("date"))
    # what proves it: a DOI or address of the publication, a standard's number, the offer's document
    proof = models.CharField(_("proof"), max_length=300, blank=True)
    # the platform's own record, when the platform made it
    listing = models.ForeignKey(
        "Listing", verbose_name=_("catalogue entry"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    licence = models.ForeignKey(
        "licensing.Licence", verbose_name=_("licence"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("diffusion")
        verbose_name_plural = _("diffusions")
        ordering = ["result_id", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.result_id}: {self.means} {self.on}"


class Listing(TimestampedModel):
    """A result's entry in the public catalogue: what the public may see is chosen here, per result."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.OneToOneField(
        "results.Result", verbose_name=_("result"), on_delete=models.PROTECT, related_name="listing"
    )
    abstract_zh = models.TextField(_("abstract"), max_length=2000)
    abstract_en = models.TextField(_("abstract (English)"), max_length=2000, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    show_owners = models.BooleanField(_("show the owners"), default=True)
    show_number = models.BooleanField(_("show the registration number"), default=True)
    contact = models.BooleanField(_("accept enquiries"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ListingStatus.choices, default=ListingStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        ordering = ["alliance_id", "-pk"]

    def __str__(self) -> str:
        return f"{self.result_id} ({self.status})"


class ListingStatusChange(StatusChange):
    subject_field = "listing"
    listing = models.ForeignKey(
        Listing, verbose_name=_("catalogue entry"), on_delete=models.PROTECT, related_name="status_changes"
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("catalogue entry status change")
        verbose_name_plural = _("catalogue entry status changes")


class SearchDoc(models.Model):
    """The search row of a published listing: its text as n-gram tokens (``rules.tokens``) and the facts
    the catalogue filters on. Written by the services only; indexed by ``search.py``'s backend."""

    listing = models.OneToOneField(
        Listing, verbose_name=_("catalogue entry"), on_delete=models.CASCADE, related_name="search_doc"
    )
    # CJK characters (single and pairs, each run in order) and Latin words, space-separated: of the title
    # and keywords (t_*, ranked higher) and of the rest (abstract, owners, number, alliance)
    t_uni = models.TextField(blank=True)
    t_bi = models.TextField(blank=True)
    t_words = models.TextField(blank=True)
    uni = models.TextField(blank=True)
    bi = models.TextField(blank=True)
    words = models.TextField(blank=True)
    title_zh = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    alliance_code = models.CharField(max_length=20)
    result_code = models.CharField(max_length=20)
    kind = models.CharField(max_length=20)
    industry = models.CharField(max_length=1)
    province = models.CharField(max_length=2, blank=True)
    # the licences' reach: the last day of any licence, and of an exclusive one (today's status by comparison)
    licensed_until = models.DateField(null=True, blank=True)
    exclusive_until = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField()

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [models.Index(fields=["kind", "industry", "province"], name="diffusion_searchdoc_filter")]

    def __str__(self) -> str:
        return f"{self.alliance_code}/{self.result_code}"


class ContactMessage(models.Model):
    """A message from the public about a listing; the secretariat reads it (never edited)."""

    listing = models.ForeignKey(
        Listing, verbose_name=_("catalogue entry"), on_delete=models.PROTECT, related_name="messages"
    )
    name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    message = models.TextField(_("message"), max_length=4000)
    at = models.DateTimeField(_("received at"))
    # a one-way digest of the sender's address, for the rate limit (the address itself is not kept)
    sender_digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["sender_digest", "at"], name="diffusion_message_rate_idx")]

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.name}"
