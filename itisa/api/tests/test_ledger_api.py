"""Ledger endpoints: prepare, approve (someone else), post, read the trial balance; amounts as strings."""

from __future__ import annotations

from typing import Any

from itisa.accounts.models import RoleAssignment
from itisa.api.tests.conftest import Api
from itisa.audit.models import AuditEntry
from itisa.ledger.models import JournalEntry, Posting
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


def _ledger_state() -> tuple[Any, ...]:
    return (
        list(JournalEntry.objects.order_by("pk").values_list("pk", "status", "memo", "approved_by")),
        list(Posting.objects.order_by("pk").values_list("pk", "entry_id", "amount")),
        AuditEntry.objects.count(),
    )


def test_the_preparer_edits_and_deletes_a_draft_the_approver_sends_back(world: Any) -> None:
    books = make_books(world)
    approver = UserFactory(username="secretariat2")
    RoleAssignment.objects.create(user=approver, role="secretariat", alliance=world.csa)
    s, a = Api(world.user("secretariat")), Api(approver)
    entry = s.post("/alliances/CSA/ledger/entries", _entry(books)).json()
    edit = {k: v for k, v in _entry(books, amount="1500.00").items() if k != "idempotency_key"}
    before = _ledger_state()
    assert a.call("put", f"/ledger/entries/{entry['id']}", edit).status_code == 403
    assert (
        Api(world.user("council_member")).call("put", f"/ledger/entries/{entry['id']}", edit).status_code
        == 404
    )
    assert a.delete(f"/ledger/entries/{entry['id']}").status_code == 403
    assert _ledger_state() == before
    r = s.call("put", f"/ledger/entries/{entry['id']}", edit | {"memo": "收到会费（更正）"})
    assert r.status_code == 200, r.content
    assert (r.json()["memo"], [p["amount"] for p in r.json()["postings"]]) == (
        "收到会费（更正）",
        ["1500.00", "-1500.00"],
    )
    s.post(f"/ledger/entries/{entry['id']}/submit")
    before = _ledger_state()
    r = a.post(f"/ledger/entries/{entry['id']}/send-back", {"reason": " "})
    assert (r.status_code, r.json()["fields"]) == (422, {"reason": ["Say why the entry is sent back."]})
    assert s.post(f"/ledger/entries/{entry['id']}/send-back", {"reason": "x"}).status_code == 403
    r = s.delete(f"/ledger/entries/{entry['id']}")
    assert r.status_code == 409
    assert _ledger_state() == before
    r = a.post(f"/ledger/entries/{entry['id']}/send-back", {"reason": "金额有误"})
    assert (r.status_code, r.json()["status"]) == (200, "draft")
    r = s.delete(f"/ledger/entries/{entry['id']}")
    assert (r.status_code, r.json()) == (200, {"id": entry["id"], "deleted": True})
    assert JournalEntry.objects.filter(pk=entry["id"]).exists() is False
