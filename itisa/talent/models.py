"""Joint training programmes and staff exchanges between an alliance's members (国科发政〔2008〕770号
Art. 5: the alliance trains and exchanges talent among its members).

A programme (``T0001``) is organised by one or more members: its kind, title, period, planned and actual
participants and outcome. An exchange (``E0001``) sends one person from one member to another for a
period, with a role and purpose; its outcome is recorded when it ends. Both are written by the services
(``talent.services``) and audited; they are records of activity, not legal records, so the outcome is
added to the row once (the service refuses a second time)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.talent.choices import ProgrammeKind


class Programme(models.Model):
    """A joint training programme of the alliance, numbered ``T0001`` in it."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="programmes"
    )
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    title_zh = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    organisers = models.ManyToManyField(
        "registry.Organisation", verbose_name=_("organising members"), related_name="+"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    planned_participants = models.PositiveIntegerField(_("planned participants"))
    actual_participants = models.PositiveIntegerField(_("actual participants"), null=True, blank=True)
    outcome_zh = models.TextField(_("outcome"), blank=True)
    concluded_on = models.DateField(_("outcome recorded on"), null=True, blank=True)
    # None: imported from a dossier (accounts do not travel)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("recorded at"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["alliance_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "code"], name="talent_programme_code_per_alliance"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="talent_programme_ends_after_start"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.code} {self.title_zh}"


class Exchange(models.Model):
    """A staff exchange: a person sent from one member to another for a period, numbered ``E0001``."""

    alliance = models.ForeignKey(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="exchanges"
    )
    code = models.CharField(_("code"), max_length=20)
    person_name = models.CharField(_("person"), max_length=100)
    from_org = models.ForeignKey(
        "registry.Organisation", verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_org = models.ForeignKey(
        "registry.Organisation", verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    role_zh = models.CharField(_("role"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    purpose_zh = models.TextField(_("purpose"))
    outcome_zh = models.TextField(_("outcome"), blank=True)
    concluded_on = models.DateField(_("outcome recorded on"), null=True, blank=True)
    # None: imported from a dossier (accounts do not travel)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("recorded at"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("staff exchange")
        verbose_name_plural = _("staff exchanges")
        ordering = ["alliance_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "code"], name="talent_exchange_code_per_alliance"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="talent_exchange_ends_after_start"),
            models.CheckConstraint(condition=~models.Q(from_org=models.F("to_org")),
                                   name="talent_exchange_between_two_members"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.code} {self.person_name}"
