"""Financing channels, the states of a financing need and what an institution answers (国科发政〔2008〕770号
Art. 10: plan support, technology loans, guarantees and investment)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Through which channel the money is sought."""

    PLAN_SUPPORT = "plan_support", _("Government plan support")
    TECH_LOAN = "tech_loan", _("Technology loan")
    GUARANTEE = "guarantee", _("Guarantee")
    EQUITY = "equity", _("Equity investment")
    OTHER = "other", _("Other financing")


class NeedStatus(models.TextChoices):
    """draft → submitted → recommended / not recommended (the alliance) → offered / declined (the
    institution) → closed."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RECOMMENDED = "recommended", _("Recommended")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")
    OFFERED = "offered", _("Offered")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed")


class InstitutionKind(models.TextChoices):
    BANK = "bank", _("Bank")
    GUARANTOR = "guarantor", _("Guarantor")
    INVESTOR = "investor", _("Investor")
    GOVERNMENT = "government", _("Government department")
    OTHER = "other", _("Other institution")


class Decision(models.TextChoices):
    """What an institution answered."""

    OFFERED = "offered", _("Offered")
    DECLINED = "declined", _("Declined")
