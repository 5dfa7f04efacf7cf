"""Credit lines, drawdowns and repayments: refused beyond the undrawn limit or outside the term (exact
message, nothing written), outstanding derived, the records write-once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.db import DatabaseError, transaction
from django.utils import translation

from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, PermissionDenied
from itisa.financing.models import Drawdown
from itisa.financing.selectors import line_document, lines_of
from itisa.financing.services import DrawdownInput, LineInput, drawdown_record, line_open
from itisa.financing.tests.conftest import counts, draw, line, repay
from itisa.ledger.models import Book, Fund

pytestmark = pytest.mark.usefixtures("clock")


def test_drawdowns_repayments_and_what_is_outstanding(world: Any) -> None:
    credit = line(world)
    first = draw(world, credit)
    second = draw(world, credit, "400000.00", dt.date(2026, 6, 1), dt.date(2027, 6, 1))
    repay(world, first, "250000.50")
    assert (first.seq, second.seq) == (1, 2)
    doc = line_document(lines_of(world.user("secretariat"), world.csa).get(), today=dt.date(2026, 9, 15))
    assert (doc["drawn"], doc["undrawn"], doc["outstanding"]) == ("1000000.00", "0.00", "749999.50")
    assert [(d["seq"], d["outstanding"], d["state"]) for d in doc["drawdowns"]] == [
        (1, "349999.50", "due"),
        (2, "400000.00", "running"),
    ]
    entry = AuditEntry.objects.get(action="financing.repayment.recorded")
    assert {k: v for k, v in entry.data.items() if k != "sealed"} == {
        "line": "C0001",
        "seq": 1,
        "amount": "250000.50",
        "repaid_on": "2026-09-01",
        "outstanding": "349999.50",
    }
    assert [s["table"] for s in entry.data["sealed"]] == ["financing_repayment"]


def test_a_drawdown_beyond_the_limit_or_outside_the_term_is_refused(world: Any) -> None:
    credit = line(world)
    draw(world, credit)
    before = counts()
    with pytest.raises(DomainError) as exc:
        draw(world, credit, "400000.01")
    assert exc.value.fields == {
        "amount": ["The drawdown of ¥400,000.01 exceeds the line's undrawn limit of ¥400,000.00."]
    }
    with pytest.raises(DomainError) as exc:
        draw(world, credit, "1.00", dt.date(2025, 12, 31))
    assert exc.value.fields == {
        "drawn_on": ["The drawdown date 31 Dec 2025 is outside the line's term (1 Jan 2026 to 31 Dec 2027)."]
    }
    with pytest.raises(DomainError) as exc:
        draw(world, credit, "1.00", dt.date(2026, 9, 16))
    assert exc.value.fields == {"drawn_on": ["A drawdown is recorded once it is drawn, not before."]}
    with pytest.raises(PermissionDenied):
        drawdown_record(by=world.user("fund_supervisor"), line=credit,
                        data=DrawdownInput(amount="1", drawn_on=dt.date(2026, 3, 1), due_on=dt.date(2026, 4, 1)))  # fmt: skip
    assert counts() == before


def test_a_repayment_beyond_what_is_owed_is_refused(world: Any) -> None:
    d = draw(world, line(world))
    repay(world, d, "599999.99")
    before = counts()
    with pytest.raises(DomainError) as exc:
        repay(world, d, "0.02")
    assert exc.value.fields == {"amount": ["The repayment of ¥0.02 exceeds the ¥0.01 outstanding."]}
    with pytest.raises(DomainError) as exc:
        repay(world, d, "0.01", dt.date(2026, 2, 28))
    assert exc.value.fields == {"repaid_on": ["A repayment comes on or after the day drawn, 1 Mar 2026."]}
    # amounts grouped with ¥ and days as 年月日 in Chinese (core.formats, issue 21 item 2)
    with pytest.raises(DomainError) as exc:
        repay(world, d, "1200.00")
    assert exc.value.fields == {"amount": ["The repayment of ¥1,200.00 exceeds the ¥0.01 outstanding."]}
    with translation.override("zh-hans"):
        with pytest.raises(DomainError) as exc:
            repay(world, d, "1200.00")
        assert exc.value.fields == {"amount": ["还款 ¥1,200.00 超过未还余额 ¥0.01。"]}
        with pytest.raises(DomainError) as exc:
            repay(world, d, "0.01", dt.date(2026, 2, 28))
        assert exc.value.fields == {"repaid_on": ["还款日期不得早于提款日 2026年3月1日。"]}
    assert counts() == before


def test_drawdowns_and_repayments_are_write_once(world: Any) -> None:
    d = draw(world, line(world))
    r = repay(world, d, "1.00")
    for qs, change in (
        (Drawdown.objects.filter(pk=d.pk), {"amount": D("1")}),
        (type(r).objects.filter(pk=r.pk), {"amount": D("2")}),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            qs.update(**change)
        with pytest.raises(DatabaseError), transaction.atomic():
            qs.delete()


def test_a_line_names_a_loan_fund_of_the_alliance(world: Any) -> None:
    from itisa.ledger.tests.conftest import make_books

    make_books(world)
    book = Book.objects.get(alliance=world.csa)
    loan = Fund.objects.create(book=book, kind="bank_loan", name_zh="科技贷款")
    dues = Fund.objects.filter(book=book).exclude(kind="bank_loan").first()
    assert dues is not None
    before = counts()
    with pytest.raises(DomainError) as exc:
        line(world, fund=dues.pk, borrower=world.sd_org.pk, limit="0")
    assert exc.value.fields == {
        "borrower": ["Choose an active member of the alliance, or none for the alliance itself."],
        "limit": ["The amount is above zero."], "fund": ["Choose a loan fund of the alliance's ledger."],
    }  # fmt: skip
    assert counts() == before
    credit = line_open(by=world.user("national_officer"), alliance=world.csa, data=LineInput(
        institution="国家开发银行", institution_kind="bank", limit="2000000", starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31), fund=loan.pk))  # fmt: skip
    assert (credit.code, credit.borrower, credit.fund) == ("C0001", None, loan)
