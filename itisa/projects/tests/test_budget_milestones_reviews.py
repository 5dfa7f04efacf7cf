"""Budget against actual equals the ledger's posted postings for the project; milestones go overdue by
the clock (run_due and settle) and raise to-dos; experts with a conflict of interest are refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from itisa.audit.models import AuditEntry
from itisa.core import clocks
from itisa.core.errors import Conflict, DomainError
from itisa.ledger.models import CostObject, Posting
from itisa.ledger.services import book_open, fund_create
from itisa.notifications.models import Notification
from itisa.notifications.todo import todos_for
from itisa.projects.models import Evidence, Milestone, Opinion, ReviewAssignment
from itisa.projects.selectors import OVERDUE_CLOCK, budget_vs_actual, milestones_of
from itisa.projects.services import evidence_add, expert_assign, milestone_done, opinion_submit, review_open
from itisa.projects.tests.conftest import BEIJING, ProjectWorld, post_expense, run

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_budget_against_actual_is_the_sum_of_the_projects_posted_postings(pw: ProjectWorld) -> None:
    post_expense(pw, "1234.56", key="a")
    post_expense(pw, "0.01", key="b")
    post_expense(
        pw, "99999.99", key="c", cost_object=None
    )  # the alliance's general business: not the project's
    report = budget_vs_actual(pw.project)
    mine = Posting.objects.filter(cost_object=pw.project.cost_object_id, entry__status="posted")
    expense = sum((p.amount for p in mine if p.account.account_class == "expense"), Decimal(0))
    assert expense == Decimal("1234.57")
    assert (report.budget, report.spent, report.remaining) == (
        Decimal("3000000.00"),
        Decimal("1234.57"),
        Decimal("2998765.43"),
    )
    assert report.by_class == {
        "asset": Decimal("-1234.57"),
        "liability": Decimal(0),
        "net_assets": Decimal(0),
        "income": Decimal(0),
        "expense": Decimal("1234.57"),
    }
    assert sum(report.by_class.values(), Decimal(0)) == sum((p.amount for p in mine), Decimal(0)) == 0
    assert [(r.fund, r.budget, r.spent) for r in report.rows] == [
        ("国家重点研发计划课题经费", Decimal("3000000.00"), Decimal("1234.57"))
    ]


def test_a_posting_cannot_carry_another_alliances_project(pw: ProjectWorld) -> None:
    from itisa.accounts.models import RoleAssignment
    from itisa.ledger.services import cost_object_open, entry_draft

    s = pw.user("secretariat")
    RoleAssignment.objects.create(user=s, role="secretariat", alliance=pw.world.sdc)
    from itisa.accounts.roles import forget_roles

    forget_roles(s)
    sdc_book = book_open(by=s, alliance=pw.world.sdc, chart=pw.books.chart)
    fund_create(by=s, book=sdc_book, kind="dues", name_zh="会费")
    other = cost_object_open(by=s, book=sdc_book, code="P001", name_zh="煤化工")
    before = (Posting.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        entry_draft(
            by=s, book=pw.books.book, date=dt.date(2026, 3, 2), memo="x", idempotency_key="k",
            postings=[
                {"account": "5101", "fund": str(pw.books.grant.pk), "amount": "10.00", "cost_object": other.pk},
                {"account": "1002", "fund": str(pw.books.grant.pk), "amount": "-10.00"},
            ],
        )  # fmt: skip
    assert exc.value.fields == {"postings.0.cost_object": ["No such project in this book."]}
    assert (Posting.objects.count(), AuditEntry.objects.count()) == before
    assert CostObject.objects.filter(book=pw.books.book).count() == 1


def test_the_posted_cost_object_is_in_the_audit_chain_and_the_ledger_check_passes(pw: ProjectWorld) -> None:
    from itisa.ledger.checks import posted_entries_match_the_audit_chain

    entry = post_expense(pw, "500.00", key="a")
    data = AuditEntry.objects.get(action="ledger.entry.posted", object_id=str(entry.pk)).data
    assert sorted(data["postings"]) == sorted([
        ["5101", pw.books.grant.pk, "500.00", pw.project.cost_object_id],
        ["1002", pw.books.grant.pk, "-500.00", pw.project.cost_object_id],
    ])  # fmt: skip
    assert posted_entries_match_the_audit_chain(pw.books.book) == []


def test_a_milestone_past_its_due_day_becomes_overdue_by_the_clock_and_tells_the_lead(
    pw: ProjectWorld, clock: Any
) -> None:
    from itisa.accounts.models import RoleAssignment

    contact_a = pw.world.user("council_member")
    RoleAssignment.objects.create(user=contact_a, role="member_contact", alliance=pw.world.csa,
                                  organisation=pw.world.member_a)  # fmt: skip
    run(pw)
    clock.move_to(dt.datetime(2026, 6, 30, 23, 59, tzinfo=BEIJING))
    assert clocks.run_due(codes=[OVERDUE_CLOCK])[OVERDUE_CLOCK].as_dict() == {
        "due": 0,
        "fired": 0,
        "settled": 0,
        "failed": 0,
    }
    clock.move_to(dt.datetime(2026, 7, 1, 0, 1, tzinfo=BEIJING))
    assert clocks.run_due(codes=[OVERDUE_CLOCK])[OVERDUE_CLOCK].as_dict() == {
        "due": 1,
        "fired": 1,
        "settled": 0,
        "failed": 0,
    }
    m1 = Milestone.objects.get(pk=pw.m1.pk)
    assert (m1.status, Milestone.objects.get(pk=pw.m2.pk).status) == ("overdue", "pending")
    entry = AuditEntry.objects.filter(action="projects.milestone.moved").get()
    assert (entry.actor_id, entry.data["to"], entry.data["milestone"]) == (None, "overdue", pw.m1.pk)
    note = Notification.objects.filter(kind="projects.milestone.overdue")
    assert sorted(note.values_list("recipient__username", flat=True)) == ["council_member", "secretariat"]
    assert clocks.run_due(codes=[OVERDUE_CLOCK])[OVERDUE_CLOCK].as_dict() == {
        "due": 0,
        "fired": 0,
        "settled": 0,
        "failed": 0,
    }
    items = [t for t in todos_for(pw.user("secretariat")) if t.code == "projects.milestone.report"]
    # the deliverable due 2027-12-31 is not yet within 30 days (test_todo.py)
    assert [(t.subject, t.due, t.overdue) for t in items] == [("P001 外延片样品", dt.date(2026, 6, 30), True)]
    assert [
        t.subject for t in todos_for(pw.user("member_contact")) if t.code == "projects.milestone.report"
    ] == []


def test_a_page_settles_an_overdue_milestone_without_a_worker(pw: ProjectWorld, clock: Any) -> None:
    run(pw)
    clock.move_to(dt.datetime(2026, 7, 1, 8, 0, tzinfo=BEIJING))
    assert [m.status for m in milestones_of(pw.project)] == ["overdue", "pending"]


def test_a_milestone_is_done_with_evidence_sniffed_from_its_content(
    pw: ProjectWorld, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    run(pw)
    contact = pw.user("member_contact")  # acts for member_b, a participant
    with pytest.raises(DomainError) as exc:
        milestone_done(by=contact, milestone=pw.m1, done_on=dt.date(2026, 3, 2))
    assert exc.value.fields == {"file": ["Attach the evidence first."]}
    before = (Evidence.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        evidence_add(by=contact, milestone=pw.m1, name="report.pdf", data=b"<html><script>alert(1)</script>")
    assert exc.value.message == "Only PDF, JPEG and PNG files are accepted."
    assert (Evidence.objects.count(), AuditEntry.objects.count()) == before
    evidence = evidence_add(by=contact, milestone=pw.m1, name="../../etc/测试报告.pdf", data=PDF)
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "....etc测试报告.pdf",
        "application/pdf",
        len(PDF),
    )
    assert evidence.file.name.endswith(f"{evidence.sha256}.pdf")
    done = milestone_done(by=contact, milestone=pw.m1, done_on=dt.date(2026, 3, 2), note="样品已交付")
    assert (done.status, done.done_on) == ("done", dt.date(2026, 3, 2))


def test_an_expert_from_a_participating_organisation_may_not_review(
    pw: ProjectWorld, expert_pool: Any
) -> None:
    from itisa.pilots.services import expert_create
    from tests.factories import UserFactory

    s = pw.user("secretariat")
    run(pw)
    review = review_open(by=s, project=pw.project, kind="midterm")
    partial = expert_create(by=pw.user("national_officer"), user=UserFactory(username="partial"), name="周工",
                            organisation=pw.world.member_b)  # fmt: skip
    # an expert whose account acts for a participant (member_contact of member_b)
    acting = expert_create(by=pw.user("national_officer"), user=pw.user("member_contact"), name="吴联络")
    before = (ReviewAssignment.objects.count(), AuditEntry.objects.count())
    with pytest.raises(Conflict) as exc:
        expert_assign(by=s, review=review, expert=partial)
    assert exc.value.fields == {"expert": ["the expert's organisation 乙大学 takes part in the project"]}
    with pytest.raises(Conflict) as exc:
        expert_assign(by=s, review=review, expert=acting)
    assert exc.value.fields == {
        "expert": ["the expert acts for an organisation that takes part in the project"]
    }
    assert (ReviewAssignment.objects.count(), AuditEntry.objects.count()) == before
    a = expert_assign(by=s, review=review, expert=expert_pool[0])
    opinion_submit(by=expert_pool[0].user, assignment=a, score=75, verdict="pass", text="进展符合计划")
    with pytest.raises(Conflict):
        opinion_submit(by=expert_pool[0].user, assignment=a, score=10, verdict="fail", text="改主意")
    assert list(Opinion.objects.values_list("score", "verdict")) == [(75, "pass")]


def test_time_is_an_input(pw: ProjectWorld) -> None:
    with time_machine.travel(dt.datetime(2030, 1, 1, tzinfo=BEIJING), tick=False):
        assert [m.status for m in milestones_of(pw.project)] == [
            "pending",
            "pending",
        ]  # a proposed project waits
