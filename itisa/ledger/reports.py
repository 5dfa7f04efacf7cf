"""Financial statements of 民间非营利组织会计制度, derived from posted postings (exact Decimal sums).

- Statement of activities (业务活动表) for a period: income and expense accounts, unrestricted and
  restricted (by the fund's restriction, 专款专用 grants being restricted), and the change in net assets.
- Balance sheet (资产负债表) at a date: assets, liabilities and net assets; net assets are the net-asset
  accounts plus the surplus so far, split the same way. Assets always equal liabilities plus net assets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from itisa.ledger.choices import DEBIT_NORMAL, AccountClass
from itisa.ledger.models import Account, Book
from itisa.ledger.selectors import posted_postings
from itisa.ui.labels import as_name

ZERO = Decimal("0.00")


@dataclass
class ReportRow:
    account: Account
    unrestricted: Decimal = ZERO
    restricted: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.unrestricted + self.restricted


@dataclass
class Section:
    title: str
    rows: list[ReportRow] = field(default_factory=list)

    @property
    def unrestricted(self) -> Decimal:
        return sum((r.unrestricted for r in self.rows), ZERO)

    @property
    def restricted(self) -> Decimal:
        return sum((r.restricted for r in self.rows), ZERO)

    @property
    def total(self) -> Decimal:
        return self.unrestricted + self.restricted


def _rows(
    book: Book, classes: set[str], *, start: dt.date | None, end: dt.date | None
) -> dict[int, ReportRow]:
    """Normal-side balances per account, split by the fund's restriction (one query)."""
    rows: dict[int, ReportRow] = {}
    accounts = {a.pk: a for a in Account.objects.filter(chart=book.chart, account_class__in=classes)}
    for account_id, restricted, amount in (
        posted_postings(book, start=start, end=end)
        .filter(account_id__in=accounts)
        .values_list("account_id", "fund__restricted", "amount")
    ):
        account = accounts[account_id]
        signed = amount if account.account_class in DEBIT_NORMAL else -amount
        row = rows.setdefault(account_id, ReportRow(account))
        if restricted:
            row.restricted += signed
        else:
            row.unrestricted += signed
    return rows


def _section(title: str, rows: dict[int, ReportRow], account_class: str) -> Section:
    return Section(
        title,
        sorted(
            (r for r in rows.values() if r.account.account_class == account_class),
            key=lambda r: r.account.code,
        ),
    )


@dataclass
class Activities:
    start: dt.date
    end: dt.date
    income: Section
    expenses: Section

    @property
    def change_unrestricted(self) -> Decimal:
        return self.income.unrestricted - self.expenses.unrestricted

    @property
    def change_restricted(self) -> Decimal:
        return self.income.restricted - self.expenses.restricted

    @property
    def change(self) -> Decimal:
        return self.change_unrestricted + self.change_restricted


def statement_of_activities(book: Book, *, start: dt.date, end: dt.date) -> Activities:
    rows = _rows(book, {AccountClass.INCOME, AccountClass.EXPENSE}, start=start, end=end)
    return Activities(
        start,
        end,
        _section("income", rows, AccountClass.INCOME),
        _section("expenses", rows, AccountClass.EXPENSE),
    )


@dataclass
class BalanceSheet:
    end: dt.date
    assets: Section
    liabilities: Section
    net_assets: Section
    surplus_unrestricted: Decimal
    surplus_restricted: Decimal

    @property
    def net_assets_unrestricted(self) -> Decimal:
        return self.net_assets.unrestricted + self.surplus_unrestricted

    @property
    def net_assets_restricted(self) -> Decimal:
        return self.net_assets.restricted + self.surplus_restricted

    @property
    def net_assets_total(self) -> Decimal:
        return self.net_assets_unrestricted + self.net_assets_restricted

    @property
    def balances(self) -> bool:
        return self.assets.total == self.liabilities.total + self.net_assets_total


def balance_sheet(book: Book, *, end: dt.date) -> BalanceSheet:
    rows = _rows(book, set(AccountClass.values), start=None, end=end)
    activities = Activities(
        end,
        end,
        _section("income", rows, AccountClass.INCOME),
        _section("expenses", rows, AccountClass.EXPENSE),
    )
    net = _section("net_assets", rows, AccountClass.NET_ASSETS)
    # a net-asset account is itself restricted (3102) or not (3101), whatever fund carried the posting
    for row in net.rows:
        total = row.total
        row.restricted, row.unrestricted = (total, ZERO) if row.account.restricted else (ZERO, total)
    return BalanceSheet(
        end,
        _section("assets", rows, AccountClass.ASSET),
        _section("liabilities", rows, AccountClass.LIABILITY),
        net,
        activities.change_unrestricted,
        activities.change_restricted,
    )


@dataclass(frozen=True)
class BudgetRow:
    fund: str
    account: Account
    budget: Decimal
    actual: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.actual

    @property
    def overrun(self) -> bool:
        return self.actual > self.budget


def budget_vs_actual(book: Book, *, year: int) -> list[BudgetRow]:
    """Each budget line of the year against the posted expenses of its fund and category (two queries)."""
    from itisa.ledger.models import Budget

    actual: dict[tuple[int, int], Decimal] = {}
    for fund_id, account_id, amount in (
        posted_postings(book, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        .filter(account__account_class=AccountClass.EXPENSE)
        .values_list("fund_id", "account_id", "amount")
    ):
        actual[(fund_id, account_id)] = actual.get((fund_id, account_id), ZERO) + amount
    lines = (
        Budget.objects.filter(fund__book=book, year=year)
        .select_related("fund", "account")
        .order_by("fund_id", "account__code")
    )
    return [
        BudgetRow(b.fund.name_zh, b.account, b.amount, actual.get((b.fund_id, b.account_id), ZERO))
        for b in lines
    ]


def _bars(rows: list[tuple[str, Decimal]]) -> list[dict[str, object]]:
    top = max((abs(v) for _label, v in rows), default=ZERO) or Decimal(1)
    return [{"label": label, "count": f"{v:,.2f}", "width": int(100 * abs(v) / top)} for label, v in rows]


def monthly_chart(book: Book, *, year: int) -> dict[str, list[dict[str, object]]]:
    """Income and expenses by month of a year, as bar rows (one query)."""
    income = {m: ZERO for m in range(1, 13)}
    expense = {m: ZERO for m in range(1, 13)}
    for date, account_class, amount in (
        posted_postings(book, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        .filter(account__account_class__in=[AccountClass.INCOME, AccountClass.EXPENSE])
        .values_list("entry__date", "account__account_class", "amount")
    ):
        if account_class == AccountClass.INCOME:
            income[date.month] -= amount
        else:
            expense[date.month] += amount
    months = [m for m in range(1, 13) if income[m] or expense[m]]
    return {
        "income": _bars([(f"{year}-{m:02d}", income[m]) for m in months]),
        "expense": _bars([(f"{year}-{m:02d}", expense[m]) for m in months]),
    }


def fund_balances(book: Book) -> list[dict[str, object]]:
    """What each fund holds: the balance of its asset postings, as bar rows (one query)."""
    totals: dict[str, Decimal] = {}
    for name, amount in (
        posted_postings(book)
        .filter(account__account_class=AccountClass.ASSET)
        .values_list("fund__name_zh", "amount")
    ):
        totals[name] = totals.get(name, ZERO) + amount
    return _bars([(as_name(name), total) for name, total in sorted(totals.items())])
