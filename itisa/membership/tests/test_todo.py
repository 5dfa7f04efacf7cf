"""Membership duties in the to-do list: a member's contacts pay its dues (逾期 after the due day) and
are told when the notice is issued, in their own language; the secretariat takes each admission
application to its next step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import Client

from itisa.audit.models import AuditEntry
from itisa.membership.services import AdmissionInput, application_review, application_submit
from itisa.membership.services.dues import fee_set, invoice_mark_paid, invoices_issue
from itisa.membership.tests.test_admission import BYD
from itisa.notifications.models import Notification
from tests.todo_helpers import items, local

ISSUED, DUE = dt.date(2026, 1, 15), dt.date(2026, 3, 31)


def _issue(world: Any) -> list[Any]:
    by = world.user("secretariat")
    fee_set(by=by, alliance=world.csa, year=2026, rank="chair", amount=Decimal("20000.00"))
    fee_set(by=by, alliance=world.csa, year=2026, rank="council", amount=Decimal("5000.50"))
    return invoices_issue(by=by, alliance=world.csa, year=2026, issued_on=ISSUED, due_on=DUE)


def test_the_members_contacts_pay_its_dues_overdue_after_the_due_day(world: Any, client: Client) -> None:
    with time_machine.travel(local(2026, 1, 15, 9, 0), tick=False) as clock:
        invoices = _issue(world)
        b = next(i for i in invoices if i.membership.organisation == world.member_b)
        pay = ("membership.invoice.pay", f"Pay Dues notice {b.number}: CNY 5,000.50", world.member_b.name_en,
               "/en/alliances/CSA/dues/?year=2026", "CSA", DUE)  # fmt: skip
        for persona in ("member_contact", "legal_representative"):
            assert items(world.user(persona)) == [(*pay, False)]
        for persona in ("secretariat", "fund_supervisor", "council_member", "outsider"):
            assert items(world.user(persona)) == []
        clock.move_to(local(2026, 3, 31, 23, 59))
        assert items(world.user("member_contact")) == [(*pay, False)]
        clock.move_to(local(2026, 4, 1, 0, 0))
        assert items(world.user("member_contact")) == [(*pay, True)]
        client.force_login(world.user("member_contact"))
        page = client.get("/todo/").content.decode()
        assert page.count('data-testid="todo-overdue">逾期</span>') == 1
        invoice_mark_paid(by=world.user("secretariat"), invoice=b, paid_on=dt.date(2026, 4, 1))
        assert items(world.user("member_contact")) == []


def test_issuing_tells_each_members_contacts_in_their_language(
    world: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    contact = world.user("member_contact")
    contact.preferred_language, contact.email = "en", "contact@example.cn"
    contact.save(update_fields=["preferred_language", "email"])
    with django_capture_on_commit_callbacks(execute=True):
        invoices = _issue(world)
    b = next(i for i in invoices if i.membership.organisation == world.member_b)
    told = Notification.objects.filter(kind="membership.invoice.issued").order_by("recipient__username")
    assert [(n.recipient.username, n.subject, n.body, n.url) for n in told] == [
        (
            "legal_representative",
            f"会费通知单 {b.number}：¥5,000.50，2026年3月31日前缴纳",
            "半导体照明产业技术创新战略联盟请乙大学缴纳 2026 年度会费。",
            "/alliances/CSA/dues/?year=2026",
        ),
        (
            "member_contact",
            f"Dues notice {b.number}: ¥5,000.50, due 31 Mar 2026",
            "半导体照明产业技术创新战略联盟 asks 乙大学 for its dues of 2026.",
            "/en/alliances/CSA/dues/?year=2026",
        ),
    ]
    # 甲公司 has no contact with an account: its notice goes to nobody
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["contact@example.cn"], f"Dues notice {b.number}: ¥5,000.50, due 31 Mar 2026")
    ]


def test_an_issue_rolled_back_tells_nobody(
    world: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    contact = world.user("member_contact")
    contact.email = "contact@example.cn"
    contact.save(update_fields=["email"])
    before = (Notification.objects.count(), AuditEntry.objects.count())
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _issue(world)
        raise RuntimeError("failed after issuing")
    assert (Notification.objects.count(), AuditEntry.objects.count()) == before
    assert mailoutbox == []
    assert items(contact) == []


def test_the_secretariat_takes_each_admission_application_to_its_next_step(world: Any) -> None:
    application = application_submit(
        by=world.user("outsider"), alliance=world.csa, data=AdmissionInput(**BYD)
    )
    url = f"/en/applications/{application.pk}/"
    handle = ("membership.application.handle", "Handle the application of 比亚迪股份有限公司")
    assert items(world.user("secretariat")) == [(*handle, "first review", url, "CSA", None, False)]
    assert items(world.user("outsider")) == []
    application_review(by=world.user("secretariat"), application=application)
    assert items(world.user("secretariat")) == [(*handle, "put it to the vote", url, "CSA", None, False)]
