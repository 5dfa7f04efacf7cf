"""Across the deadline with the clock: reminders 30 and 7 days before for reports not submitted, once;
the day after the deadline a report never submitted is overdue and the office and the officers who
follow the alliance are told once; the to-do list from the round's opening."""

from __future__ import annotations

import datetime as dt
from typing import Any

from itisa.audit.models import AuditEntry
from itisa.core import clocks
from itisa.notifications.models import Notification
from itisa.notifications.todo import todos_for
from itisa.reports.models import AnnualReport
from itisa.reports.selectors import report_status_counts, reports_overdue
from itisa.reports.services import report_submit
from itisa.reports.tests.conftest import BEIJING, RW, YEAR, write

CODES = ["reports.report.remind30", "reports.report.remind7", "reports.report.overdue"]


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=BEIJING)


def fired(now: dt.datetime) -> dict[str, int]:
    return {code: c.fired for code, c in clocks.run_due(now, codes=CODES).items()}


def recipients(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_reminders_then_overdue_across_the_deadline(rw: RW, clock: Any) -> None:
    write(rw)
    report_submit(by=rw.user("secretariat"), report=rw.csa)  # CSA submits on time; SDC does not
    assert fired(at(dt.date(2026, 1, 28))) == {CODES[0]: 0, CODES[1]: 0, CODES[2]: 0}  # 31 days before
    assert fired(at(dt.date(2026, 1, 29))) == {CODES[0]: 1, CODES[1]: 0, CODES[2]: 0}  # 30 days before
    assert fired(at(dt.date(2026, 1, 30))) == {CODES[0]: 0, CODES[1]: 0, CODES[2]: 0}  # once
    assert fired(at(dt.date(2026, 2, 21))) == {CODES[0]: 0, CODES[1]: 1, CODES[2]: 0}  # 7 days before
    # SDC has no secretariat account in the world: the reminder is marked, nobody is told
    assert Notification.objects.filter(kind="reports.report.reminder").count() == 0
    assert fired(at(dt.date(2026, 2, 28), 23)) == {CODES[0]: 0, CODES[1]: 0, CODES[2]: 0}  # the deadline day
    before = AuditEntry.objects.count()
    assert fired(at(dt.date(2026, 3, 1), 0)) == {CODES[0]: 0, CODES[1]: 0, CODES[2]: 1}  # the day after
    sdc = AnnualReport.objects.get(pk=rw.sdc.pk)
    assert sdc.overdue_at == at(dt.date(2026, 3, 1), 0)
    # the national office, Shandong's provincial officer and industry B's association follow SDC
    assert recipients("reports.report.overdue") == [
        "association_officer",
        "national_officer",
        "provincial_officer",
    ]
    assert list(AuditEntry.objects.filter(seq__gt=before).values_list("action", flat=True)) == [
        "reports.report.overdue", "notifications.sent",
    ]  # fmt: skip
    assert fired(at(dt.date(2026, 3, 2))) == {CODES[0]: 0, CODES[1]: 0, CODES[2]: 0}  # told once
    assert AnnualReport.objects.get(pk=rw.csa.pk).overdue_at is None


def test_the_secretariat_is_reminded(rw: RW) -> None:
    fired(at(dt.date(2026, 2, 1)))
    assert recipients("reports.report.reminder") == ["secretariat"]
    assert AnnualReport.objects.get(pk=rw.csa.pk).reminded_30_at is not None


def test_a_page_settles_the_overdue_clock(rw: RW, clock: Any, client: Any) -> None:
    clock.move_to(at(dt.date(2026, 3, 3)))
    client.force_login(rw.user("national_officer"))
    page = client.get("/en/alliances/SDC/reports/2025/")
    assert page.status_code == 200
    assert 'data-testid="overdue"' in page.content.decode()
    assert AnnualReport.objects.get(pk=rw.sdc.pk).overdue_at is not None


def test_selectors_for_dashboards(rw: RW, django_assert_num_queries: Any) -> None:
    from itisa.registry.models import Alliance

    write(rw)
    report_submit(by=rw.user("secretariat"), report=rw.csa)
    after = dt.date(2026, 3, 1)
    with django_assert_num_queries(1):
        assert [r.alliance.code for r in reports_overdue(YEAR, today=after)] == ["SDC"]
    with django_assert_num_queries(1):
        counts = report_status_counts(YEAR, Alliance.objects.filter(code__in=["CSA", "SDC"]), today=after)
    assert counts == {"total": 2, "overdue": 1, "draft": 1, "submitted": 1, "returned": 0, "accepted": 0}
    assert report_status_counts(YEAR, Alliance.objects.filter(code="CSA"), today=after)["overdue"] == 0
    assert reports_overdue(YEAR, today=dt.date(2026, 2, 28)) == []


def test_to_do_from_the_opening_until_submitted_then_for_the_office(rw: RW) -> None:
    secretariat, national = rw.user("secretariat"), rw.user("national_officer")
    items = [t for t in todos_for(secretariat) if t.code == "reports.report.prepare"]
    assert [(t.subject, t.due, t.url) for t in items] == [
        ("CSA 2025", dt.date(2026, 2, 28), "/en/alliances/CSA/reports/2025/")
    ]
    assert [t for t in todos_for(national) if t.code == "reports.report.check"] == []
    write(rw)
    report_submit(by=secretariat, report=rw.csa)
    assert [t for t in todos_for(secretariat) if t.code.startswith("reports.")] == []
    assert [t.subject for t in todos_for(national) if t.code == "reports.report.check"] == ["CSA 2025"]
