"""The milestone to-dos (待办): a milestone of a running project appears on the lead member's (and the
secretariat's) list from 30 days before its due day (Beijing time), flagged overdue (逾期) once the day
has passed; a participating member that does not lead, and outsiders, have nothing to do."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from itisa.accounts.models import RoleAssignment
from itisa.notifications.todo import todos_for
from itisa.projects.tests.conftest import BEIJING, ProjectWorld, run

KIND = "projects.milestone.report"


def _items(user: Any) -> list[tuple[Any, ...]]:
    return [(t.subject, t.due, t.overdue, t.url) for t in todos_for(user, kind=KIND)]


@pytest.fixture
def lead_contact(pw: ProjectWorld) -> Any:
    """council_member also acts as member_a's contact: member_a leads P001."""
    user = pw.world.user("council_member")
    RoleAssignment.objects.create(user=user, role="member_contact", alliance=pw.world.csa,
                                  organisation=pw.world.member_a)  # fmt: skip
    return user


def test_a_milestone_shows_from_30_days_before_its_due_day_and_is_flagged_once_overdue(
    pw: ProjectWorld, clock: Any, lead_contact: Any
) -> None:
    run(pw)
    url = reverse("projects:detail", args=[pw.project.pk])
    # m1 is due 2026-06-30: not yet on 2026-05-30 at 23:59 in Beijing (31 days before)
    clock.move_to(dt.datetime(2026, 5, 30, 23, 59, tzinfo=BEIJING))
    assert _items(lead_contact) == []
    assert _items(pw.user("secretariat")) == []
    # from 2026-05-31 (30 days before) it is on the lead member's and the secretariat's lists
    clock.move_to(dt.datetime(2026, 5, 31, 0, 1, tzinfo=BEIJING))
    due = [("P001 外延片样品", dt.date(2026, 6, 30), False, url)]
    assert _items(lead_contact) == due
    assert _items(pw.user("secretariat")) == due
    # the last day: still not overdue
    clock.move_to(dt.datetime(2026, 6, 30, 23, 59, tzinfo=BEIJING))
    assert _items(lead_contact) == due
    # the next day: overdue (逾期), and it stays until reported
    clock.move_to(dt.datetime(2026, 7, 1, 0, 1, tzinfo=BEIJING))
    assert _items(lead_contact) == [("P001 外延片样品", dt.date(2026, 6, 30), True, url)]
    # m2 (due 2027-12-31) joins 30 days before its day
    clock.move_to(dt.datetime(2027, 12, 1, 9, 0, tzinfo=BEIJING))
    assert _items(lead_contact) == [
        ("P001 外延片样品", dt.date(2026, 6, 30), True, url),
        ("P001 验收报告", dt.date(2027, 12, 31), False, url),
    ]


def test_others_have_no_milestone_to_report(pw: ProjectWorld, clock: Any) -> None:
    run(pw)
    clock.move_to(dt.datetime(2026, 6, 15, 9, 0, tzinfo=BEIJING))
    # member_contact acts for member_b, which takes part but does not lead
    for persona in ("member_contact", "outsider", "fund_supervisor"):
        assert _items(pw.user(persona)) == [], persona


def test_a_proposed_project_gives_no_milestone_to_do(pw: ProjectWorld, clock: Any, lead_contact: Any) -> None:
    clock.move_to(dt.datetime(2026, 6, 15, 9, 0, tzinfo=BEIJING))
    assert _items(lead_contact) == []
