"""Management command ``dues``: fee schedule, issuing with progress lines, invoice lists."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from itisa.audit.models import AuditEntry
from itisa.membership.models import Invoice
from itisa.membership.services.dues import fee_set, invoice_mark_paid


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def fees(world: Any) -> None:
    by = world.user("secretariat")
    fee_set(by=by, alliance=world.csa, year=2026, rank="chair", amount=Decimal("20000.00"))
    fee_set(by=by, alliance=world.csa, year=2026, rank="council", amount=Decimal("5000.50"))


def test_fees_table_and_json(world: Any, fees: None) -> None:
    assert run("dues", "fees", "CSA") == [
        "year  rank     amount",
        "2026  chair    20000.00",
        "2026  council  5000.50",
    ]
    assert json.loads("\n".join(run("dues", "fees", "csa", "--year", "2026", "--json"))) == [
        {"year": 2026, "rank": "chair", "amount": "20000.00"},
        {"year": 2026, "rank": "council", "amount": "5000.50"},
    ]
    assert run("dues", "fees", "CSA", "--year", "2025") == ["year  rank  amount"]


def test_issue_prints_progress_and_total(world: Any, fees: None) -> None:
    lines = run("dues", "issue", "CSA", "--year", "2026", "--issued-on", "2026-01-15", "--as", "secretariat")
    assert lines == [
        "[1/2] CSA-2026-0001 甲公司 20000.00",
        "[2/2] CSA-2026-0002 乙大学 5000.50",
        "Total: 2 dues notices, 25000.50 CNY.",
    ]
    invoice = Invoice.objects.get(number="CSA-2026-0001")
    assert (invoice.issued_on.isoformat(), invoice.due_on.isoformat(), invoice.issued_by.username) == (
        "2026-01-15",
        "2026-02-14",
        "secretariat",
    )
    assert run("dues", "issue", "CSA", "--year", "2026", "--as", "secretariat") == [
        "Total: 0 dues notices, 0.00 CNY."
    ]


def test_issue_refusals_change_nothing(world: Any, fees: None) -> None:
    before = (Invoice.objects.count(), AuditEntry.objects.count())
    with pytest.raises(CommandError, match="Only the alliance's secretariat keeps its dues."):
        run("dues", "issue", "CSA", "--year", "2026", "--as", "member_contact")
    with pytest.raises(CommandError, match="No active user nobody."):
        run("dues", "issue", "CSA", "--year", "2026", "--as", "nobody")
    with pytest.raises(CommandError, match="due_on: On or after 1 Feb 2026."):
        run(
            "dues", "issue", "CSA", "--year", "2026", "--issued-on", "2026-02-01", "--due-on", "2026-01-01",
            "--as", "secretariat",
        )  # fmt: skip
    with pytest.raises(CommandError, match="Not a date"):
        run("dues", "issue", "CSA", "--year", "2026", "--due-on", "31/01/2026", "--as", "secretariat")
    with pytest.raises(CommandError, match="No alliance with the short code XYZ."):
        run("dues", "fees", "XYZ")
    assert (Invoice.objects.count(), AuditEntry.objects.count()) == before


def test_invoices_list_unpaid_and_json(world: Any, fees: None) -> None:
    run("dues", "issue", "CSA", "--year", "2026", "--issued-on", "2026-01-15", "--as", "secretariat")
    invoice_mark_paid(
        by=world.user("secretariat"),
        invoice=Invoice.objects.get(number="CSA-2026-0001"),
        paid_on=dt.date(2026, 1, 15),
    )
    assert run("dues", "invoices", "CSA") == [
        "number         name_zh  rank     amount    status  due_on      paid_on",
        "CSA-2026-0001  甲公司   chair    20000.00  paid    2026-02-14  2026-01-15",
        "CSA-2026-0002  乙大学   council  5000.50   unpaid  2026-02-14",
        "Issued 25000.50, paid 20000.00, unpaid 5000.50 CNY.",
    ]
    rows = json.loads("\n".join(run("dues", "invoices", "CSA", "--year", "2026", "--unpaid", "--json")))
    assert rows == [
        {
            "number": "CSA-2026-0002",
            "year": 2026,
            "organisation": "12100000400000624D",
            "name_zh": "乙大学",
            "rank": "council",
            "amount": "5000.50",
            "status": "unpaid",
            "issued_on": "2026-01-15",
            "due_on": "2026-02-14",
            "paid_on": None,
        }
    ]
