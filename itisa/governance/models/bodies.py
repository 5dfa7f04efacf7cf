"""Bodies, their seats and versioned decision rules, the secretariat's staff, the liability member (Art. 8(3))."""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.governance import rules as r
from itisa.governance.choices import BodyKind, BodyType, Comparison, Matter, SeatRole, ThresholdBase


class Body(TimestampedModel):
    """A decision, advisory or executive body of an alliance."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="bodies"
    )
    kind = models.CharField(_("body kind"), max_length=20, choices=BodyKind.choices)
    body_type = models.CharField(_("type"), max_length=30, choices=BodyType.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    duties_zh = models.TextField(_("duties"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["alliance_id", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name_zh"], name="governance_body_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name_zh


class RuleSet(models.Model):
    """One version of a body's decision rules; a change is a new version, never an edit."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="rule_sets")
    version = models.PositiveIntegerField(_("version"))
    # the matters these rules decide; a body's newest version per matter applies (ordinary when none)
    matter = models.CharField(_("matter"), max_length=20, choices=Matter.choices, default=Matter.ORDINARY)
    preset = models.CharField(_("preset"), max_length=50, blank=True)
    quorum_numerator = models.PositiveIntegerField(_("quorum numerator"))
    quorum_denominator = models.PositiveIntegerField(_("quorum denominator"))
    quorum_comparison = models.CharField(_("quorum comparison"), max_length=20, choices=Comparison.choices)
    threshold_numerator = models.PositiveIntegerField(_("threshold numerator"))
    threshold_denominator = models.PositiveIntegerField(_("threshold denominator"))
    threshold_comparison = models.CharField(
        _("threshold comparison"), max_length=20, choices=Comparison.choices
    )
    threshold_base = models.CharField(_("threshold counts"), max_length=20, choices=ThresholdBase.choices)
    abstentions_count_as_present = models.BooleanField(_("abstentions count as present"), default=True)
    extraordinary_numerator = models.PositiveIntegerField(_("extraordinary meeting numerator"), default=1)
    extraordinary_denominator = models.PositiveIntegerField(_("extraordinary meeting denominator"), default=4)
    notice_days = models.PositiveIntegerField(_("notice period (days)"), default=7)
    chair_casting_vote = models.BooleanField(_("chair has a casting vote on a tie"), default=False)
    veto_days = models.PositiveIntegerField(_("veto window (days)"), default=0)
    # set when the rules come from an effective agreement's procedures rather than a secretariat's adoption
    agreement_version = models.ForeignKey(
        "agreements.AgreementVersion",
        verbose_name=_("from agreement version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    adopted_on = models.DateField(_("adopted on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision rules")
        verbose_name_plural = _("decision rules")
        ordering = ["body_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["body", "version"], name="governance_ruleset_version_unique"),
            models.CheckConstraint(
                condition=models.Q(quorum_denominator__gt=0)
                & models.Q(threshold_denominator__gt=0)
                & models.Q(extraordinary_denominator__gt=0)
                & models.Q(quorum_numerator__lte=models.F("quorum_denominator"))
                & models.Q(threshold_numerator__lte=models.F("threshold_denominator"))
                & models.Q(extraordinary_numerator__lte=models.F("extraordinary_denominator")),
                name="governance_ruleset_fractions_within_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body_id} v{self.version}"

    def as_rules(self) -> r.Rules:
        return r.Rules(
            quorum=Fraction(self.quorum_numerator, self.quorum_denominator),
            quorum_comparison=self.quorum_comparison,
            threshold=Fraction(self.threshold_numerator, self.threshold_denominator),
            threshold_comparison=self.threshold_comparison,
            threshold_base=self.threshold_base,
            abstentions_count_as_present=self.abstentions_count_as_present,
            extraordinary_share=Fraction(self.extraordinary_numerator, self.extraordinary_denominator),
            chair_casting_vote=self.chair_casting_vote,
            veto_days=self.veto_days,
        )


class Seat(TimestampedModel):
    """A seat on a body: a member organisation and its representative, or an individual expert."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="seats")
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
    )
    holder_name = models.CharField(_("representative or expert"), max_length=100)
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account that votes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
    )
    role = models.CharField(_("role"), max_length=20, choices=SeatRole.choices, default=SeatRole.MEMBER)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["body_id", "role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True) | models.Q(term_end__gte=models.F("term_start")),
                name="governance_seat_term_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} ({self.get_role_display()})"


class StaffMember(TimestampedModel):
    """A person on the secretariat's staff register (Art. 8(3): the executive body has full-time staff)."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="staff"
    )
    name = models.CharField(_("name"), max_length=100)
    employer = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    employer_name = models.CharField(_("employer (if not registered)"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=100)
    full_time = models.BooleanField(_("full-time"), default=True)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff register")
        ordering = ["alliance_id", "-full_time", "since", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="governance_staff_until_after_since",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.position}"


class LiabilityDesignation(models.Model):
    """Who bears the alliance's external liability from a date (Art. 8(3)); a change is a new row."""

    alliance = models.ForeignKey(
        "registry.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.PROTECT,
        related_name="liability_designations",
    )
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    since = models.DateField(_("since"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("external liability designation")
        verbose_name_plural = _("external liability designations")
        ordering = ["alliance_id", "-since", "-pk"]

    def __str__(self) -> str:
        return f"{self.alliance_id}: {self.organisation_id} since {self.since}"
