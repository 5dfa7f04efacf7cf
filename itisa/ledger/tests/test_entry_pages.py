"""The entry form as accountants use it (amounts as typed, any number of lines, the invalid line named,
totals and the difference), draft edit and delete, send back (退回), the printed voucher (记账凭证) and an
account's detail ledger (明细账) as PDFs. Refusals change nothing."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from itisa.accounts.models import RoleAssignment, User
from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError
from itisa.ledger.forms import EntryForm
from itisa.ledger.models import JournalEntry, Posting
from itisa.ledger.services import (
    attachment_add,
    entry_approve,
    entry_draft,
    entry_post,
    entry_submit,
)
from tests.factories import UserFactory

NEW = "/en/alliances/CSA/ledger/entries/new/"


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _state() -> tuple[Any, ...]:
    return (
        list(JournalEntry.objects.order_by("pk").values_list("pk", "status", "date", "memo")),
        list(Posting.objects.order_by("pk").values_list("pk", "entry_id", "account__code", "amount", "memo")),
        AuditEntry.objects.count(),
    )


def _lines(books: Any, *lines: tuple[str, str, str]) -> dict[str, str]:
    """Form data: each line (account, debit, credit) on the dues fund, numbered from 0."""
    data = {}
    for i, (account, debit, credit) in enumerate(lines):
        if account or debit or credit:
            data |= {f"account_{i}": account, f"fund_{i}": str(books.dues.pk), f"debit_{i}": debit,
                     f"credit_{i}": credit}  # fmt: skip
    return data


def _form(books: Any, *lines: tuple[str, str, str], key: str = "p1") -> dict[str, str]:
    return {"date": "2026-04-02", "memo": "收到会费", "idempotency_key": key} | _lines(books, *lines)


@pytest.fixture
def approver(world: Any) -> Any:
    user = UserFactory(username="secretariat2", display_name="李审核")
    RoleAssignment.objects.create(user=user, role="secretariat", alliance=world.csa)
    return user


def _draft(world: Any, books: Any, amount: str = "1200.00", key: str = "d1") -> JournalEntry:
    entry, _ = entry_draft(
        by=world.user("secretariat"), book=books.book, date=dt.date(2026, 4, 2), memo="收到会费",
        postings=[{"account": "1002", "fund": str(books.dues.pk), "amount": amount, "memo": "工商银行"},
                  {"account": "4201", "fund": str(books.dues.pk), "amount": f"-{amount}"}],
        idempotency_key=key,
    )  # fmt: skip
    return entry


def test_six_lines_with_grouped_full_width_and_yen_amounts_and_an_empty_line_between(
    world: Any, books: Any
) -> None:
    s = client_for(world.user("secretariat"))
    data = _form(
        books,
        ("1002", "1,200", ""),
        ("1001", "１２００．５０", ""),
        ("", "", ""),  # an empty line is ignored
        ("4201", "", "¥2,000"),
        ("4201", "", " 400.50 "),
        ("", "", ""),
    )
    r = s.post(NEW, data)
    entry = JournalEntry.objects.get()
    assert (r.status_code, r["Location"]) == (302, f"/en/ledger/entries/{entry.pk}/")
    assert list(entry.postings.order_by("pk").values_list("account__code", "amount")) == [
        ("1002", Decimal("1200.00")),
        ("1001", Decimal("1200.50")),
        ("4201", Decimal("-2000.00")),
        ("4201", Decimal("-400.50")),
    ]


def test_the_new_form_has_four_lines_and_add_a_line_without_javascript_gives_four_more(
    world: Any, books: Any
) -> None:
    s = client_for(world.user("secretariat"))
    page = s.get(NEW).content.decode()
    assert page.count('data-testid="entry-line"') == 4
    assert '<script src="/static/ledger/entry_form.js"></script>' in page
    before = _state()
    data = _form(books, ("1002", "1,200", ""), ("4201", "", "1,200")) | {"more": "1"}
    page = s.post(NEW, data).content.decode()
    assert page.count('data-testid="entry-line"') == 6
    assert 'name="debit_0" value="1,200"' in page
    assert 'data-testid="form-errors"' not in page
    assert _state() == before


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", 'class="alert-link">Line 3, debit amount</a>: Not an amount: write digits with an optional '
               "decimal point and thousands separators, e.g. 1,200.50 or ¥1200.</li>"),
        ("zh-hans", 'class="alert-link">第3行 借方金额</a>: 不是金额'),
    ],
)  # fmt: skip
def test_a_bad_amount_is_named_by_its_line_and_column(
    world: Any, books: Any, language: str, expected: str
) -> None:
    s = client_for(world.user("secretariat"))
    prefix = "/en" if language == "en" else ""
    before = _state()
    data = _form(books, ("1002", "1,200", ""), ("1001", "100", ""), ("4201", "", "1,300"))
    data["debit_2"] = "12O0"
    r = s.post(f"{prefix}/alliances/CSA/ledger/entries/new/", data)
    assert r.status_code == 200
    assert expected in r.content.decode()
    assert _state() == before


def test_an_unbalanced_entry_shows_both_totals_and_the_difference(world: Any, books: Any) -> None:
    s = client_for(world.user("secretariat"))
    before = _state()
    page = s.post(NEW, _form(books, ("1002", "3,000", ""), ("4201", "", "2,999.99"))).content.decode()
    assert "Debits and credits do not balance: debits 3,000.00, credits 2,999.99, difference 0.01." in page
    assert 'data-testid="total-debit">3,000.00<' in page
    assert 'data-testid="total-credit">2,999.99<' in page
    assert 'data-testid="total-difference">0.01<' in page
    assert _state() == before


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        (("1002", "-5", ""), "debit_0", "Write the amount without a minus sign."),
        (("1002", "1.005", ""), "debit_0", "An amount has at most 2 decimal places (CNY to the fen)."),
        (("1002", "5", "5"), "credit_0", "A posting is a debit or a credit, not both."),
        (("1002", "0", ""), "debit_0", "A posting cannot be zero."),
        (("", "5", ""), "account_0", "Choose an account."),
    ],
)
def test_each_line_problem_is_put_under_its_field(
    world: Any, books: Any, line: tuple[str, str, str], field: str, message: str
) -> None:
    form = EntryForm(_form(books, line, ("4201", "", "5")), book=books.book)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_a_service_refusal_about_a_posting_goes_under_the_line_it_came_from(world: Any, books: Any) -> None:
    form = EntryForm(_form(books, ("1002", "5", ""), ("", "", ""), ("4201", "", "5")), book=books.book)
    assert form.is_valid()
    assert [p["amount"] for p in form.postings()] == ["5.00", "-5.00"]
    form.apply_domain_error(
        DomainError(
            "The entry is not valid.", fields={"postings.1.amount": ["x"], "postings.1.cost_object": ["y"]}
        )
    )
    assert (form.errors["credit_2"], form.errors["project_2"], form.non_field_errors()) == (["x"], ["y"], [])


def test_the_preparer_edits_a_draft_on_its_page(world: Any, books: Any) -> None:
    entry = _draft(world, books)
    s = client_for(world.user("secretariat"))
    page = s.get(f"/en/ledger/entries/{entry.pk}/").content.decode()
    assert 'data-testid="entry-edit"' in page and 'data-testid="entry-delete"' in page
    page = s.get(f"/en/ledger/entries/{entry.pk}/edit/").content.decode()
    assert 'name="debit_0" value="1,200.00"' in page
    assert 'name="memo_0" value="工商银行"' in page
    assert 'name="credit_1" value="1,200.00"' in page
    assert 'data-testid="total-debit">1,200.00<' in page
    data = {"date": "2026-04-03", "memo": "收到会费（更正）"} | _lines(
        books, ("1002", "1,500", ""), ("4201", "", "1,500")
    )
    r = s.post(f"/en/ledger/entries/{entry.pk}/edit/", data)
    assert r["Location"] == f"/en/ledger/entries/{entry.pk}/"
    entry.refresh_from_db()
    assert (entry.date, entry.memo) == (dt.date(2026, 4, 3), "收到会费（更正）")
    assert list(entry.postings.order_by("pk").values_list("account__code", "amount")) == [
        ("1002", Decimal("1500.00")),
        ("4201", Decimal("-1500.00")),
    ]


def test_others_neither_edit_nor_delete_a_draft(world: Any, books: Any, approver: Any) -> None:
    entry = _draft(world, books)
    other = client_for(approver)
    assert 'data-testid="entry-edit"' not in other.get(f"/en/ledger/entries/{entry.pk}/").content.decode()
    before = _state()
    data = {"date": "2026-04-03", "memo": "x"} | _lines(books, ("1002", "1", ""), ("4201", "", "1"))
    assert other.post(f"/en/ledger/entries/{entry.pk}/edit/", data).status_code == 403
    assert other.post(f"/en/ledger/entries/{entry.pk}/delete/", {"confirmed": "1"}).status_code == 403
    assert (
        client_for(world.user("council_member")).get(f"/en/ledger/entries/{entry.pk}/edit/").status_code
        == 404
    )
    assert _state() == before


def test_a_draft_is_deleted_after_a_confirmation(world: Any, books: Any) -> None:
    entry = _draft(world, books)
    s = client_for(world.user("secretariat"))
    page = s.get(f"/en/ledger/entries/{entry.pk}/delete/").content.decode()
    assert 'data-testid="confirmation"' in page
    assert "The draft and its lines are deleted; the audit log keeps what it was." in page
    r = s.post(f"/en/ledger/entries/{entry.pk}/delete/", {"confirmed": "1"})
    assert r["Location"] == "/en/alliances/CSA/ledger/"
    assert (JournalEntry.objects.count(), Posting.objects.count()) == (0, 0)
    assert AuditEntry.objects.filter(action="ledger.entry.deleted", object_id=str(entry.pk)).count() == 1


def test_a_posted_entry_is_not_deleted_from_the_page(world: Any, books: Any, approver: Any) -> None:
    s = world.user("secretariat")
    entry = _draft(world, books)
    entry_submit(by=s, entry=entry)
    entry_approve(by=approver, entry=entry)
    entry_post(by=s, entry=entry)
    c = client_for(s)
    assert 'data-testid="entry-delete"' not in c.get(f"/en/ledger/entries/{entry.pk}/").content.decode()
    before = _state()
    page = c.post(f"/en/ledger/entries/{entry.pk}/delete/", {"confirmed": "1"}).content.decode()
    assert "The entry is Posted: only a draft is deleted" in page
    assert _state() == before


def test_the_approver_sends_back_and_the_preparer_reads_why(world: Any, books: Any, approver: Any) -> None:
    s = world.user("secretariat")
    entry = _draft(world, books)
    entry_submit(by=s, entry=entry)
    assert (
        'data-testid="entry-send-back"'
        not in client_for(s).get(f"/en/ledger/entries/{entry.pk}/").content.decode()
    )
    a = client_for(approver)
    assert 'data-testid="entry-send-back"' in a.get(f"/en/ledger/entries/{entry.pk}/").content.decode()
    before = _state()
    a.post(f"/en/ledger/entries/{entry.pk}/send-back/", {"reason": " "})
    assert _state() == before
    assert client_for(s).post(f"/en/ledger/entries/{entry.pk}/send-back/", {"reason": "x"}).status_code == 403
    assert _state() == before
    a.post(f"/en/ledger/entries/{entry.pk}/send-back/", {"reason": "缺少银行回单"})
    entry.refresh_from_db()
    assert entry.status == "draft"
    page = client_for(s).get(f"/ledger/entries/{entry.pk}/").content.decode()
    assert re.search(
        r'data-testid="sent-back">由 李审核 于 <span class="text-nowrap">[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日 [0-9]{2}:[0-9]{2}</span> 退回：\s*缺少银行回单</div>',
        page,
    )
    assert 'data-testid="entry-edit"' in page


def _pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_the_printed_voucher(world: Any, books: Any, approver: Any) -> None:
    s = world.user("secretariat")
    User.objects.filter(pk=s.pk).update(display_name="王制单")
    s.refresh_from_db()
    entry = _draft(world, books, amount="1200.50")
    attachment_add(by=s, entry=entry, name="银行回单.pdf", data=b"%PDF-1.4 receipt")
    entry_submit(by=s, entry=entry)
    entry_approve(by=approver, entry=entry)
    entry_post(by=s, entry=entry)
    r = client_for(world.user("fund_supervisor")).get(f"/ledger/entries/{entry.pk}/voucher.pdf")
    assert (r.status_code, r["Content-Type"]) == (200, "application/pdf")
    assert r["Content-Disposition"] == 'attachment; filename="CSA-voucher-2026-04-1.pdf"'
    text = _pdf_text(r.content)
    for expected in [
        "记账凭证", "2026年4月2日", "记字第2026-04-1号", "工商银行", "1002", "银行存款", "4201", "会费收入",
        "1,200.50", "合计（大写）：人民币壹仟贰佰元零伍角整", "¥1,200.50", "附单据1张", "制单人：王制单",
        "审核人：李审核", "记账人：王制单",
    ]:  # fmt: skip
        assert expected in text, expected
    assert "secretariat2" not in text


def test_a_draft_voucher_says_it_is_not_posted(world: Any, books: Any) -> None:
    entry = _draft(world, books)
    text = _pdf_text(
        client_for(world.user("secretariat")).get(f"/ledger/entries/{entry.pk}/voucher.pdf").content
    )
    assert "状态：草稿。尚未记账" in text
    assert "记账人：—" in text


def test_the_account_detail_ledger_page_and_pdf(world: Any, books: Any, approver: Any) -> None:
    s = world.user("secretariat")
    for i, (day, amount) in enumerate([(dt.date(2026, 3, 31), "500"), (dt.date(2026, 4, 2), "1200"),
                                       (dt.date(2026, 4, 20), "-300.25")]):  # fmt: skip
        entry, _ = entry_draft(
            by=s, book=books.book, date=day, memo=f"业务{i}", idempotency_key=f"a{i}",
            postings=[{"account": "1002", "fund": str(books.dues.pk), "amount": amount},
                      {"account": "4201", "fund": str(books.dues.pk), "amount": str(-Decimal(amount))}],
        )  # fmt: skip
        entry_submit(by=s, entry=entry)
        entry_approve(by=approver, entry=entry)
        entry_post(by=s, entry=entry)
    viewer = client_for(world.user("fund_supervisor"))
    page = viewer.get(
        "/en/alliances/CSA/ledger/accounts/1002/?start=2026-04-01&end=2026-04-30"
    ).content.decode()
    assert page.count('data-testid="detail-row"') == 2
    assert 'data-testid="opening">500.00<' in page
    assert 'data-testid="period-debit">1,200.00<' in page
    assert 'data-testid="period-credit">300.25<' in page
    assert 'data-testid="closing">1,399.75<' in page
    r = viewer.get("/alliances/CSA/ledger/accounts/1002/?start=2026-04-01&end=2026-04-30&format=pdf")
    assert r["Content-Disposition"] == 'attachment; filename="CSA-1002-2026-04-01-2026-04-30.pdf"'
    text = _pdf_text(r.content)
    for expected in [
        "明细账", "1002银行存款", "2026年4月1日–2026年4月30日", "期初余额借500.00",
        "2026年4月2日2026-04-1业务11,200.00借1,700.00", "2026年4月20日2026-04-2业务2300.25借1,399.75",
        "本期合计及期末余额1,200.00300.25借1,399.75",
    ]:  # fmt: skip
        assert expected in text, expected
    income = viewer.get(
        "/en/alliances/CSA/ledger/accounts/4201/?start=2026-04-01&end=2026-04-30"
    ).content.decode()
    assert 'data-testid="closing">1,399.75<' in income
    assert "<td>Cr</td>" in income


@pytest.mark.parametrize("persona", ["council_member", "outsider"])
def test_the_pdfs_are_for_those_who_see_the_books(world: Any, books: Any, persona: str) -> None:
    entry = _draft(world, books)
    c = client_for(world.user(persona))
    assert c.get(f"/en/ledger/entries/{entry.pk}/voucher.pdf").status_code == 404
    assert c.get("/en/alliances/CSA/ledger/accounts/1002/?format=pdf").status_code == 403
    assert (
        client_for(world.user("secretariat")).get("/en/alliances/CSA/ledger/accounts/9999/").status_code
        == 404
    )
