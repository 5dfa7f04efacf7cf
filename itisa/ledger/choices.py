"""Account classes, fund kinds and entry statuses of the fund ledger (Art. 8(4))."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountClass(models.TextChoices):
    """The five classes of 民间非营利组织会计制度 (财会〔2004〕7号)."""

    ASSET = "asset", _("Assets")
    LIABILITY = "liability", _("Liabilities")
    NET_ASSETS = "net_assets", _("Net assets")
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expenses")


# debit-normal classes: their balance is the sum of postings; the others are credit-normal
DEBIT_NORMAL = {AccountClass.ASSET, AccountClass.EXPENSE}


class FundKind(models.TextChoices):
    DUES = "dues", _("Member dues")
    CONTRIBUTIONS = "contributions", _("Member contributions")
    GOVERNMENT_GRANT = "government_grant", _("Government grant")
    BANK_LOAN = "bank_loan", _("Bank loan")
    OTHER = "other", _("Other")


class EntryStatus(models.TextChoices):
    """draft → submitted → approved → posted (internal supervision: the preparer never approves)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    POSTED = "posted", _("Posted")
