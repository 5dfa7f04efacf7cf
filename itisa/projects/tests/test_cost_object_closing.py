"""A project that ends (closed after acceptance, or terminated) closes its cost object in the ledger:
nothing more is drafted or posted on it (422 in the API), and budget against actual still equals the
ledger's postings for the project."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError
from itisa.ledger.models import CostObject, JournalEntry, Posting
from itisa.ledger.services import entry_approve, entry_draft, entry_post, entry_submit
from itisa.projects.selectors import budget_vs_actual
from itisa.projects.services import project_move
from itisa.projects.tests.conftest import NOW, ProjectWorld, post_expense, run

CLOSED = "The project P001 is closed: nothing more is booked to it."


def _postings(pw: ProjectWorld, amount: str) -> list[dict[str, Any]]:
    fund, co = str(pw.books.grant.pk), pw.project.cost_object_id
    return [
        {"account": "5101", "fund": fund, "amount": amount, "cost_object": co},
        {"account": "1002", "fund": fund, "amount": f"-{amount}", "cost_object": co},
    ]


def test_terminating_a_project_closes_its_cost_object_and_the_books_keep_its_postings(
    pw: ProjectWorld, client: Any
) -> None:
    s, other = pw.user("secretariat"), pw.user("national_officer")
    run(pw)
    post_expense(pw, "1234.56", key="a")
    post_expense(pw, "0.01", key="b")
    # drafted and approved before the end, posted after it: refused
    waiting, _created = entry_draft(by=s, book=pw.books.book, date=dt.date(2026, 3, 2), memo="尾款",
                                    postings=_postings(pw, "99.00"), idempotency_key="w")  # fmt: skip
    entry_submit(by=s, entry=waiting)
    entry_approve(by=other, entry=waiting)
    project_move(by=s, project=pw.project, to="terminated", comment="技术路线被证伪")
    co = CostObject.objects.get(pk=pw.project.cost_object_id)
    assert co.closed_at == NOW
    closing = AuditEntry.objects.filter(action="ledger.cost_object.closed").get()
    assert (closing.data, closing.actor_id) == (
        {"code": "P001", "closed_at": NOW.astimezone(dt.UTC).isoformat()},
        s.pk,
    )
    before = (JournalEntry.objects.count(), Posting.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        entry_post(by=s, entry=waiting)
    assert exc.value.message == CLOSED
    client.force_login(s)
    r = client.post(
        "/api/alliances/CSA/ledger/entries",
        json.dumps({"date": "2026-03-02", "memo": "迟到", "idempotency_key": "late",
                    "postings": _postings(pw, "10.00")}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert (r.status_code, r.json()["fields"]) == (
        422,
        {"postings.0.cost_object": [CLOSED], "postings.1.cost_object": [CLOSED]},
    )
    assert (JournalEntry.objects.count(), Posting.objects.count(), AuditEntry.objects.count()) == before
    # budget against actual is still the sum of the project's posted postings
    report = budget_vs_actual(pw.project)
    posted = sum(
        Posting.objects.filter(cost_object=co, entry__status="posted", account__code="5101").values_list(
            "amount", flat=True
        ),
        Decimal(0),
    )
    assert (report.spent, posted, report.remaining) == (
        Decimal("1234.57"),
        Decimal("1234.57"),
        Decimal("2998765.43"),
    )
