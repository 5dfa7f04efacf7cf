"""The journal entry import: the bilingual template, the preview (nothing written), every voucher as a
draft through ``entry_draft`` or none, refusals named by row and column (an unbalanced voucher with both
totals), a file imported twice, the permission, the pages, the API and the command. The book keeps the
2004 NPO chart (itisa/ledger/data, the shared chart of accounts)."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from itisa.audit.models import AuditEntry
from itisa.core.errors import PermissionDenied
from itisa.core.exports import Sheet, workbook_bytes
from itisa.core.imports import ImportRefused, bilingual_header, read_xlsx
from itisa.core.values import typed_amount_format_message
from itisa.ledger.imports import COLUMNS, entries_import, entries_preview, template_sheets
from itisa.ledger.models import JournalEntry, Posting
from itisa.ledger.services import cost_object_close, cost_object_open, period_close
from itisa.ledger.tests.conftest import Books

HEADER = [bilingual_header(c) for c in COLUMNS]
GRANT = "国家重点研发计划课题经费"


def _file(*rows: list[Any], header: list[str] = HEADER) -> bytes:
    return workbook_bytes([Sheet(name="entries", header=header, rows=list(rows))])


# voucher, date, memo, account, fund, debit, credit, project, line summary
def _good() -> bytes:
    return _file(
        ["1", "2026-02-03", "收到甲公司2026年会费", "1002", "会费", "20,000.00", "", "", ""],
        ["1", "", "", "4201", "会费", "", "20000", "", ""],
        ["2", dt.date(2026, 2, 10), "课题测试费", "5101", GRANT, Decimal("1200.50"), "", "P001", "芯片测试"],
        ["2", "2026-02-10", "课题测试费", "5201", GRANT, "300", "", "", ""],
        ["2", "", "", "1002", GRANT, "", "1,500.50", "", ""],
    )


@pytest.fixture
def project(world: Any, books: Books) -> Any:
    return cost_object_open(by=world.user("secretariat"), book=books.book, code="P001", name_zh="芯片")


def _state() -> tuple[int, int, int]:
    return JournalEntry.objects.count(), Posting.objects.count(), AuditEntry.objects.count()


def _entries() -> list[tuple[Any, ...]]:
    return [
        (e.status, e.date, e.memo, e.number, e.prepared_by.username,
         [(p.account.code, p.fund.name_zh, p.amount, p.cost_object.code if p.cost_object else "", p.memo)
          for p in e.postings.order_by("pk")])
        for e in JournalEntry.objects.order_by("pk")
    ]  # fmt: skip


def test_the_template_names_each_column_in_chinese_and_english() -> None:
    sheet = read_xlsx(workbook_bytes(template_sheets()))
    assert sheet.header == [
        "凭证号 / Voucher number",
        "日期 / Date",
        "摘要 / Memo",
        "科目代码 / Account code",
        "资金来源 / Fund",
        "借方金额 / Debit amount",
        "贷方金额 / Credit amount",
        "项目 / Project",
        "分录摘要 / Line summary",
    ]
    assert sheet.rows == [(2, ["1", "2026-02-03", "收到甲公司2026年会费", "1002", "会费", "20,000.00"])]


def test_the_preview_writes_nothing_and_the_import_prepares_every_voucher_as_a_draft(
    world: Any, books: Books, project: Any
) -> None:
    s = world.user("secretariat")
    before = _state()
    rows = entries_preview(by=s, book=books.book, data=_good())
    assert [(r.number, r.problems) for r in rows] == [(2, []), (3, []), (4, []), (5, []), (6, [])]
    assert rows[2].values == {
        "voucher": "2", "date": "2026-02-10", "memo": "课题测试费", "account": "5101", "fund": GRANT,
        "debit": "1200.50", "credit": "", "project": "P001", "line_memo": "芯片测试",
    }  # fmt: skip
    assert (rows[0].shown["account"], rows[0].shown["debit"]) == ("1002 银行存款", "20,000.00")
    assert _state() == before
    created = entries_import(by=s, book=books.book, data=_good())
    assert [e.pk for e in created] == list(JournalEntry.objects.order_by("pk").values_list("pk", flat=True))
    assert _entries() == [
        ("draft", dt.date(2026, 2, 3), "收到甲公司2026年会费", None, "secretariat",
         [("1002", "会费", Decimal("20000.00"), "", ""), ("4201", "会费", Decimal("-20000.00"), "", "")]),
        ("draft", dt.date(2026, 2, 10), "课题测试费", None, "secretariat",
         [("5101", GRANT, Decimal("1200.50"), "P001", "芯片测试"), ("5201", GRANT, Decimal("300.00"), "", ""),
          ("1002", GRANT, Decimal("-1500.50"), "", "")]),
    ]  # fmt: skip
    audit = AuditEntry.objects.filter(action="ledger.entry.drafted").order_by("seq")
    assert [(e.object_id, e.actor.username, e.data["postings"]) for e in audit] == [
        (str(created[0].pk), "secretariat",
         [["1002", books.dues.pk, "20000.00"], ["4201", books.dues.pk, "-20000.00"]]),
        (str(created[1].pk), "secretariat",
         [["5101", books.grant.pk, "1200.50", project.pk], ["5201", books.grant.pk, "300.00"],
          ["1002", books.grant.pk, "-1500.50"]]),
    ]  # fmt: skip


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_imported(
    world: Any, books: Books, project: Any
) -> None:
    cost_object_close(by=world.user("secretariat"), cost_object=project)
    data = _file(
        ["1", "2026-02-03", "收到会费", "1002", "会费", "20,000.00", "", "", ""],  # row 2: fine
        ["1", "", "", "4201", "会费", "", "20,000.00", "", ""],  # row 3: fine
        ["2", "2026-02-10", "支出", "9999", "会费", "1,2,00", "", "", ""],  # row 4: bad amount
        ["2", "2026-02-11", "", "1002", "无此资金", "", "", "", ""],  # row 5
        ["3", "2026-02-12", "支出", "5101", GRANT, "100", "100", "P999", ""],  # row 6
        ["", "2026-02-12", "", "1002", GRANT, "", "0", "", ""],  # row 7
        ["4", "2026-02-13", "测试费", "9999", GRANT, "500", "", "P001", ""],  # row 8: the service refuses
        ["4", "", "", "1002", GRANT, "", "500", "", ""],  # row 9
    )
    before = _state()
    with pytest.raises(ImportRefused) as refused:
        entries_import(by=world.user("secretariat"), book=books.book, data=data)
    assert refused.value.message == "5 of 8 rows are refused; nothing was imported."
    assert refused.value.fields == {
        "row 4": ["Debit amount: " + typed_amount_format_message()],
        "row 5": ["Fund: the book has no fund named 无此资金.", "Debit amount: Give a debit or a credit amount.",
                  "Date: not the voucher's (2026-02-10, on row 4)."],
        "row 6": ["Project: the book has no project P999.", "Credit amount: A posting is a debit or a credit, not both."],
        "row 7": ["Voucher number: required.", "Credit amount: A posting cannot be zero."],
        "row 8": ["Account code: No such account in this book's chart.",
                  "Project: The project P001 is closed: nothing more is booked to it."],
    }  # fmt: skip
    assert _state() == before


def test_an_unbalanced_voucher_is_refused_with_both_totals(world: Any, books: Books) -> None:
    data = _file(
        ["A-1", "2026-02-03", "收到会费", "1002", "会费", "20,000.00", "", "", ""],
        ["A-1", "", "", "4201", "会费", "", "19,000.00", "", ""],
        ["A-2", "2026-02-04", "收到会费", "1002", "会费", "100", "", "", ""],
        ["A-2", "", "", "4201", "会费", "", "100", "", ""],
    )
    before = _state()
    with pytest.raises(ImportRefused) as refused:
        entries_import(by=world.user("secretariat"), book=books.book, data=data)
    assert refused.value.fields == {
        "row 2": ["Voucher number A-1: Debits and credits do not balance: debits 20,000.00, credits 19,000.00, "
                  "difference 1,000.00."],
    }  # fmt: skip
    assert _state() == before


def test_a_closed_period_and_a_file_imported_twice_are_refused(
    world: Any, books: Books, project: Any
) -> None:
    s = world.user("secretariat")
    entries_import(by=s, book=books.book, data=_good())
    before = _state()
    with pytest.raises(ImportRefused) as refused:
        entries_import(by=s, book=books.book, data=_good())
    assert refused.value.fields == {
        "row 2": [
            "Voucher number 1: this voucher was imported already (the entry of 3 Feb 2026, 收到甲公司2026年会费)."
        ],
        "row 4": [
            "Voucher number 2: this voucher was imported already (the entry of 10 Feb 2026, 课题测试费)."
        ],
    }
    assert _state() == before
    period_close(by=s, book=books.book, year=2026, month=1)
    before = _state()
    january = _file(
        ["1", "2026-01-31", "一月会费", "1002", "会费", "10", "", "", ""],
        ["1", "", "", "4201", "会费", "", "10", "", ""],
    )
    with pytest.raises(ImportRefused) as refused:
        entries_import(by=s, book=books.book, data=january)
    assert refused.value.fields == {"row 2": ["Date: The period is closed."]}
    assert _state() == before


def test_only_those_who_keep_the_books_may_import(world: Any, books: Books, project: Any) -> None:
    before = _state()
    for persona in ("fund_supervisor", "council_member", "member_contact"):
        with pytest.raises(PermissionDenied):
            entries_preview(by=world.user(persona), book=books.book, data=_good())
        with pytest.raises(PermissionDenied):
            entries_import(by=world.user(persona), book=books.book, data=_good())
    assert _state() == before


@pytest.fixture
def secretariat(world: Any, settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = tmp_path
    client = Client()
    client.force_login(world.user("secretariat"))
    return client


def test_the_pages_preview_then_confirm(secretariat: Client, books: Books, project: Any) -> None:
    before = _state()
    page = secretariat.post("/en/alliances/CSA/ledger/entries/import/", {"file": io.BytesIO(_good())})
    assert page.content.decode().count('data-testid="preview-row"') == 5 and _state() == before
    done = secretariat.post("/en/alliances/CSA/ledger/entries/import/", {"token": page.context["token"]})
    assert (done.status_code, done["Location"]) == (302, "/en/alliances/CSA/ledger/?status=draft")
    assert list(JournalEntry.objects.values_list("status", flat=True)) == ["draft", "draft"]


def test_a_refused_row_is_shown_in_chinese_with_its_row_and_column(secretariat: Client, books: Books) -> None:
    data = _file(
        ["1", "2026-02-03", "收到会费", "1002", "会费", "20,000.00", "", "", ""],
        ["1", "", "", "4201", "会费", "", "20,000.00", "", ""],
        ["2", "2026-02-03", "收到会费", "1002", "会费", Decimal("-5"), "", "", ""],
    )
    page = secretariat.post("/alliances/CSA/ledger/entries/import/", {"file": io.BytesIO(data)})
    assert [(r.number, r.problems) for r in page.context["rows"]] == [
        (2, []),
        (3, []),
        (4, ["借方金额：金额不填负号。"]),
    ]
    assert page.context["token"] == "" and _state()[0] == 0
    assert "第 4 行" in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status", "link"),
    [("secretariat", 200, True), ("national_officer", 200, True), ("fund_supervisor", 403, False)],
)
def test_the_import_is_linked_and_open_only_for_those_permitted(
    world: Any, books: Books, persona: str, status: int, link: bool
) -> None:
    client = Client()
    client.force_login(world.user(persona))
    assert client.get("/en/alliances/CSA/ledger/entries/import/").status_code == status
    assert client.get("/en/alliances/CSA/ledger/entries/template.xlsx").status_code == status
    assert client.get("/api/alliances/CSA/ledger/entries/template").status_code == status
    assert ('data-testid="entry-import"' in client.get("/en/alliances/CSA/ledger/").content.decode()) is link


def test_the_api(secretariat: Client, world: Any, books: Books, project: Any) -> None:
    template = secretariat.get("/api/alliances/CSA/ledger/entries/template")
    assert read_xlsx(template.content).header == HEADER
    preview = secretariat.post(
        "/api/alliances/CSA/ledger/entries/import/preview", {"file": io.BytesIO(_good())}
    )
    assert (preview.status_code, preview.json()["refused"], len(preview.json()["rows"]), _state()[0]) == (
        200, 0, 5, 0,
    )  # fmt: skip
    done = secretariat.post("/api/alliances/CSA/ledger/entries/import", {"file": io.BytesIO(_good())})
    ids = [str(pk) for pk in JournalEntry.objects.order_by("pk").values_list("pk", flat=True)]
    assert (done.status_code, done.json()) == (201, {"imported": 2, "codes": ids})
    before = _state()
    again = secretariat.post("/api/alliances/CSA/ledger/entries/import", {"file": io.BytesIO(_good())})
    assert again.status_code == 422 and sorted(again.json()["fields"]) == ["第 2 行", "第 4 行"]
    client = Client()
    client.force_login(world.user("fund_supervisor"))
    refused = client.post("/api/alliances/CSA/ledger/entries/import", {"file": io.BytesIO(_good())})
    assert refused.status_code == 403 and _state() == before


def test_the_command_previews_imports_with_progress_and_refuses(
    world: Any, books: Books, project: Any, tmp_path: Path
) -> None:
    template = tmp_path / "template.xlsx"
    call_command("ledger", "template", "-o", str(template), stdout=io.StringIO())
    assert read_xlsx(template.read_bytes()).header == HEADER
    good = tmp_path / "good.xlsx"
    good.write_bytes(_good())
    out = io.StringIO()
    call_command("ledger", "import", "CSA", str(good), "--as", "secretariat", "--preview", stdout=out)
    assert out.getvalue().splitlines() == ["row 2: OK", "row 3: OK", "row 4: OK", "row 5: OK", "row 6: OK"]
    before = _state()
    with pytest.raises(CommandError):
        call_command("ledger", "import", "CSA", str(good), "--as", "fund_supervisor", stdout=io.StringIO())
    assert _state() == before
    out = io.StringIO()
    call_command("ledger", "import", "CSA", str(good), "--as", "secretariat", stdout=out)
    first, second = JournalEntry.objects.order_by("pk")
    assert out.getvalue().splitlines() == [
        f"[1/2] #{first.pk} 2026-02-03 收到甲公司2026年会费 20000.00",
        f"[2/2] #{second.pk} 2026-02-10 课题测试费 1500.50",
        "2 draft entries are prepared; submit each for approval.",
    ]
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("ledger", "import", "CSA", str(good), "--as", "secretariat", "--json", stdout=out)
    assert sorted(json.loads(out.getvalue())["refused"]) == ["row 2", "row 4"]
    assert refused.value.returncode == 1
