"""Every class of bad input gets a clear 4xx in the one error shape, and nothing is written.

One table per class — money, text, dates, body size, duplicate keys, NUL and lone surrogates — sent
through the API; each case asserts the status, the whole error body, and that no row and no audit entry
was added (``_counts``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from itisa.audit.models import AuditEntry
from itisa.ledger.models import JournalEntry, Posting
from itisa.ledger.tests.conftest import Books, make_books
from itisa.membership.models import FeeSchedule
from itisa.registry.models import Alliance

NOT_AN_AMOUNT = (
    "Not an amount: write the digits 0-9 with an optional minus sign and decimal point, "
    "e.g. -1200.50 (no spaces, exponents or full-width digits)."
)
TOO_LARGE = "The amount is too large: at most 13 digits before the decimal point."
FLOAT = "Give amounts as exact decimals (strings), never floating point."
NUL = "Text cannot contain the NUL character (U+0000)."
SURROGATE = "Text cannot contain a lone surrogate (U+D800 to U+DFFF): send valid Unicode."
BAD_DATE = "Choose a date between 1900-01-01 and 2100-12-31."
CORRECT = "Please correct the errors below."
BLANK = "This field cannot be blank."
NEW_ALLIANCE = {
    "code": "QKD",
    "name_zh": "量子保密通信产业技术创新战略联盟",
    "key_area": "information",
    "industry": "I",
    "scope": "national",
    "founded_on": "2020-05-01",
}


def _counts() -> dict[str, int]:
    """The rows a refused request must not add to, and the length of the audit chain."""
    return {
        "entries": JournalEntry.objects.count(),
        "postings": Posting.objects.count(),
        "alliances": Alliance.objects.count(),
        "fees": FeeSchedule.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _send(client: Client, method: str, path: str, body: str | bytes, **extra: Any) -> Any:
    """Send ``body`` as it is (the test writes the JSON text itself: escapes, duplicate keys)."""
    return getattr(client, method)(f"/api{path}", data=body, content_type="application/json", **extra)


def _entry(books: Books, amount: Any = "1200.00", **changes: Any) -> dict[str, Any]:
    return {
        "date": "2026-03-05",
        "memo": "收到会费",
        "idempotency_key": "inputs-1",
        "postings": [
            {"account": "1002", "fund": books.dues.pk, "amount": amount},
            {"account": "4201", "fund": books.dues.pk, "amount": "-1200.00"},
        ],
    } | changes


def _refused(fields: dict[str, list[str]], message: str = "The entry is not valid.") -> dict[str, Any]:
    return {"code": "validation_error", "message": message, "fields": fields}


# --- money: the posting amount, bounded by its column (16 digits, 2 after the point) ---


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("99999999999999999999.99", TOO_LARGE),  # the probe's amount: a float on SQLite, 500 ever after
        ("10000000000000", TOO_LARGE),
        ("99999999999999.99", TOO_LARGE),  # fits the 16-digit column, but not a float: SQLite's storage
        ("１００", NOT_AN_AMOUNT),
        ("1.5e2", NOT_AN_AMOUNT),
        (" 10 ", NOT_AN_AMOUNT),
        ("1,200.00", NOT_AN_AMOUNT),
        ("NaN", NOT_AN_AMOUNT),
        ("Infinity", NOT_AN_AMOUNT),
        ("12.345", "An amount has at most 2 decimal places (CNY to the fen)."),
    ],
)
def test_a_bad_posting_amount_is_refused_and_nothing_is_written(world: Any, amount: str, error: str) -> None:
    books = make_books(world)
    client = _client(world.user("secretariat"))
    before = _counts()
    r = _send(client, "post", "/alliances/CSA/ledger/entries", json.dumps(_entry(books, amount)))
    assert (r.status_code, r.json()) == (422, _refused({"postings.0.amount": [error]}))
    assert _counts() == before
    listing = client.get("/api/alliances/CSA/ledger/entries")
    assert (listing.status_code, listing.json()["items"]) == (200, [])


def test_the_largest_amount_is_booked_and_reads_back_exactly(world: Any) -> None:
    books = make_books(world)
    client = _client(world.user("secretariat"))
    body = _entry(books, "9999999999999.99")
    body["postings"][1]["amount"] = "-9999999999999.99"
    r = _send(client, "post", "/alliances/CSA/ledger/entries", json.dumps(body))
    assert r.status_code == 201, r.content
    entry = client.get(f"/api/ledger/entries/{r.json()['id']}").json()
    assert [p["amount"] for p in entry["postings"]] == ["9999999999999.99", "-9999999999999.99"]
    submitted = client.post(
        f"/api/ledger/entries/{entry['id']}/submit", "{}", content_type="application/json"
    )
    assert (submitted.status_code, submitted.json()["status"]) == (200, "submitted")


def test_an_amount_as_a_json_number_is_refused(world: Any) -> None:
    books = make_books(world)
    client = _client(world.user("secretariat"))
    before = _counts()
    r = _send(client, "post", "/alliances/CSA/ledger/entries", json.dumps(_entry(books, 1200.5)))
    assert (r.status_code, r.json()) == (
        422,
        _refused({"postings.0.amount": ["Input should be a valid string"]}, CORRECT),
    )
    assert _counts() == before


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("10000000000", "The amount is too large: at most 10 digits before the decimal point."),
        ("１２００", NOT_AN_AMOUNT),
        ("1.2e3", NOT_AN_AMOUNT),
        ("1200 ", NOT_AN_AMOUNT),
    ],
)
def test_a_bad_fee_is_refused_and_nothing_is_written(world: Any, amount: str, error: str) -> None:
    client = _client(world.user("secretariat"))
    before = _counts()
    r = _send(client, "put", "/alliances/CSA/fees/2026/chair", json.dumps({"amount": amount}))
    assert (r.status_code, r.json()) == (422, _refused({"amount": [error]}, CORRECT))
    assert _counts() == before


# --- text: NUL and lone surrogates anywhere; blank after trimming invisible characters ---


@pytest.mark.parametrize(
    ("placeholder", "escaped", "field", "error"),
    [
        ("MEMO", "\\ud800", "memo", SURROGATE),
        ("MEMO", "收到\\udfff会费", "memo", SURROGATE),
        ("MEMO", "a\\u0000b", "memo", NUL),
        ("KEY", "k\\u0000", "idempotency_key", NUL),
        ("POSTING", "\\ud83d", "postings.0.memo", SURROGATE),
    ],
)
def test_text_that_cannot_be_stored_is_refused_in_any_field(
    world: Any, placeholder: str, escaped: str, field: str, error: str
) -> None:
    books = make_books(world)
    client = _client(world.user("secretariat"))
    body = _entry(books, memo="MEMO", idempotency_key="KEY")
    body["postings"][0]["memo"] = "POSTING"
    # the JSON text carries the escape itself, as a client would send it
    text = json.dumps(body).replace(f'"{placeholder}"', f'"{escaped}"')
    before = _counts()
    r = _send(client, "post", "/alliances/CSA/ledger/entries", text)
    assert (r.status_code, r.json()) == (422, _refused({field: [error]}, error))
    assert _counts() == before


def test_a_lone_surrogate_as_raw_bytes_is_refused(world: Any) -> None:
    books = make_books(world)
    client = _client(world.user("secretariat"))
    before = _counts()
    body = (
        json.dumps(_entry(books), ensure_ascii=False).encode().replace("收到会费".encode(), b"\xed\xa0\x80")
    )
    r = _send(client, "post", "/alliances/CSA/ledger/entries", body)
    assert (r.status_code, r.json()) == (422, _refused({"memo": [SURROGATE]}, SURROGATE))
    assert _counts() == before


@pytest.mark.parametrize(
    ("name_zh", "status", "fields"),
    [
        ("\u200b ", 422, {"name_zh": [BLANK]}),
        ("\ufeff\u2060\u200c\u200d\u3000", 422, {"name_zh": [BLANK]}),
        ("  ", 422, {"name_zh": [BLANK]}),
        ("量子\x00联盟", 422, {"name_zh": [NUL]}),
        ("量子\ud800联盟", 422, {"name_zh": [SURROGATE]}),
    ],
)
def test_an_alliance_name_that_is_blank_or_unstorable_is_refused(
    world: Any, name_zh: str, status: int, fields: dict[str, list[str]]
) -> None:
    client = _client(world.user("national_officer"))
    before = _counts()
    r = _send(client, "post", "/alliances", json.dumps(NEW_ALLIANCE | {"name_zh": name_zh}))
    message = CORRECT if fields["name_zh"][0] == BLANK else fields["name_zh"][0]
    assert (r.status_code, r.json()) == (status, _refused(fields, message))
    assert _counts() == before


def test_a_name_loses_its_invisible_ends_and_keeps_the_rest(world: Any) -> None:
    client = _client(world.user("national_officer"))
    r = _send(
        client, "post", "/alliances", json.dumps(NEW_ALLIANCE | {"name_zh": "\u200b 量子\u200d联盟 \ufeff"})
    )
    assert r.status_code == 201, r.content
    assert Alliance.objects.get(code="QKD").name_zh == "量子\u200d联盟"


def test_a_blank_memo_is_refused(world: Any) -> None:
    books = make_books(world)
    client = _client(world.user("secretariat"))
    before = _counts()
    r = _send(client, "post", "/alliances/CSA/ledger/entries", json.dumps(_entry(books, memo="\u200b\u00a0")))
    assert (r.status_code, r.json()) == (422, _refused({"memo": ["This field is required."]}, CORRECT))
    assert _counts() == before


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/alliances?q=%00", "q"),
        ("/alliances/C%00SA", "code"),
    ],
)
def test_nul_in_a_query_or_path_parameter_is_refused(world: Any, path: str, field: str) -> None:
    r = _client(world.user("national_officer")).get(f"/api{path}")
    message = NUL if field == "q" else CORRECT
    assert (r.status_code, r.json()) == (422, _refused({field: [NUL]}, message))


# --- dates: between 1900-01-01 and 2100-12-31 ---


@pytest.mark.parametrize("day", ["9999-12-31", "2101-01-01", "1899-12-31", "0001-01-01"])
def test_a_draft_dated_outside_the_bounds_is_refused(world: Any, day: str) -> None:
    books = make_books(world)
    client = _client(world.user("secretariat"))
    before = _counts()
    r = _send(client, "post", "/alliances/CSA/ledger/entries", json.dumps(_entry(books, date=day)))
    assert (r.status_code, r.json()) == (422, _refused({"date": [BAD_DATE]}, CORRECT))
    assert _counts() == before


@pytest.mark.parametrize("day", ["1900-01-01", "2100-12-31"])
def test_the_date_bounds_themselves_are_accepted(world: Any, day: str) -> None:
    books = make_books(world)
    client = _client(world.user("secretariat"))
    r = _send(client, "post", "/alliances/CSA/ledger/entries", json.dumps(_entry(books, date=day)))
    assert (r.status_code, r.json()["date"]) == (201, day)


def test_an_alliance_founded_in_9999_is_refused(world: Any) -> None:
    client = _client(world.user("national_officer"))
    before = _counts()
    r = _send(client, "post", "/alliances", json.dumps(NEW_ALLIANCE | {"founded_on": "9999-12-31"}))
    assert (r.status_code, r.json()) == (422, _refused({"founded_on": [BAD_DATE]}, CORRECT))
    assert _counts() == before


# --- body size: 413 in the error shape, before anything reads the body ---


MB = 1024 * 1024


@pytest.mark.parametrize(
    ("content_type", "size", "status"),
    [
        ("application/json", MB, 201),
        ("application/json", MB + 1, 413),
        ("multipart/form-data; boundary=x", 2 * MB + 1, 413),
    ],
)
def test_a_body_over_the_limit_is_413(
    world: Any, settings: Any, content_type: str, size: int, status: int
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = MB
    settings.UPLOAD_MAX_REQUEST_SIZE = 2 * MB
    books = make_books(world)
    client = _client(world.user("secretariat"))
    text = json.dumps(_entry(books))
    body = text + " " * (size - len(text))  # whitespace after the document: still the same JSON
    before = _counts()
    r = client.post("/api/alliances/CSA/ledger/entries", data=body, content_type=content_type)
    if status == 201:
        assert r.status_code == 201, r.content
        return
    limit = {MB + 1: 1, 2 * MB + 1: 2}[size]
    assert (r.status_code, r.json()) == (
        413,
        {"code": "too_large", "message": f"The request is too large: at most {limit} MB.", "fields": {}},
    )
    assert _counts() == before


def test_form_fields_over_the_limit_inside_the_api_are_413(world: Any, settings: Any) -> None:
    """A multipart body under the upload limit whose form fields exceed DATA_UPLOAD_MAX_MEMORY_SIZE."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = MB
    settings.UPLOAD_MAX_REQUEST_SIZE = 2 * MB
    make_books(world)
    client = _client(world.user("secretariat"))
    before = _counts()
    r = client.post("/api/alliances/CSA/ledger/entries", data={"memo": "x" * (MB + MB // 2)})
    assert (r.status_code, r.json()) == (
        413,
        {"code": "too_large", "message": "The request is too large: at most 1 MB.", "fields": {}},
    )
    assert _counts() == before


# --- duplicate keys: refused, naming the key, never the last one silently winning ---


@pytest.mark.parametrize(
    ("text", "field", "key"),
    [
        ('{"memo": "收到会费", "memo": "另一笔"}', "memo", "memo"),
        ('{"postings": [{"amount": "1", "amount": "-1"}]}', "postings.0.amount", "amount"),
        ('{"date": "2026-03-05", "date": "2026-03-06"}', "date", "date"),
    ],
)
def test_a_duplicate_key_is_refused(world: Any, text: str, field: str, key: str) -> None:
    make_books(world)
    client = _client(world.user("secretariat"))
    before = _counts()
    r = _send(client, "post", "/alliances/CSA/ledger/entries", text)
    message = f'The key "{key}" appears more than once in the same object.'
    assert (r.status_code, r.json()) == (422, _refused({field: [message]}, message))
    assert _counts() == before


def test_nan_is_not_a_json_number(world: Any) -> None:
    client = _client(world.user("secretariat"))
    before = _counts()
    r = _send(client, "put", "/alliances/CSA/fees/2026/chair", '{"amount": NaN}')
    assert (r.status_code, r.json()) == (
        422,
        _refused({"__all__": ["NaN is not a JSON number."]}, "NaN is not a JSON number."),
    )
    assert _counts() == before


def test_text_that_is_not_json_stays_a_400(world: Any) -> None:
    client = _client(world.user("secretariat"))
    r = _send(client, "put", "/alliances/CSA/fees/2026/chair", '{"amount": ')
    assert (r.status_code, r.json()) == (
        400,
        {"code": "validation_error", "message": "Cannot parse request body", "fields": {}},
    )
