"""Standards projects of an alliance (Art. 5: the alliance drafts technical standards of its industry),
their drafting members, stage history, and the rounds of IPR disclosures and licensing declarations that
each drafting member files before the decision body votes on a move (IETF Datatracker's IPR disclosures;
GB/T 20003.1-2014, the patent policy of national standards).

Stage changes and declarations are legal records: written once (database triggers), sealed in the audit
chain; a correction of a declaration is a new declaration superseding the earlier one (both kept).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.workflows import StatusChange
from itisa.standards.choices import DraftingRole, Level, LicensingPosition, RoundOutcome, Stage


class StandardProject(models.Model):
    """A standard the alliance drafts, numbered per alliance (``S0001``), at a level (national, industry,
    local, group), with its standards body or technical committee and the stage it is at."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="standards"
    )
    code = models.CharField(_("code"), max_length=20)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    committee = models.CharField(_("standards body or technical committee"), max_length=200, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("R&D project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="standards",
    )
    results = models.ManyToManyField(
        "results.Result", verbose_name=_("results"), blank=True, related_name="standards"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PROPOSAL)
    published_number = models.CharField(_("published number"), max_length=40, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("standard project")
        verbose_name_plural = _("standard projects")
        ordering = ["alliance_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "code"], name="standards_code_per_alliance"),
            models.CheckConstraint(
                condition=~models.Q(stage=Stage.PUBLISHED) | ~models.Q(published_number=""),
                name="standards_published_has_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_zh}"


class StageChange(StatusChange):
    """One move of a standard's stage (write-once: database triggers; sealed)."""

    subject_field = "standard"
    standard = models.ForeignKey(
        StandardProject, verbose_name=_("standard"), on_delete=models.PROTECT, related_name="stage_changes"
    )

    class Meta(StatusChange.Meta):
        verbose_name = _("stage change of a standard")
        verbose_name_plural = _("stage changes of standards")


class DraftingMember(models.Model):
    """An active member of the alliance drafting the standard: the lead drafter (one) or a participant."""

    standard = models.ForeignKey(
        StandardProject,
        verbose_name=_("standard"),
        on_delete=models.PROTECT,
        related_name="drafting_members",
    )
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=DraftingRole.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("drafting member")
        verbose_name_plural = _("drafting members")
        ordering = ["standard_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "organisation"], name="standards_drafter_once"),
            models.UniqueConstraint(
                fields=["standard"], condition=models.Q(role=DraftingRole.LEAD), name="standards_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard_id}: {self.organisation_id} ({self.role})"


class VoteRound(models.Model):
    """A round of IPR declarations before a vote of the decision body on ``target`` (the stage the vote
    moves to), numbered per standard; its motion once the vote is opened, and how it ended."""

    standard = models.ForeignKey(
        StandardProject, verbose_name=_("standard"), on_delete=models.PROTECT, related_name="rounds"
    )
    seq = models.PositiveIntegerField(_("round"))
    target = models.CharField(_("vote on moving to"), max_length=20, choices=Stage.choices)
    motion = models.ForeignKey(
        "governance.Motion",
        verbose_name=_("motion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=RoundOutcome.choices, default=RoundOutcome.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("declaration round")
        verbose_name_plural = _("declaration rounds")
        ordering = ["standard_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "seq"], name="standards_round_seq"),
            models.UniqueConstraint(
                fields=["standard"],
                condition=models.Q(outcome=RoundOutcome.OPEN),
                name="standards_one_open_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard_id} #{self.seq}"


class IprDeclaration(models.Model):
    """A drafting member's IPR disclosure and licensing declaration for a round: whether it holds patents
    essential to the draft (their CNIPA numbers) and on what terms it licenses them. Filed by the member's
    contact or legal representative, or recorded by the secretariat with the signed document. A
    correction supersedes it (``superseded_by``); both stay."""

    round = models.ForeignKey(
        VoteRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="declarations"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    holds_essential = models.BooleanField(_("holds essential patents"))
    patents = models.JSONField(_("essential patents"), default=list, blank=True)
    licensing = models.CharField(_("licensing declaration"), max_length=20, choices=LicensingPosition.choices)
    document_ref = models.CharField(_("signed document"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("filed at"))

    class Meta:
        verbose_name = _("IPR declaration")
        verbose_name_plural = _("IPR declarations")
        ordering = ["round_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(holds_essential=True) & ~models.Q(licensing=LicensingPosition.NONE_NEEDED)
                | models.Q(holds_essential=False, licensing=LicensingPosition.NONE_NEEDED),
                name="standards_declaration_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.organisation_id} {self.licensing}"
