"""Ledger endpoints: prepare, approve (someone else), post, read the trial balance; amounts as strings."""

from __future__ import annotations

from typing import Any

from itisa.accounts.models import RoleAssignment
from itisa.api.tests.conftest import Api
from itisa.audit.models import AuditEntry
from itisa.ledger.models import JournalEntry
from itisa.ledger.tests.conftest import make_books
from tests.factories import UserFactory


def _entry(books: Any, amount: str = "1200.00", key: str = "api-1") -> dict[str, Any]:
    return {
        "date": "2026-03-05",
        "memo": "收到会费",
        "idempotency_key": key,
        "postings": [
            {"account": "1002", "fund": books.dues.pk, "amount": amount},
            {"account": "4201", "fund": books.dues.pk, "amount": f"-{amount}"},
        ],
    }


def test_prepare_approve_post_and_trial_balance(world: Any) -> None:
    books = make_books(world)
    approver = UserFactory(username="secretariat2")
    RoleAssignment.objects.create(user=approver, role="secretariat", alliance=world.csa)
    s = Api(world.user("secretariat"))
    r = s.post("/alliances/CSA/ledger/entries", _entry(books))
    assert r.status_code == 201, r.content
    entry = r.json()
    assert (entry["status"], entry["number"], [p["amount"] for p in entry["postings"]]) == (
        "draft",
        None,
        ["1200.00", "-1200.00"],
    )
    again = s.post("/alliances/CSA/ledger/entries", _entry(books))
    assert (again.status_code, again.json()["id"]) == (200, entry["id"])
    assert s.post(f"/ledger/entries/{entry['id']}/submit", {}).json()["status"] == "submitted"
    before = AuditEntry.objects.count()
    r = s.post(f"/ledger/entries/{entry['id']}/approve", {})
    assert (r.status_code, r.json()["code"]) == (403, "permission_denied")
    assert AuditEntry.objects.count() == before
    assert (
        Api(approver).post(f"/ledger/entries/{entry['id']}/approve", {}).json()["approved_by"]
        == "secretariat2"
    )
    posted = s.post(f"/ledger/entries/{entry['id']}/post", {}).json()
    assert (posted["status"], posted["period"], posted["number"]) == ("posted", "2026-03", 1)
    tb = Api(world.user("fund_supervisor")).get("/alliances/CSA/ledger/trial-balance").json()
    assert tb == [
        {
            "account": "1002",
            "name_zh": "银行存款",
            "account_class": "asset",
            "debit": "1200.00",
            "credit": "0",
            "balance": "1200.00",
        },
        {
            "account": "4201",
            "name_zh": "会费收入",
            "account_class": "income",
            "debit": "0",
            "credit": "1200.00",
            "balance": "1200.00",
        },
    ]


def test_bad_input_and_outsiders_change_nothing(world: Any) -> None:
    books = make_books(world)
    s = Api(world.user("secretariat"))
    before = (JournalEntry.objects.count(), AuditEntry.objects.count())
    r = s.post("/alliances/CSA/ledger/entries", _entry(books) | {"postings": _entry(books)["postings"][:1]})
    assert (r.status_code, list(r.json()["fields"])) == (422, ["postings"])
    body = _entry(books, key="float")
    body["postings"][0]["amount"] = "1200.005"
    assert s.post("/alliances/CSA/ledger/entries", body).status_code == 422
    assert Api(world.user("council_member")).get("/alliances/CSA/ledger/entries").status_code == 403
    assert (
        Api(world.user("fund_supervisor"))
        .post("/alliances/CSA/ledger/entries", _entry(books, key="fs"))
        .status_code
        == 403
    )
    assert Api(None).get("/alliances/CSA/ledger/entries").status_code == 401
    assert (JournalEntry.objects.count(), AuditEntry.objects.count()) == before
