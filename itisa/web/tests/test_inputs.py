"""The pages refuse bad input as the API does (``core.values``), and write nothing.

Per class: money (the entry form's debits and credits, read as people type them, and the budget and
dues forms), text (blank after invisible characters), dates, body size (a 413 page) and NUL in an address (400). Each refused post
answers with the reason on the page and leaves the rows and the audit chain as they were.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from itisa.audit.models import AuditEntry
from itisa.ledger.models import Budget, Fund, JournalEntry, Posting
from itisa.ledger.tests.conftest import Books, make_books
from itisa.membership.models import FeeSchedule

NOT_AN_AMOUNT = (
    "Not an amount: write the digits 0-9 with an optional minus sign and decimal point, "
    "e.g. -1200.50 (no spaces, exponents or full-width digits)."
)
# the entry form reads amounts as people type them (``core.values.parse_typed_amount``): grouping, full-width
# digits, ¥ and spaces are read, not refused as the API refuses them; what is still not an amount is refused
NOT_A_TYPED_AMOUNT = "Not an amount: write digits with an optional decimal point and thousands separators, e.g. 1,200.50 or ¥1200."
BAD_DATE = "Choose a date between 1900-01-01 and 2100-12-31."
NEW_ENTRY = "/en/alliances/CSA/ledger/entries/new/"
SETUP = "/en/alliances/CSA/ledger/setup/"


def _counts() -> dict[str, int]:
    return {
        "entries": JournalEntry.objects.count(),
        "postings": Posting.objects.count(),
        "funds": Fund.objects.count(),
        "budgets": Budget.objects.count(),
        "fees": FeeSchedule.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _entry_form(books: Books, **changes: str) -> dict[str, str]:
    return {
        "date": "2026-04-02",
        "memo": "收到会费",
        "idempotency_key": "page-1",
        "account_0": "1002",
        "fund_0": str(books.dues.pk),
        "debit_0": "3000.00",
        "account_1": "4201",
        "fund_1": str(books.dues.pk),
        "credit_1": "3000.00",
    } | changes


@pytest.mark.parametrize(
    ("changes", "label", "error"),
    [
        ({"debit_0": "99,999,999,999,999,999.99"}, "Line 1, debit amount",
         "The amount is too large: at most 13 digits before the decimal point."),
        ({"debit_0": "3e3"}, "Line 1, debit amount", NOT_A_TYPED_AMOUNT),
        ({"credit_1": "3,000.005"}, "Line 2, credit amount", "An amount has at most 2 decimal places (CNY to the fen)."),
        ({"memo": "\u200b \u2060"}, "Memo", "This field is required."),
        ({"date": "9999-12-31"}, "Date", BAD_DATE),
        ({"date": "1899-12-31"}, "Date", BAD_DATE),
    ],
)  # fmt: skip
def test_the_entry_form_refuses_what_the_api_refuses(
    world: Any, changes: dict[str, str], label: str, error: str
) -> None:
    books = make_books(world)
    client = _client(world.user("secretariat"))
    before = _counts()
    r = client.post(NEW_ENTRY, _entry_form(books, **changes))
    assert r.status_code == 200
    assert f'class="alert-link">{label}</a>: {error}</li>' in r.content.decode()
    assert _counts() == before


@pytest.mark.parametrize(
    "changes", [{}, {"debit_0": "３，０００"}, {"debit_0": "¥3,000"}, {"credit_1": " 3 000.00 "}]
)
def test_the_entry_form_books_a_clean_entry(world: Any, changes: dict[str, str]) -> None:
    books = make_books(world)
    r = _client(world.user("secretariat")).post(NEW_ENTRY, _entry_form(books, **changes))
    entry = JournalEntry.objects.get()
    assert (r.status_code, r["Location"]) == (302, f"/en/ledger/entries/{entry.pk}/")
    assert sorted(str(p.amount) for p in entry.postings.all()) == ["-3000.00", "3000.00"]


@pytest.mark.parametrize(
    ("post", "label", "error"),
    [
        ({"action": "fund", "kind": "dues", "name_zh": "\u200b "}, "Name", "This field is required."),
        (
            {"action": "budget", "year": "2026", "account": "5101", "amount": "１０"},
            "Budget (CNY)",
            NOT_AN_AMOUNT,
        ),
    ],
)
def test_the_setup_forms_refuse_blank_names_and_bad_amounts(
    world: Any, post: dict[str, str], label: str, error: str
) -> None:
    books = make_books(world)
    client = _client(world.user("secretariat"))
    before = _counts()
    r = client.post(SETUP, post | {"fund": str(books.grant.pk)})
    assert f"{label}</a>: {error}" in r.content.decode()
    assert _counts() == before


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("１２０００", NOT_AN_AMOUNT),
        ("1.2e4", NOT_AN_AMOUNT),
        ("10000000000", "The amount is too large: at most 10 digits before the decimal point."),
    ],
)
def test_the_dues_form_refuses_a_bad_fee(world: Any, amount: str, error: str) -> None:
    client = _client(world.user("secretariat"))
    before = _counts()
    r = client.post("/en/alliances/CSA/dues/fees/", {"year": "2026", "rank": "chair", "amount": amount})
    assert (r.status_code, error in r.content.decode()) == (200, True)
    assert _counts() == before


def test_a_page_post_over_the_limit_gets_the_413_page(world: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    books = make_books(world)
    client = _client(world.user("secretariat"))
    before = _counts()
    r = client.post(NEW_ENTRY, _entry_form(books, memo="x" * (1024 * 1024)), HTTP_ACCEPT_LANGUAGE="en")
    page = r.content.decode()
    assert (r.status_code, 'data-testid="error-413"' in page) == (413, True)
    assert "The request is too large: at most 1 MB." in page
    assert _counts() == before


@pytest.mark.parametrize("path", ["/en/alliances/C%00SA/", "/en/alliances/?q=%00"])
def test_nul_in_a_page_address_is_400(world: Any, path: str) -> None:
    r = _client(world.user("secretariat")).get(path)
    assert (r.status_code, r.content.decode()) == (400, "Text cannot contain the NUL character (U+0000).")
