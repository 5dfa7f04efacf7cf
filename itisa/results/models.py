"""Results of alliance work and the IP in them (Art. 5: IP sharing and transfer; Art. 8(5): ownership,
licensed use and the split of proceeds agreed in advance; Art. 8(6): publicly funded results diffuse).

A result has a kind, the project and funding sources it came from (publicly funded when one of them
is a government plan grant), the members that contributed and the people with their shares, a CNIPA
number checked with its check character for the patent kinds, a status with dates, and its owners:
derived at registration from the agreement's default ownership rule and recorded with that agreement
version, then changed only by a recorded decision (a resolution, or the owners' written consent).
Every ownership is a new write-once record; licences and revenue (issue 16 items 3–4) point at a
result and read its current owners and shares.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from itisa.core.models import TimestampedModel
from itisa.core.workflows import StatusChange
from itisa.results.choices import (
    AccessPurpose,
    AccessRequestStatus,
    AccessTerms,
    OwnershipBasis,
    ResultKind,
    ResultStatus,
)


def _share_bounds(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(share__gt=0, share__lte=100), name=f"results_{name}_share_0_100"
    )


class Result(TimestampedModel):
    """A result of the alliance, numbered per alliance (``R00001``)."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="results"
    )
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20, choices=ResultKind.choices)
    title_zh = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
    )
    funding = models.ManyToManyField(
        "projects.FundingSource", verbose_name=_("funding sources"), blank=True, related_name="results"
    )
    # derived by the service from the funding sources (a government plan grant), never typed in
    publicly_funded = models.BooleanField(_("publicly funded"), default=False)
    # a patent's canonical application number (digits, ".", check character); otherwise the office's
    # registration number (software copyright 2000SR…, a standard's number) or empty
    number = models.CharField(_("number"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ResultStatus.choices)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    granted_on = models.DateField(_("granted on"), null=True, blank=True)
    lapsed_on = models.DateField(_("lapsed on"), null=True, blank=True)
    # shown to the public once the secretariat allows it (the public catalogue comes later)
    public = models.BooleanField(_("public"), default=False)
    # the current ownership record (the latest one)
    ownership = models.OneToOneField(
        "OwnershipRecord",
        verbose_name=_("current ownership"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="current_of",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["alliance_id", "-code"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "code"], name="results_code_per_alliance"),
            models.UniqueConstraint(fields=["alliance", "kind", "number"], condition=~models.Q(number=""),
                                    name="results_number_once_per_alliance"),
        ]  # fmt: skip
        indexes = [models.Index(fields=["alliance", "kind", "status"], name="results_filter_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.title_zh}"


class ResultStatusChange(StatusChange):
    """One move of a result's status (write-once: database triggers; sealed)."""

    subject_field = "result"
    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.PROTECT, related_name="status_changes"
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("result status change")
        verbose_name_plural = _("result status changes")


class Contribution(models.Model):
    """A member that contributed to the result, with its share of the contribution (the shares of a
    result add up to exactly 100). Written once, at registration."""

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.PROTECT, related_name="contributions"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["result_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["result", "organisation"], name="results_contribution_once"),
            _share_bounds("contribution"),
        ]

    def __str__(self) -> str:
        return f"{self.result_id}: {self.organisation_id} {self.share}%"


class Inventor(models.Model):
    """A person who made the result (inventor, author, designer) with their share (adding up to 100):
    the basis of the statutory reward (《促进科技成果转化法》 Arts. 44–45). Written once."""

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.PROTECT, related_name="inventors"
    )
    name = models.CharField(_("name"), max_length=100)
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("inventor")
        verbose_name_plural = _("inventors")
        ordering = ["result_id", "pk"]
        constraints = [_share_bounds("inventor")]

    def __str__(self) -> str:
        return f"{self.name} {self.share}%"


class OwnershipRecord(models.Model):
    """Who owns the result from a moment on, and on what basis: the agreement's rule at registration
    (with the agreement version), the project contract, the law, or a decision recorded for a change (a
    passed resolution of the decision body, or the owners' written consent). Write-once; sealed."""

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.PROTECT, related_name="ownership_records"
    )
    seq = models.PositiveIntegerField(_("number"))
    basis = models.CharField(_("basis"), max_length=20, choices=OwnershipBasis.choices)
    # the agreement version whose ip.default_ownership applied, and that rule's code
    agreement = models.ForeignKey(
        "agreements.AgreementVersion",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rule = models.CharField(_("ownership rule"), max_length=30, blank=True)
    motion = models.ForeignKey(
        "governance.Motion",
        verbose_name=_("resolution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # the written consent (or the project contract): its reference and date
    document_ref = models.CharField(_("document"), max_length=200, blank=True)
    document_on = models.DateField(_("document dated"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("ownership record")
        verbose_name_plural = _("ownership records")
        ordering = ["result_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["result", "seq"], name="results_ownership_seq")]

    def __str__(self) -> str:
        return f"{self.result_id} #{self.seq}"


class Owner(models.Model):
    """An owner's share in an ownership record (the shares of a record add up to exactly 100)."""

    record = models.ForeignKey(
        OwnershipRecord, verbose_name=_("ownership record"), on_delete=models.PROTECT, related_name="owners"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_result_shares",
    )
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        ordering = ["record_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["record", "organisation"], name="results_owner_once"),
            _share_bounds("owner"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.share}%"


class BackgroundIP(models.Model):
    """IP a member brings into the alliance, declared at or after joining, with the restrictions on its
    use (the agreement's ``ip.background_ip_zh``: used by project partners on fair and reasonable terms
    within the agreed scope). Written once; a correction is a new declaration."""

    alliance = models.ForeignKey(
        "registry.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.PROTECT,
        related_name="background_ip",
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="background_ip",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ResultKind.choices)
    title_zh = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("number"), max_length=50, blank=True)
    restrictions_zh = models.TextField(_("restrictions"))
    declared_on = models.DateField(_("declared on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("declared by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("background IP")
        verbose_name_plural = _("background IP")
        ordering = ["alliance_id", "organisation_id", "declared_on", "pk"]

    def __str__(self) -> str:
        return self.title_zh


class AccessRequest(TimestampedModel):
    """A member asks for access rights to a result it does not own (DESCA 9: access rights are granted
    when "needed" to carry out its own project work or to exploit its own results). Accepted only up to
    the agreement's ``procedures.access_request_months`` after the result's project ends, and never from
    a member whose rights are suspended for breach. The owners decide: grant with terms, or refuse with
    the reason. Its status moves through ``workflows.ACCESS_TRANSITIONS`` with a write-once history."""

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.PROTECT, related_name="access_requests"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("requesting member"),
        on_delete=models.PROTECT,
        related_name="result_access_requests",
    )
    purpose = models.CharField(
        pgettext_lazy("access rights", "purpose"), max_length=30, choices=AccessPurpose.choices
    )
    justification = models.TextField(
        _("why access is needed"), max_length=4000, validators=[MaxLengthValidator(4000)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AccessRequestStatus.choices, default=AccessRequestStatus.REQUESTED
    )
    # the last day a request was accepted (the project's end plus the agreement's months), as computed
    # when it was made; None: the result came from no project, so no window applies
    window_ends_on = models.DateField(_("requests accepted until"), null=True, blank=True)
    agreement = models.ForeignKey(
        "agreements.AgreementVersion",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    terms = models.CharField(_("terms"), max_length=20, choices=AccessTerms.choices, blank=True)
    # the conditions (granted) or the reason (refused), as the owners wrote them
    decision_note = models.TextField(
        _("conditions or reason"), max_length=4000, blank=True, validators=[MaxLengthValidator(4000)]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_for = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("decided for the owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["result_id", "-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "organisation", "purpose"],
                condition=models.Q(status="requested"),
                name="results_access_one_open_request",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="granted") | ~models.Q(terms=""),
                name="results_access_granted_has_terms",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result_id}: {self.organisation_id} {self.purpose} ({self.status})"


class AccessRequestStatusChange(StatusChange):
    """One move of an access request (write-once: database triggers; sealed)."""

    subject_field = "request"
    request = models.ForeignKey(
        AccessRequest,
        verbose_name=_("access request"),
        on_delete=models.PROTECT,
        related_name="status_changes",
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("access request status change")
        verbose_name_plural = _("access request status changes")
