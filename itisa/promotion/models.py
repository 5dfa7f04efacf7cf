"""Key technical problems that promoting bodies publish, and their endorsements of forming alliances
(Art. 11, 12 of 国科发政〔2008〕770号)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.industries import Industry
from itisa.core.regions import Province
from itisa.promotion.choices import BodyKind, EndorsementStatus, ProblemStatus, body_label
from itisa.promotion.rules import Body


class OfABody:
    """A row that belongs to a promoting body (``body_kind``, ``body_code``)."""

    body_kind: str
    body_code: str

    @property
    def body(self) -> Body:
        return Body(self.body_kind, self.body_code)

    @property
    def body_name(self) -> str:
        """The body as people name it, in the active language."""
        return body_label(self.body_kind, self.body_code)


class KeyProblem(OfABody, models.Model):
    """A key technical problem (关键技术问题 / 行业共性技术难题) of a province's pillar industries or of an
    industry, published by the body whose officers wrote it so that alliances form around it (Art. 11:
    associations gather their industry's major technical innovation problems; Art. 12: provinces their
    pillar industries'). A draft is seen by its body only and may be deleted; a published one is public
    and is closed, never deleted."""

    body_kind = models.CharField(_("published by"), max_length=20, choices=BodyKind.choices)
    body_code = models.CharField(
        _("body's scope"), max_length=2, help_text=_("The province's code or the industry's section letter.")
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=4000)
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    keywords = models.CharField(
        _("technology keywords"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("key technical problem")
        verbose_name_plural = _("key technical problems")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ProblemStatus.values), name="promotion_problem_status"
            ),
            models.CheckConstraint(
                condition=(models.Q(body_kind="province") & models.Q(province=models.F("body_code")))
                | (
                    models.Q(body_kind__in=["association", "ministry"])
                    & models.Q(province="")
                    & models.Q(industry=models.F("body_code"))
                ),
                name="promotion_problem_scope_of_body",
            ),
        ]
        indexes = [models.Index(fields=["status", "industry", "province"], name="promotion_problem_list_idx")]

    def __str__(self) -> str:
        return self.title_zh

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.replace("，", ",").split(",") if k.strip()]


class Endorsement(OfABody, models.Model):
    """A body's recommendation (推荐) of a forming alliance or of a submitted proposal to form one, with its
    statement and optionally the body's key problem the alliance addresses. One active endorsement per body
    and alliance (or proposal); withdrawing keeps the row (status withdrawn, who, when and why)."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="endorsements",
    )  # fmt: skip
    proposal = models.ForeignKey(
        "founding.AllianceProposal", verbose_name=_("proposal to form an alliance"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="endorsements",
    )  # fmt: skip
    body_kind = models.CharField(_("endorsed by"), max_length=20, choices=BodyKind.choices)
    body_code = models.CharField(_("body's scope"), max_length=2)
    statement = models.TextField(_("endorsement statement"), max_length=2000)
    problem = models.ForeignKey(
        KeyProblem, verbose_name=_("key technical problem addressed"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="endorsements",
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=EndorsementStatus.choices, default=EndorsementStatus.ACTIVE
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("endorsed by (officer)"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("endorsed at"), auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawing"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=EndorsementStatus.values), name="promotion_endorsement_status"
            ),
            models.CheckConstraint(
                condition=(models.Q(alliance__isnull=False) & models.Q(proposal__isnull=True))
                | (models.Q(alliance__isnull=True) & models.Q(proposal__isnull=False)),
                name="promotion_endorsement_one_subject",
            ),
            models.UniqueConstraint(
                fields=["alliance", "body_kind", "body_code"],
                condition=models.Q(status="active", alliance__isnull=False),
                name="promotion_one_active_endorsement_per_body_alliance",
            ),
            models.UniqueConstraint(
                fields=["proposal", "body_kind", "body_code"],
                condition=models.Q(status="active", proposal__isnull=False),
                name="promotion_one_active_endorsement_per_body_proposal",
            ),
        ]

    def __str__(self) -> str:
        subject = self.alliance.code if self.alliance_id else self.proposal.code  # type: ignore[union-attr]
        return f"{subject} ← {self.body.key}"
