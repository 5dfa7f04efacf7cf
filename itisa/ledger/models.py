"""The fund ledger: versioned charts of accounts, an alliance's book, funds, periods, journal entries.

Amounts are Decimal CNY to the fen. A posting's amount is positive for a debit and negative for a
credit; a posted entry's postings sum to zero, and a posted entry never changes (database triggers).
A correction is a reversing entry linked to the original.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from itisa.core.models import TimestampedModel
from itisa.ledger.choices import AccountClass, EntryStatus, FundKind


class Chart(models.Model):
    """A chart of accounts as data: the 2004 NPO chart is one, a later revision another."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=200, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("chart of accounts")
        verbose_name_plural = _("charts of accounts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Account(models.Model):
    """An account of a chart; sub-accounts name their parent (e.g. 4101.01 under 4101)."""

    chart = models.ForeignKey(
        Chart, verbose_name=_("chart"), on_delete=models.PROTECT, related_name="accounts"
    )
    code = models.CharField(_("code"), max_length=20)
    name_zh = models.CharField(_("name"), max_length=100)
    account_class = models.CharField(_("class"), max_length=20, choices=AccountClass.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    restricted = models.BooleanField(_("restricted (限定性)"), null=True, blank=True)
    closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["chart_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["chart", "code"], name="ledger_account_code_per_chart")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class Book(TimestampedModel):
    """An alliance's book: the chart it keeps and the threshold above which a second approval is needed."""

    alliance = models.OneToOneField(
        "registry.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="book"
    )
    chart = models.ForeignKey(Chart, verbose_name=_("chart"), on_delete=models.PROTECT, related_name="books")
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    entrusted_to_host = models.BooleanField(
        _("entrusted to the host unit (依托单位)"),
        default=False,
        help_text=_("The host unit's finance staff operate the books (Art. 8(4))."),
    )
    second_approval_above = models.DecimalField(
        _("second approval above (CNY)"), null=True, blank=True, max_digits=16, decimal_places=2
    )

    class Meta:
        verbose_name = _("book")
        verbose_name_plural = _("books")

    def __str__(self) -> str:
        return f"{self.alliance_id}: {self.chart_id}"


class Fund(TimestampedModel):
    """A source of funds, carried by every posting: dues, contributions, a grant for a project, a loan."""

    book = models.ForeignKey(Book, verbose_name=_("book"), on_delete=models.PROTECT, related_name="funds")
    kind = models.CharField(_("kind of fund"), max_length=30, choices=FundKind.choices)
    name_zh = models.CharField(_("name"), max_length=200)
    granting_department = models.CharField(_("granting department"), max_length=200, blank=True)
    project = models.CharField(_("project"), max_length=200, blank=True)
    restricted = models.BooleanField(_("restricted (限定性)"), default=False)

    class Meta:
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["book_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["book", "name_zh"], name="ledger_fund_name_per_book"),
            models.CheckConstraint(
                condition=~models.Q(kind="government_grant") | ~models.Q(granting_department=""),
                name="ledger_grant_names_department",
            ),
        ]

    def __str__(self) -> str:
        return self.name_zh


class CostObject(TimestampedModel):
    """A cost object of the book (成本对象): what a posting is spent on beyond its fund, e.g. an R&D project.

    The ledger owns the dimension so that postings can carry a project without the ledger knowing the
    projects app (a higher layer): a project links to its cost object one-to-one. ``code`` is the
    project's code within the alliance.
    """

    book = models.ForeignKey(
        Book, verbose_name=_("book"), on_delete=models.PROTECT, related_name="cost_objects"
    )
    code = models.CharField(_("code"), max_length=40)
    name_zh = models.CharField(_("name"), max_length=200)
    # set once when the project closes or ends (``services.cost_object_close``): nothing more is booked to it
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("cost object")
        verbose_name_plural = _("cost objects")
        ordering = ["book_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["book", "code"], name="ledger_cost_object_code_per_book")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class Period(models.Model):
    """An accounting month; nothing posts into a closed period."""

    book = models.ForeignKey(Book, verbose_name=_("book"), on_delete=models.PROTECT, related_name="periods")
    year = models.PositiveIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    last_number = models.PositiveIntegerField(_("last voucher number"), default=0)

    class Meta:
        verbose_name = _("accounting period")
        verbose_name_plural = _("accounting periods")
        ordering = ["book_id", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["book", "year", "month"], name="ledger_one_period_per_month"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="ledger_month_1_12"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


class JournalEntry(TimestampedModel):
    """A journal entry with two or more postings; gap-free voucher numbers per period once posted."""

    book = models.ForeignKey(Book, verbose_name=_("book"), on_delete=models.PROTECT, related_name="entries")
    date = models.DateField(_("date"))
    memo = models.CharField(_("memo"), max_length=300)
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=100)
    period = models.ForeignKey(
        Period,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    number = models.PositiveIntegerField(_("voucher number"), null=True, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    second_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("second approval by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["book_id", "date", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["book", "idempotency_key"], name="ledger_entry_idempotency_key"),
            models.UniqueConstraint(fields=["period", "number"], name="ledger_voucher_number_per_period"),
            models.CheckConstraint(
                condition=~models.Q(status="posted")
                | models.Q(number__isnull=False, period__isnull=False, posted_at__isnull=False),
                name="ledger_posted_entry_is_numbered",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True) | ~models.Q(approved_by=models.F("prepared_by")),
                name="ledger_preparer_never_approves",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}#{self.number or '-'} {self.memo}"


class Posting(models.Model):
    """One line of an entry: account, fund and a signed amount (debit > 0, credit < 0), never zero; it may
    name the cost object (project) it is for."""

    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="postings"
    )
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="postings"
    )
    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="postings")
    amount = models.DecimalField(_("amount (CNY)"), max_digits=16, decimal_places=2)
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    # the project (or other cost object) the amount is for; empty for the alliance's general business
    cost_object = models.ForeignKey(
        CostObject,
        verbose_name=_("cost object"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
    )

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["entry_id", "pk"]
        constraints = [models.CheckConstraint(condition=~models.Q(amount=0), name="ledger_posting_not_zero")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount}"


class EntryFlag(models.Model):
    """The fund supervisor's flag on an entry, with a comment: the entry cannot post until it is resolved."""

    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="flags"
    )
    comment = models.TextField(_("comment"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervisor's flag")
        verbose_name_plural = _("supervisor's flags")
        ordering = ["entry_id", "raised_at", "pk"]

    def __str__(self) -> str:
        return f"{self.entry_id}: {'resolved' if self.resolved_at else 'open'}"


class Budget(TimestampedModel):
    """A year's budget of a fund for one expense category (an expense account); for a grant, the
    categories it allows (a restricted fund spends only on its budgeted categories)."""

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveIntegerField(_("year"))
    account = models.ForeignKey(
        Account, verbose_name=_("expense category"), on_delete=models.PROTECT, related_name="budgets"
    )
    amount = models.DecimalField(_("budget (CNY)"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["fund_id", "year", "account_id"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "year", "account"], name="ledger_budget_line_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="ledger_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.fund_id} {self.year} {self.account_id}: {self.amount}"


def _voucher_path(instance: Attachment, filename: str) -> str:
    # never the uploaded name: a random name under the book, keeping only a checked extension
    return f"ledger/{instance.entry.book_id}/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Attachment(models.Model):
    """Evidence attached to an entry (invoice, contract, receipt): PDF, JPEG or PNG, kept for good."""

    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=_voucher_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("voucher attachment")
        verbose_name_plural = _("voucher attachments")
        ordering = ["entry_id", "uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "sha256"], name="ledger_attachment_once_per_entry")
        ]

    def __str__(self) -> str:
        return self.original_name
