"""Cost objects (a project's dimension of the book) are closed once, with an audit entry; after that no
entry carrying one is drafted or posted (422 in the API), and nothing is written on a refusal."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, PermissionDenied
from itisa.ledger.models import CostObject, JournalEntry, Posting
from itisa.ledger.services import (
    cost_object_close,
    cost_object_open,
    entry_approve,
    entry_draft,
    entry_post,
    entry_reverse,
    entry_submit,
)

D = dt.date(2026, 3, 15)
AT = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)


def _state() -> tuple[Any, ...]:
    return (
        JournalEntry.objects.count(),
        Posting.objects.count(),
        list(JournalEntry.objects.order_by("pk").values_list("status", flat=True)),
        list(CostObject.objects.order_by("pk").values_list("closed_at", flat=True)),
        AuditEntry.objects.count(),
    )


def _postings(books: Any, co: CostObject, amount: str = "500.00") -> list[dict[str, Any]]:
    return [
        {"account": "5101", "fund": str(books.grant.pk), "amount": amount, "cost_object": co.pk},
        {"account": "1002", "fund": str(books.grant.pk), "amount": f"-{amount}", "cost_object": co.pk},
    ]


def test_closing_a_cost_object_is_audited_once_and_refused_to_others(world: Any, books: Any) -> None:
    s = world.user("secretariat")
    co = cost_object_open(by=s, book=books.book, code="P001", name_zh="芯片")
    before = _state()
    with pytest.raises(PermissionDenied):
        cost_object_close(by=world.user("member_contact"), cost_object=co)
    assert _state() == before
    with time_machine.travel(AT, tick=False):
        closed = cost_object_close(by=s, cost_object=co)
    assert closed.closed_at == AT
    co.refresh_from_db()
    assert co.closed_at == AT
    entry = AuditEntry.objects.order_by("-pk").first()
    assert entry is not None
    assert (entry.action, entry.data) == (
        "ledger.cost_object.closed",
        {"code": "P001", "closed_at": AT.isoformat()},
    )
    before = _state()
    with pytest.raises(Conflict) as exc:
        cost_object_close(by=s, cost_object=co)
    assert exc.value.message == "The cost object P001 is already closed."
    assert _state() == before


def test_no_entry_on_a_closed_cost_object_is_drafted_or_posted(world: Any, books: Any) -> None:
    s, other = world.user("secretariat"), world.user("national_officer")
    co = cost_object_open(by=s, book=books.book, code="P001", name_zh="芯片")
    open_co = cost_object_open(by=s, book=books.book, code="P002", name_zh="电源")
    # drafted and approved while the project was open; posted after it closed: refused
    waiting, _created = entry_draft(by=s, book=books.book, date=D, memo="流片", postings=_postings(books, co),
                                    idempotency_key="w")  # fmt: skip
    entry_submit(by=s, entry=waiting)
    entry_approve(by=other, entry=waiting)
    cost_object_close(by=s, cost_object=co)
    before = _state()
    with pytest.raises(DomainError) as exc:
        entry_draft(by=s, book=books.book, date=D, memo="迟到的费用", postings=_postings(books, co),
                    idempotency_key="late")  # fmt: skip
    assert (exc.value.message, exc.value.fields) == (
        "The entry is not valid.",
        {
            "postings.0.cost_object": ["The project P001 is closed: nothing more is booked to it."],
            "postings.1.cost_object": ["The project P001 is closed: nothing more is booked to it."],
        },
    )
    with pytest.raises(DomainError) as exc:
        entry_post(by=s, entry=waiting)
    assert exc.value.message == "The project P001 is closed: nothing more is booked to it."
    assert _state() == before
    # another project of the book still books
    ok, created = entry_draft(by=s, book=books.book, date=D, memo="电源", postings=_postings(books, open_co),
                              idempotency_key="ok")  # fmt: skip
    assert (created, ok.status) == (True, "draft")


def test_the_api_answers_422_for_an_entry_on_a_closed_cost_object(
    world: Any, books: Any, client: Any
) -> None:
    s = world.user("secretariat")
    co = cost_object_open(by=s, book=books.book, code="P001", name_zh="芯片")
    cost_object_close(by=s, cost_object=co)
    client.force_login(s)
    before = _state()
    r = client.post(
        "/api/alliances/CSA/ledger/entries",
        json.dumps({"date": D.isoformat(), "memo": "迟到", "idempotency_key": "api",
                    "postings": _postings(books, co)}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert r.status_code == 422, r.content
    assert r.json()["fields"]["postings.0.cost_object"] == [
        "The project P001 is closed: nothing more is booked to it."
    ]
    assert _state() == before
    assert timezone.is_aware(AT)


def test_the_entry_form_offers_only_open_cost_objects(world: Any, books: Any) -> None:
    from itisa.ledger.forms import EntryForm

    s = world.user("secretariat")
    closed = cost_object_open(by=s, book=books.book, code="P001", name_zh="芯片")
    cost_object_open(by=s, book=books.book, code="P002", name_zh="电源")
    cost_object_close(by=s, cost_object=closed)
    form = EntryForm(book=books.book)
    assert form.fields["project_0"].choices == [("", "—"), (str(closed.pk + 1), "P002 电源")]  # type: ignore[attr-defined]


def test_a_posted_entry_of_a_closed_project_is_still_corrected_by_its_reversal(
    world: Any, books: Any
) -> None:
    s, other = world.user("secretariat"), world.user("national_officer")
    co = cost_object_open(by=s, book=books.book, code="P001", name_zh="芯片")
    posted, _created = entry_draft(by=s, book=books.book, date=D, memo="流片", postings=_postings(books, co),
                                   idempotency_key="p")  # fmt: skip
    entry_submit(by=s, entry=posted)
    entry_approve(by=other, entry=posted)
    posted = entry_post(by=s, entry=posted)
    cost_object_close(by=s, cost_object=co)
    reversal = entry_reverse(by=s, entry=posted, date=D, memo="冲销")
    entry_submit(by=s, entry=reversal)
    entry_approve(by=other, entry=reversal)
    entry_post(by=s, entry=reversal)
    reversal.refresh_from_db()
    assert (reversal.status, reversal.reverses_id) == ("posted", posted.pk)
    assert sorted(Posting.objects.filter(entry=reversal).values_list("cost_object_id", "amount")) == [
        (co.pk, Decimal("-500.00")),
        (co.pk, Decimal("500.00")),
    ]
    # the project's actual is back to nothing; new spending on it is still refused
    assert (
        sum(Posting.objects.filter(cost_object=co, account__code="5101").values_list("amount", flat=True))
        == 0
    )
    with pytest.raises(DomainError):
        entry_draft(
            by=s, book=books.book, date=D, memo="新费用", postings=_postings(books, co), idempotency_key="n"
        )
