"""Kinds of split lines, technology contracts and the states of a transfer."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LineKind(models.TextChoices):
    """Who a line of a receipt's split is for (the agreement's beneficiaries, and cost recovery)."""

    COST_RECOVERY = "cost_recovery", _("Costs recovered")
    CREATOR = "creator", _("Owner (creator)")
    CONTRIBUTORS = "contributors", _("Contributing member")
    INVENTORS = "inventors", _("Inventor")
    ALLIANCE = "alliance", _("Alliance fund")


class ContractKind(models.TextChoices):
    """The kinds of technology contract 《技术合同认定登记管理办法》 registers."""

    DEVELOPMENT = "development", _("Technology development")
    TRANSFER = "transfer", _("Technology transfer")
    LICENCE = "licence", _("Technology licence")
    CONSULTING = "consulting", _("Technology consulting")
    SERVICE = "service", _("Technology service")


class TransferState(models.TextChoices):
    """Where a transfer stands (derived from its objections, completion and the clock, never stored)."""

    WAITING = "waiting", _("Waiting for the objection window to end")
    BLOCKED = "blocked", _("Blocked by a joint owner's objection")
    READY = "ready", _("Ready to complete")
    COMPLETED = "completed", _("Completed")
