"""Exports of a book: the statements as an Excel workbook, and a Beancount ledger that ``bean-check`` accepts.

Excel (``reports_sheets``): the statement of activities, the balance sheet, the trial balance and the
budget use, one sheet each, written by ``core.exports.workbook_bytes`` (no text cell ever becomes a formula).

Beancount (``beancount_text``):

- Accounts: ASCII names ``<Root>:C<code>:F<fund id>`` (roots Assets, Liabilities, Equity for net assets,
  Income, Expenses), with the Chinese account and fund names as metadata on the ``open`` directives.
- Transactions: every posted entry in date and voucher order, with its voucher as metadata.
- Balance assertions: for every account and fund, at the start of the day after each period's end, the
  platform's own balance (debit − credit), to the fen, so ``bean-check`` proves the two agree.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from itisa.core.exports import Column, Sheet
from itisa.ledger.choices import AccountClass, EntryStatus
from itisa.ledger.models import Book, JournalEntry, Posting
from itisa.ledger.reports import balance_sheet, budget_vs_actual, statement_of_activities
from itisa.ledger.selectors import trial_balance

ROOTS = {
    AccountClass.ASSET: "Assets",
    AccountClass.LIABILITY: "Liabilities",
    AccountClass.NET_ASSETS: "Equity",
    AccountClass.INCOME: "Income",
    AccountClass.EXPENSE: "Expenses",
}
CURRENCY = "CNY"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def account_name(account_class: str, code: str, fund_id: int) -> str:
    return f"{ROOTS[AccountClass(account_class)]}:C{code.replace('.', '-')}:F{fund_id}"


def beancount_text(book: Book) -> str:
    postings = list(
        Posting.objects.filter(entry__book=book, entry__status=EntryStatus.POSTED)
        .select_related("account", "fund", "entry", "entry__period")
        .order_by("entry__date", "entry__period__year", "entry__period__month", "entry__number", "pk")
    )
    lines = [
        f'option "title" {_quote(book.alliance.name_zh)}',
        f'option "operating_currency" "{CURRENCY}"',
        'option "name_equity" "Equity"',
        "",
    ]
    if not postings:
        return "\n".join(lines)
    start = min(p.entry.date for p in postings)
    opened: dict[str, tuple[str, str]] = {}
    for p in postings:
        name = account_name(p.account.account_class, p.account.code, p.fund_id)
        opened.setdefault(name, (p.account.name_zh, p.fund.name_zh))
    for name, (account_zh, fund_zh) in sorted(opened.items()):
        lines.append(f"{start.isoformat()} open {name} {CURRENCY}")
        lines.append(f"  name_zh: {_quote(account_zh)}")
        lines.append(f"  fund_zh: {_quote(fund_zh)}")
    lines.append("")
    by_entry: dict[int, list[Posting]] = {}
    entries: list[JournalEntry] = []
    for p in postings:
        if p.entry_id not in by_entry:
            entries.append(p.entry)
        by_entry.setdefault(p.entry_id, []).append(p)
    running: dict[str, Decimal] = {}
    months = sorted({(e.date.year, e.date.month) for e in entries})
    month_index = 0
    for entry in entries:
        while month_index < len(months) - 1 and (entry.date.year, entry.date.month) > months[month_index]:
            lines.extend(_assertions(months[month_index], running))
            month_index += 1
        lines.append(f"{entry.date.isoformat()} * {_quote(entry.memo)}")
        lines.append(f'  voucher: "{entry.period}-{entry.number}"')
        for p in by_entry[entry.pk]:
            name = account_name(p.account.account_class, p.account.code, p.fund_id)
            running[name] = running.get(name, Decimal(0)) + p.amount
            lines.append(f"  {name}  {p.amount:.2f} {CURRENCY}")
        lines.append("")
    lines.extend(_assertions(months[-1], running))
    return "\n".join(lines)


def _assertions(month: tuple[int, int], running: dict[str, Decimal]) -> list[str]:
    year, m = month
    end = dt.date(year, m, calendar.monthrange(year, m)[1]) + dt.timedelta(days=1)
    # an explicit tolerance below the fen: Beancount's default for two decimals lets 0.01 pass
    out = [
        f"{end.isoformat()} balance {name}  {amount:.2f} ~ 0.001 {CURRENCY}"
        for name, amount in sorted(running.items())
    ]
    return [*out, ""]


AMOUNT_FORMAT = "#,##0.00"

# The grant funds page's spreadsheet: every posting to a grant fund (``core.exports.xlsx_response``).
GRANT_POSTING_COLUMNS: list[Column] = [
    (_("Date"), lambda p: p.entry.date),
    (_("Voucher"), lambda p: f"{p.entry.period}-{p.entry.number}"),
    (_("Fund"), lambda p: p.fund.name_zh),
    (_("Account"), lambda p: f"{p.account.code} {p.account.name_zh}"),
    (_("Memo"), lambda p: p.entry.memo),
    (_("Amount (CNY)"), lambda p: p.amount),
]


def reports_sheets(book: Book, *, start: dt.date, end: dt.date) -> list[Sheet]:
    """The statements from ``start`` to ``end``, the trial balance and the budget use of ``end``'s year,
    one worksheet each (``core.exports.xlsx_download`` writes them).

    Each sheet starts with the alliance's name and the period (names are typed by people: the writer
    escapes a leading "=" like every other text cell), then the header and the amounts.
    """
    activities = statement_of_activities(book, start=start, end=end)
    sheet = balance_sheet(book, end=end)
    name = book.alliance.name_zh
    statement_header = ["科目代码", "科目名称", "非限定性", "限定性", "合计"]
    amounts = {3: AMOUNT_FORMAT, 4: AMOUNT_FORMAT, 5: AMOUNT_FORMAT}
    return [
        Sheet(
            name="业务活动表",
            title=[[name, f"{start.isoformat()} – {end.isoformat()}"]],
            header=statement_header,
            rows=[
                *(
                    [r.account.code, r.account.name_zh, r.unrestricted, r.restricted, r.total]
                    for section in (activities.income, activities.expenses)
                    for r in section.rows
                ),
                [
                    "",
                    "净资产变动额",
                    activities.change_unrestricted,
                    activities.change_restricted,
                    activities.change,
                ],
            ],
            number_formats=amounts,
        ),
        Sheet(
            name="资产负债表",
            title=[[name, end]],
            header=statement_header,
            rows=[
                *(
                    [r.account.code, r.account.name_zh, r.unrestricted, r.restricted, r.total]
                    for section in (sheet.assets, sheet.liabilities)
                    for r in section.rows
                ),
                [
                    "",
                    "净资产",
                    sheet.net_assets_unrestricted,
                    sheet.net_assets_restricted,
                    sheet.net_assets_total,
                ],
            ],
            number_formats=amounts,
        ),
        Sheet(
            name="试算平衡表",
            title=[[name, end]],
            header=["科目代码", "科目名称", "借方", "贷方", "余额"],
            rows=[
                [t.account.code, t.account.name_zh, t.debit, t.credit, t.balance]
                for t in trial_balance(book, end=end)
            ],
            number_formats=amounts,
        ),
        Sheet(
            name="预算执行",
            title=[[name, str(end.year)]],
            header=["资金来源", "支出类别", "预算", "实际", "结余"],
            rows=[
                [b.fund, f"{b.account.code} {b.account.name_zh}", b.budget, b.actual, b.remaining]
                for b in budget_vs_actual(book, year=end.year)
            ],
            number_formats=amounts,
        ),
    ]
