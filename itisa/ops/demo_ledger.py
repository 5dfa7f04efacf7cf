"""The demo's books for CSA (a start; issue 5 builds them out to a year): the 2004 NPO chart, funds,
dues received, a government grant and project spending from it, with January closed."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from itisa.accounts.models import User
from itisa.ledger.models import Book, Chart
from itisa.ledger.services import (
    book_open,
    budget_set,
    chart_load,
    entry_approve,
    entry_draft,
    entry_post,
    entry_reverse,
    entry_submit,
    fund_create,
    period_close,
)
from itisa.registry.models import Alliance

CHART_CSV = Path(__file__).resolve().parents[1] / "ledger" / "data" / "npo-chart-2004.csv"


def load_demo_ledger(*, alliance: Alliance, secretariat: User, approver: User) -> None:
    """Once (nothing if the book exists). The approver is another person than the preparer."""
    if Book.objects.filter(alliance=alliance).exists():
        return
    chart = Chart.objects.filter(code="npo-2004").first()
    if chart is None:
        with CHART_CSV.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        chart = chart_load(
            code="npo-2004",
            name_zh="民间非营利组织会计制度（财会〔2004〕7号）",
            rows=rows,
            source=CHART_CSV.name,
        )
    book = book_open(
        by=secretariat, alliance=alliance, chart=chart, second_approval_above=Decimal("100000.00")
    )
    dues = fund_create(by=secretariat, book=book, kind="dues", name_zh="会费")
    grant = fund_create(
        by=secretariat, book=book, kind="government_grant", name_zh="半导体照明共性技术课题经费（演示）",
        granting_department="科学技术部", project="半导体照明共性技术研发（演示）",
    )  # fmt: skip
    budget_set(by=secretariat, fund=grant, year=2026, account_code="5101", amount="60000.00")
    budget_set(by=secretariat, fund=dues, year=2026, account_code="5201", amount="36000.00")
    entries = [
        (dt.date(2026, 1, 20), "收到2026年度会费（理事长单位）", [("1002", dues, "50000.00"), ("4201", dues, "-50000.00")]),
        (dt.date(2026, 1, 25), "收到2026年度会费（副理事长单位）", [("1002", dues, "30000.00"), ("4201", dues, "-30000.00")]),
        (dt.date(2026, 2, 12), "收到2026年度会费（理事单位）", [("1002", dues, "20000.00"), ("4201", dues, "-20000.00")]),
        (dt.date(2026, 2, 28), "收到课题经费拨款", [("1002", grant, "80000.00"), ("4401", grant, "-80000.00")]),
        (dt.date(2026, 3, 15), "课题测试费", [("5101", grant, "12600.50"), ("1002", grant, "-12600.50")]),
        (dt.date(2026, 3, 31), "秘书处办公费", [("5201", dues, "3280.00"), ("1002", dues, "-3280.00")]),
    ]  # fmt: skip
    posted = []
    for i, (date, memo, lines) in enumerate(entries, 1):
        postings = [{"account": a, "fund": str(f.pk), "amount": x} for a, f, x in lines]
        entry, _created = entry_draft(
            by=secretariat, book=book, date=date, memo=memo, postings=postings, idempotency_key=f"demo-{i}"
        )
        posted.append(_through(entry, secretariat, approver))
    # the office expenses were booked at the wrong amount: reversed, then booked again correctly
    _through(
        entry_reverse(
            by=secretariat, entry=posted[-1], date=dt.date(2026, 4, 2), memo="冲销：秘书处办公费金额有误"
        ),
        secretariat,
        approver,
    )
    corrected, _created = entry_draft(
        by=secretariat, book=book, date=dt.date(2026, 4, 2), memo="秘书处办公费（更正）", idempotency_key="demo-7",
        postings=[{"account": "5201", "fund": str(dues.pk), "amount": "3820.00"}, {"account": "1002", "fund": str(dues.pk), "amount": "-3820.00"}],
    )  # fmt: skip
    _through(corrected, secretariat, approver)
    # the rest of the year so far: monthly office costs from dues, quarterly project spending from the grant
    for month in range(5, 11):
        lines = [("5201", dues, f"{2600 + 35 * month}.00"), ("1002", dues, f"-{2600 + 35 * month}.00")]
        if month % 3 == 0:
            lines += [("5101", grant, "9850.00"), ("1002", grant, "-9850.00")]
        postings = [{"account": a, "fund": str(f.pk), "amount": x} for a, f, x in lines]
        entry, _created = entry_draft(
            by=secretariat, book=book, date=dt.date(2026, month, 25), memo=f"{month}月日常支出",
            postings=postings, idempotency_key=f"demo-month-{month}",
        )  # fmt: skip
        _through(entry, secretariat, approver)
    for month in range(1, 11):
        period_close(by=secretariat, book=book, year=2026, month=month)


def _through(entry: Any, preparer: User, approver: User) -> Any:
    """Submit, approve (by another person) and post a drafted entry."""
    entry_submit(by=preparer, entry=entry)
    entry_approve(by=approver, entry=entry)
    return entry_post(by=preparer, entry=entry)
