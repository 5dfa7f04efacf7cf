"""The dues payment import: the bilingual template, the preview (nothing written), every payment or none
through ``invoice_mark_paid`` (audited, booked to the dues fund) with row-numbered reasons, the
permission, the pages (link, upload → preview → confirm), the API and the command with its progress."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client

from itisa.audit.models import AuditEntry
from itisa.core.errors import PermissionDenied
from itisa.core.exports import Sheet, workbook_bytes
from itisa.core.imports import ImportRefused, bilingual_header, read_xlsx
from itisa.core.values import typed_amount_format_message
from itisa.ledger.models import JournalEntry
from itisa.ledger.tests.conftest import make_books
from itisa.membership.dues.imports import COLUMNS, payments_import, payments_preview, template_sheets
from itisa.membership.models import Invoice
from itisa.membership.services.dues import fee_set, invoice_cancel, invoices_issue

HEADER = [bilingual_header(c) for c in COLUMNS]
# 10:00 in Beijing on 10 March 2026: a payment on the 11th is in the future
NOW = dt.datetime(2026, 3, 10, 2, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def invoices(world: Any) -> list[Invoice]:
    """CSA-2026-0001 甲公司 20,000.00 and CSA-2026-0002 乙大学 5,000.50, issued 15 January, with a dues fund."""
    s = world.user("secretariat")
    make_books(world)
    fee_set(by=s, alliance=world.csa, year=2026, rank="chair", amount=Decimal("20000.00"))
    fee_set(by=s, alliance=world.csa, year=2026, rank="council", amount=Decimal("5000.50"))
    return invoices_issue(
        by=s, alliance=world.csa, year=2026, issued_on=dt.date(2026, 1, 15), due_on=dt.date(2026, 3, 31)
    )


def _file(*rows: list[Any], header: list[str] = HEADER) -> bytes:
    return workbook_bytes([Sheet(name="payments", header=header, rows=list(rows))])


def _good() -> bytes:
    return _file(
        ["CSA-2026-0001", "20,000.00", "2026-02-03", "转账0001"],
        ["csa-2026-0002", Decimal("5000.50"), dt.date(2026, 3, 10), ""],
    )


def _state() -> tuple[int, int, int]:
    return (
        Invoice.objects.filter(status="paid").count(),
        JournalEntry.objects.count(),
        AuditEntry.objects.count(),
    )


def test_the_template_names_each_column_in_chinese_and_english() -> None:
    sheet = read_xlsx(workbook_bytes(template_sheets()))
    assert sheet.header == [
        "会费通知单编号 / Dues notice number",
        "实收金额（元） / Amount received (CNY)",
        "缴费日期 / Paid on",
        "缴费凭证号 / Payment reference",
    ]
    assert sheet.rows == [(2, ["CSA-2026-0001", "20,000.00", "2026-02-03", "转账20260203001"])]


def test_the_preview_writes_nothing_and_the_import_pays_audits_and_books_every_row(
    world: Any, invoices: list[Invoice]
) -> None:
    before = _state()
    rows = payments_preview(by=world.user("secretariat"), alliance=world.csa, data=_good())
    assert [(r.number, r.values, r.problems) for r in rows] == [
        (2, {"number": "CSA-2026-0001", "amount": "20000.00", "paid_on": "2026-02-03", "reference": "转账0001"}, []),
        (3, {"number": "CSA-2026-0002", "amount": "5000.50", "paid_on": "2026-03-10", "reference": ""}, []),
    ]  # fmt: skip
    assert [r.shown["number"] for r in rows] == ["CSA-2026-0001 甲公司", "CSA-2026-0002 乙大学"]
    assert _state() == before
    paid = payments_import(by=world.user("secretariat"), alliance=world.csa, data=_good())
    assert [(i.number, i.status, i.paid_on, i.payment_reference) for i in paid] == [
        ("CSA-2026-0001", "paid", dt.date(2026, 2, 3), "转账0001"),
        ("CSA-2026-0002", "paid", dt.date(2026, 3, 10), ""),
    ]
    audit = AuditEntry.objects.filter(action="membership.dues.invoice_paid").order_by("seq")
    assert [(e.actor.username, e.data) for e in audit] == [
        ("secretariat", {"number": "CSA-2026-0001", "amount": "20000.00", "paid_on": "2026-02-03",
                         "reference": "转账0001"}),
        ("secretariat", {"number": "CSA-2026-0002", "amount": "5000.50", "paid_on": "2026-03-10",
                         "reference": ""}),
    ]  # fmt: skip
    booked = JournalEntry.objects.filter(idempotency_key__startswith="dues-paid-").order_by("pk")
    assert [
        (e.status, e.date, [(p.account.code, p.amount) for p in e.postings.order_by("pk")]) for e in booked
    ] == [
        ("submitted", dt.date(2026, 2, 3), [("1002", Decimal("20000.00")), ("1122", Decimal("-20000.00"))]),
        ("submitted", dt.date(2026, 3, 10), [("1002", Decimal("5000.50")), ("1122", Decimal("-5000.50"))]),
    ]


def test_bad_rows_are_refused_with_their_numbers_and_columns_and_nothing_is_written(
    world: Any, invoices: list[Invoice]
) -> None:
    s = world.user("secretariat")
    fee_set(by=s, alliance=world.csa, year=2025, rank="chair", amount=Decimal("100.00"))
    (cancelled,) = invoices_issue(
        by=s, alliance=world.csa, year=2025, issued_on=dt.date(2025, 1, 15), due_on=dt.date(2025, 3, 31)
    )
    invoice_cancel(by=s, invoice=cancelled, reason="重复开具")
    data = _file(
        ["CSA-2026-0001", "20,000.00", "2026-02-03", "转账0001"],  # row 2: fine
        ["CSA-2026-0002", "5,000.00", "2026-02-03", ""],  # row 3: not the notice's amount
        ["CSA-2026-0009", "100", "2026-02-03", ""],  # row 4: no such notice
        ["CSA-2026-0001", "20000", "2026-02-04", ""],  # row 5: the same notice twice
        ["CSA-2025-0001", "100.00", "2026-02-03", ""],  # row 6: cancelled (the service refuses)
        ["", "", "", ""],  # row 7: empty, skipped
        ["", "5.000,50", "2026/02/03", ""],  # row 8
    )
    before = _state()
    with pytest.raises(ImportRefused) as refused:
        payments_import(by=s, alliance=world.csa, data=data)
    assert refused.value.message == "5 of 6 rows are refused; nothing was imported."
    assert refused.value.fields == {
        "row 3": ["Amount received (CNY): ¥5,000.00 received, but dues notice CSA-2026-0002 is for ¥5,000.50; "
                  "settle a part or combined payment by hand."],
        "row 4": ["Dues notice number: the alliance has no dues notice CSA-2026-0009."],
        "row 5": ["Dues notice number: the same dues notice as row 2."],
        "row 6": ["Dues notice CSA-2025-0001 was cancelled."],
        "row 8": ["Dues notice number: required.",
                  "Amount received (CNY): " + typed_amount_format_message(),
                  "Paid on: write the date as YYYY-MM-DD."],
    }  # fmt: skip
    assert _state() == before
    assert Invoice.objects.get(number="CSA-2026-0001").status == "unpaid"


@pytest.mark.parametrize(
    ("paid_on", "reference", "reasons"),
    [
        ("2026-03-11", "", ["Paid on: Today or earlier."]),
        ("2026-01-14", "", ["Paid on: On or after 15 Jan 2026."]),
        ("2026-03-10", "x" * 101, ["Payment reference: At most 100 characters."]),
    ],
    ids=["tomorrow", "before-issue", "long-reference"],
)
def test_the_service_refuses_a_row_and_nothing_is_written(
    world: Any, invoices: list[Invoice], paid_on: str, reference: str, reasons: list[str]
) -> None:
    data = _file(
        ["CSA-2026-0001", "20000", "2026-02-03", ""], ["CSA-2026-0002", "5000.50", paid_on, reference]
    )
    before = _state()
    with pytest.raises(ImportRefused) as refused:
        payments_import(by=world.user("secretariat"), alliance=world.csa, data=data)
    assert refused.value.fields == {"row 3": reasons}
    assert _state() == before


def test_a_notice_paid_already_is_refused_by_the_service(world: Any, invoices: list[Invoice]) -> None:
    payments_import(by=world.user("secretariat"), alliance=world.csa, data=_good())
    before = _state()
    with pytest.raises(ImportRefused) as refused:
        payments_import(by=world.user("secretariat"), alliance=world.csa, data=_good())
    assert refused.value.fields == {
        "row 2": ["Dues notice CSA-2026-0001 has already been paid."],
        "row 3": ["Dues notice CSA-2026-0002 has already been paid."],
    }
    assert _state() == before


def test_only_those_who_keep_the_dues_may_import(world: Any, invoices: list[Invoice]) -> None:
    before = _state()
    for persona in ("council_member", "member_contact", "fund_supervisor"):
        with pytest.raises(PermissionDenied):
            payments_preview(by=world.user(persona), alliance=world.csa, data=_good())
        with pytest.raises(PermissionDenied):
            payments_import(by=world.user(persona), alliance=world.csa, data=_good())
    assert _state() == before


@pytest.fixture
def secretariat(world: Any, settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(world.user("secretariat"))
    return client


def test_the_pages_preview_then_confirm(secretariat: Client, world: Any, invoices: list[Invoice]) -> None:
    before = _state()
    page = secretariat.post("/en/alliances/CSA/dues/payments/import/", {"file": io.BytesIO(_good())})
    assert page.content.decode().count('data-testid="preview-row"') == 2 and _state() == before
    done = secretariat.post("/en/alliances/CSA/dues/payments/import/", {"token": page.context["token"]})
    assert (done.status_code, done["Location"]) == (302, "/en/alliances/CSA/dues/")
    assert list(
        Invoice.objects.filter(status="paid").order_by("number").values_list("number", flat=True)
    ) == [
        "CSA-2026-0001",
        "CSA-2026-0002",
    ]


def test_a_refused_row_is_shown_in_chinese_with_its_row_and_column(
    secretariat: Client, world: Any, invoices: list[Invoice]
) -> None:
    data = _file(
        ["CSA-2026-0001", "20,000.00", "2026-02-03", ""], ["CSA-2026-0002", "5,000.00", "2026-02-03", ""]
    )
    page = secretariat.post("/alliances/CSA/dues/payments/import/", {"file": io.BytesIO(data)})
    assert [(r.number, r.problems) for r in page.context["rows"]] == [
        (2, []),
        (
            3,
            [
                "实收金额（元）：实收 ¥5,000.00，但会费通知单 CSA-2026-0002 的金额为 ¥5,000.50；部分缴费或合并缴费请逐笔处理。"
            ],
        ),
    ]
    assert page.context["token"] == "" and _state()[0] == 0


@pytest.mark.parametrize(
    ("persona", "status", "link"),
    [("secretariat", 200, True), ("national_officer", 200, True), ("fund_supervisor", 403, False)],
)
def test_the_import_is_linked_and_open_only_for_those_permitted(
    world: Any, invoices: list[Invoice], persona: str, status: int, link: bool
) -> None:
    client = Client()
    client.force_login(world.user(persona))
    assert client.get("/en/alliances/CSA/dues/payments/import/").status_code == status
    assert client.get("/en/alliances/CSA/dues/payments/template.xlsx").status_code == status
    assert client.get("/api/alliances/CSA/dues/payments/template").status_code == status
    page = client.get("/en/alliances/CSA/dues/?year=2026").content.decode()
    assert ('data-testid="dues-payment-import"' in page) is link


def test_the_api(secretariat: Client, world: Any, invoices: list[Invoice]) -> None:
    template = secretariat.get("/api/alliances/CSA/dues/payments/template")
    assert read_xlsx(template.content).header == HEADER
    preview = secretariat.post(
        "/api/alliances/CSA/dues/payments/import/preview", {"file": io.BytesIO(_good())}
    )
    assert (preview.status_code, preview.json()["refused"], _state()[0]) == (200, 0, 0)
    assert preview.json()["rows"][0] == {
        "row": 2, "values": {"number": "CSA-2026-0001", "amount": "20000.00", "paid_on": "2026-02-03",
                             "reference": "转账0001"}, "problems": [],
    }  # fmt: skip
    done = secretariat.post("/api/alliances/CSA/dues/payments/import", {"file": io.BytesIO(_good())})
    assert (done.status_code, done.json()) == (
        201,
        {"imported": 2, "codes": ["CSA-2026-0001", "CSA-2026-0002"]},
    )
    before = _state()
    again = secretariat.post("/api/alliances/CSA/dues/payments/import", {"file": io.BytesIO(_good())})
    assert again.status_code == 422 and sorted(again.json()["fields"]) == ["第 2 行", "第 3 行"]
    assert _state() == before
    client = Client()
    client.force_login(world.user("council_member"))
    refused = client.post("/api/alliances/CSA/dues/payments/import", {"file": io.BytesIO(_good())})
    assert refused.status_code == 403 and _state() == before


def test_the_command_previews_imports_with_progress_and_refuses(
    world: Any, invoices: list[Invoice], tmp_path: Path
) -> None:
    template = tmp_path / "template.xlsx"
    call_command("dues", "template", "-o", str(template), stdout=io.StringIO())
    assert read_xlsx(template.read_bytes()).header == HEADER
    good = tmp_path / "good.xlsx"
    good.write_bytes(_good())
    out = io.StringIO()
    call_command("dues", "import", "CSA", str(good), "--as", "secretariat", "--preview", stdout=out)
    assert out.getvalue().splitlines() == ["row 2: OK", "row 3: OK"]
    before = _state()
    with pytest.raises(CommandError):
        call_command("dues", "import", "CSA", str(good), "--as", "council_member", stdout=io.StringIO())
    assert _state() == before
    out = io.StringIO()
    call_command("dues", "import", "CSA", str(good), "--as", "secretariat", stdout=out)
    assert out.getvalue().splitlines() == [
        "[1/2] CSA-2026-0001 甲公司 20000.00 2026-02-03",
        "[2/2] CSA-2026-0002 乙大学 5000.50 2026-03-10",
        "2 payments are recorded.",
    ]
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("dues", "import", "CSA", str(good), "--as", "secretariat", "--json", stdout=out)
    assert json.loads(out.getvalue())["refused"] == {
        "row 2": ["Dues notice CSA-2026-0001 has already been paid."],
        "row 3": ["Dues notice CSA-2026-0002 has already been paid."],
    }
    assert refused.value.returncode == 1
