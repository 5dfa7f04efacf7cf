"""A book for CSA on the 2004 NPO chart, with a dues fund and a government grant fund."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from itisa.ledger.models import Book, Chart, Fund
from itisa.ledger.services import book_open, chart_load, fund_create

CHART_CSV = Path(__file__).resolve().parents[1] / "data" / "npo-chart-2004.csv"


def npo_rows() -> list[dict[str, str]]:
    with CHART_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass
class Books:
    chart: Chart
    book: Book
    dues: Fund
    grant: Fund


def make_books(world: Any, *, second_approval_above: Decimal | None = Decimal("100000.00")) -> Books:
    chart = Chart.objects.filter(code="npo-2004").first() or chart_load(
        code="npo-2004", name_zh="民间非营利组织会计制度（2004）", rows=npo_rows()
    )
    s = world.user("secretariat")
    book = book_open(by=s, alliance=world.csa, chart=chart, second_approval_above=second_approval_above)
    dues = fund_create(by=s, book=book, kind="dues", name_zh="会费")
    grant = fund_create(
        by=s, book=book, kind="government_grant", name_zh="国家重点研发计划课题经费", granting_department="科学技术部",
        project="半导体照明共性技术",
    )  # fmt: skip
    return Books(chart, book, dues, grant)


@pytest.fixture
def books(world: Any) -> Books:
    return make_books(world)
