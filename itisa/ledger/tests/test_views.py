"""Ledger pages: the book, a new entry, the workflow buttons; refusals change nothing; flat query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from itisa.accounts.models import RoleAssignment
from itisa.audit.models import AuditEntry
from itisa.ledger.models import JournalEntry
from tests.factories import UserFactory


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _form(books: Any, key: str, debit: str = "3000.00", credit: str = "3000.00") -> dict[str, str]:
    return {
        "date": "2026-04-02",
        "memo": "收到会费",
        "idempotency_key": key,
        "account_0": "1002",
        "fund_0": str(books.dues.pk),
        "debit_0": debit,
        "account_1": "4201",
        "fund_1": str(books.dues.pk),
        "credit_1": credit,
    }


def test_prepare_approve_by_another_post_and_see_the_trial_balance(world: Any, books: Any) -> None:
    approver = UserFactory(username="secretariat2")
    RoleAssignment.objects.create(user=approver, role="secretariat", alliance=world.csa)
    s = client_for(world.user("secretariat"))
    assert s.get("/en/alliances/CSA/ledger/entries/new/").status_code == 200
    before = (JournalEntry.objects.count(), AuditEntry.objects.count())
    r = s.post("/en/alliances/CSA/ledger/entries/new/", _form(books, "w1", credit="2999.99"))
    assert r.status_code == 200
    assert (
        "Debits and credits do not balance: debits 3,000.00, credits 2,999.99, difference 0.01."
        in r.content.decode()
    )
    assert (JournalEntry.objects.count(), AuditEntry.objects.count()) == before
    r = s.post("/en/alliances/CSA/ledger/entries/new/", _form(books, "w2"))
    entry = JournalEntry.objects.get()
    assert r["Location"] == f"/en/ledger/entries/{entry.pk}/"
    s.post(f"/en/ledger/entries/{entry.pk}/submit/")
    assert 'data-testid="entry-approve"' not in s.get(f"/en/ledger/entries/{entry.pk}/").content.decode()
    r = s.post(f"/en/ledger/entries/{entry.pk}/approve/")
    assert r.status_code == 403
    assert JournalEntry.objects.get(pk=entry.pk).approved_by is None
    client_for(approver).post(f"/en/ledger/entries/{entry.pk}/approve/")
    s.post(f"/en/ledger/entries/{entry.pk}/post/")
    entry.refresh_from_db()
    assert (entry.status, entry.number) == ("posted", 1)
    page = client_for(world.user("fund_supervisor")).get("/en/alliances/CSA/ledger/").content.decode()
    assert page.count('data-testid="tb-row"') == 2
    assert 'data-testid="tb-debit">3,000.00' in page
    # the trial balance in Chinese groups by thousands too (core.formats.money)
    zh = client_for(world.user("fund_supervisor")).get("/alliances/CSA/ledger/").content.decode()
    assert 'data-testid="tb-debit">3,000.00<' in zh


@pytest.mark.parametrize(
    ("persona", "status"), [("council_member", 403), ("outsider", 403), ("anonymous", 302)]
)
def test_the_books_are_not_public(world: Any, books: Any, persona: str, status: int) -> None:
    assert client_for(world.user(persona)).get("/en/alliances/CSA/ledger/").status_code == status
    assert (
        client_for(world.user("fund_supervisor")).get("/en/alliances/CSA/ledger/entries/new/").status_code
        == 403
    )


def test_the_ledger_page_query_count_does_not_grow(
    world: Any, books: Any, django_assert_max_num_queries: Any
) -> None:
    from itisa.ledger.services import entry_draft

    s = world.user("secretariat")
    postings = [
        {"account": "1002", "fund": str(books.dues.pk), "amount": "10.00"},
        {"account": "4201", "fund": str(books.dues.pk), "amount": "-10.00"},
    ]
    import datetime as dt

    entry_draft(
        by=s, book=books.book, date=dt.date(2026, 4, 1), memo="a", postings=postings, idempotency_key="q0"
    )
    c = client_for(s)
    with django_assert_max_num_queries(14):
        c.get("/en/alliances/CSA/ledger/")
    for i in range(1, 30):
        entry_draft(
            by=s,
            book=books.book,
            date=dt.date(2026, 4, 1),
            memo=f"a{i}",
            postings=postings,
            idempotency_key=f"q{i}",
        )
    with django_assert_max_num_queries(14):
        r = c.get("/en/alliances/CSA/ledger/")
    assert r.content.decode().count('data-testid="entry-row"') == 25


def test_the_supervisor_flags_and_resolves_from_the_entry_page(world: Any, books: Any) -> None:
    import datetime as dt

    from itisa.ledger.models import EntryFlag
    from itisa.ledger.services import entry_draft

    s = world.user("secretariat")
    postings = [
        {"account": "1002", "fund": str(books.dues.pk), "amount": "10.00"},
        {"account": "4201", "fund": str(books.dues.pk), "amount": "-10.00"},
    ]
    entry, _ = entry_draft(
        by=s, book=books.book, date=dt.date(2026, 4, 1), memo="a", postings=postings, idempotency_key="f"
    )
    sup = client_for(world.user("fund_supervisor"))
    assert 'data-testid="flag-form"' in sup.get(f"/en/ledger/entries/{entry.pk}/").content.decode()
    assert (
        'data-testid="flag-form"' not in client_for(s).get(f"/en/ledger/entries/{entry.pk}/").content.decode()
    )
    assert client_for(s).post(f"/en/ledger/entries/{entry.pk}/flag/", {"comment": "x"}).status_code == 403
    sup.post(f"/en/ledger/entries/{entry.pk}/flag/", {"comment": "缺少发票"})
    flag = EntryFlag.objects.get()
    assert (flag.comment, flag.resolved_at) == ("缺少发票", None)
    sup.post(f"/en/ledger/entries/{entry.pk}/flags/{flag.pk}/resolve/", {"resolution": "已补"})
    flag.refresh_from_db()
    assert (flag.resolution, flag.resolved_by.username) == ("已补", "fund_supervisor")


def test_closing_a_month_needs_confirmation(world: Any, books: Any) -> None:
    from itisa.ledger.models import Period

    c = client_for(world.user("secretariat"))
    c.post("/en/alliances/CSA/ledger/periods/close/", {"month": "2026-02"})
    assert not Period.objects.filter(closed_at__isnull=False).exists()
    c.post("/en/alliances/CSA/ledger/periods/close/", {"month": "2026-13", "confirmed": "1"})
    assert not Period.objects.filter(closed_at__isnull=False).exists()
    assert (
        client_for(world.user("fund_supervisor"))
        .post("/en/alliances/CSA/ledger/periods/close/", {"month": "2026-02", "confirmed": "1"})
        .status_code
        == 403
    )
    c.post("/en/alliances/CSA/ledger/periods/close/", {"month": "2026-02", "confirmed": "1"})
    assert list(Period.objects.filter(closed_at__isnull=False).values_list("year", "month")) == [(2026, 2)]
    page = c.get("/en/alliances/CSA/ledger/").content.decode()
    assert "2026-02" in page


def test_open_a_book_add_funds_and_budgets_from_the_setup_page(world: Any) -> None:
    from decimal import Decimal

    from itisa.ledger.models import Book, Budget, Chart, Fund
    from itisa.ledger.services import chart_load
    from itisa.ledger.tests.conftest import npo_rows

    chart = chart_load(code="npo-2004", name_zh="民非2004", rows=npo_rows())
    c = client_for(world.user("secretariat"))
    assert client_for(world.user("fund_supervisor")).get("/en/alliances/CSA/ledger/setup/").status_code == 403
    c.post(
        "/en/alliances/CSA/ledger/setup/",
        {"action": "open", "chart": chart.pk, "second_approval_above": "abc"},
    )
    assert not Book.objects.exists()
    c.post(
        "/en/alliances/CSA/ledger/setup/",
        {"action": "open", "chart": chart.pk, "second_approval_above": "50000"},
    )
    book = Book.objects.get()
    assert (book.chart, book.second_approval_above) == (chart, Decimal("50000.00"))
    c.post(
        "/en/alliances/CSA/ledger/setup/",
        {"action": "fund", "kind": "government_grant", "name_zh": "课题", "granting_department": ""},
    )
    assert not Fund.objects.exists()
    c.post(
        "/en/alliances/CSA/ledger/setup/",
        {
            "action": "fund",
            "kind": "government_grant",
            "name_zh": "课题",
            "granting_department": "科学技术部",
        },
    )
    fund = Fund.objects.get()
    assert (fund.restricted, fund.granting_department) == (True, "科学技术部")
    c.post(
        "/en/alliances/CSA/ledger/setup/",
        {"action": "budget", "fund": fund.pk, "year": "2026", "account": "5101", "amount": "30000.00"},
    )
    assert list(Budget.objects.values_list("year", "account__code", "amount")) == [
        (2026, "5101", Decimal("30000.00"))
    ]
    c.post("/en/alliances/CSA/ledger/setup/", {"action": "entrust", "entrusted": "1"})
    assert Book.objects.get().entrusted_to_host is True
    page = c.get("/en/alliances/CSA/ledger/setup/").content.decode()
    assert page.count('data-testid="fund-row"') == 1 and page.count('data-testid="budget-line"') == 1
    assert Chart.objects.count() == 1


def test_the_entry_page_shows_each_section_once(world: Any, books: Any) -> None:
    import datetime as dt

    from itisa.ledger.services import entry_draft

    postings = [
        {"account": "1002", "fund": str(books.dues.pk), "amount": "10.00"},
        {"account": "4201", "fund": str(books.dues.pk), "amount": "-10.00"},
    ]
    entry, _ = entry_draft(
        by=world.user("secretariat"), book=books.book, date=dt.date(2026, 4, 1), memo="会费收入",
        postings=postings, idempotency_key="page",
    )  # fmt: skip
    page = client_for(world.user("secretariat")).get(f"/en/ledger/entries/{entry.pk}/").content.decode()
    assert "<title>会费收入" in page
    assert (
        page.count('data-testid="attachments"'),
        page.count('data-testid="attachment-form"'),
        page.count('data-testid="flags"'),
    ) == (1, 1, 1)


def test_the_alliance_page_leads_the_secretariat_to_open_a_book(world: Any) -> None:
    page = client_for(world.user("secretariat")).get("/en/alliances/CSA/").content.decode()
    assert 'data-testid="ledger-setup-link"' in page
    for persona in ("fund_supervisor", "council_member", "anonymous"):
        assert (
            'data-testid="ledger-panel"'
            not in client_for(world.user(persona)).get("/en/alliances/CSA/").content.decode()
        )


def test_the_voucher_names_who_prepared_it_not_their_login(world: Any, books: Any) -> None:
    """制单人 is the person's name: the display name, else the full name; the login only when neither exists."""
    preparer = world.user("secretariat")
    preparer.display_name, preparer.first_name, preparer.last_name = "", "敏", "王"
    preparer.save(update_fields=["display_name", "first_name", "last_name"])
    client_for(preparer).post("/en/alliances/CSA/ledger/entries/new/", _form(books, "n1"))
    entry = JournalEntry.objects.get()
    page = client_for(preparer).get(f"/ledger/entries/{entry.pk}/").content.decode()
    assert '<dt class="col-sm-3">制单人</dt><dd class="col-sm-9">敏 王</dd>' in page
    assert ">secretariat<" not in page
    preparer.first_name = preparer.last_name = ""
    preparer.save(update_fields=["first_name", "last_name"])
    page = client_for(preparer).get(f"/en/ledger/entries/{entry.pk}/").content.decode()
    assert '<dt class="col-sm-3">Prepared by</dt><dd class="col-sm-9">secretariat</dd>' in page
