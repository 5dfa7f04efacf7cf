"""The annual report's services: rounds, drafts, submission with the frozen indicator table and its digest,
return and acceptance; every refusal writes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

import pytest
import rfc8785

from itisa.audit.models import AuditEntry
from itisa.core.errors import DomainError, InvalidTransition, PermissionDenied
from itisa.indicators.models import IndicatorValue
from itisa.indicators.services import indicator_value_report
from itisa.notifications.models import Notification
from itisa.registry.models import Alliance
from itisa.reports.models import (
    AnnualReport,
    ReportIndicator,
    ReportRound,
    ReportStatusChange,
    ReportSubmission,
)
from itisa.reports.services import (
    ReportInput,
    report_accept,
    report_return,
    report_save,
    report_submit,
    round_open,
)
from itisa.reports.tests.conftest import NOW, PARTS, RW, YEAR, open_round, write
from tests.factories import AllianceFactory


def state() -> tuple[int, ...]:
    return (
        ReportRound.objects.count(), AnnualReport.objects.count(), ReportStatusChange.objects.count(),
        ReportSubmission.objects.count(), ReportIndicator.objects.count(), AuditEntry.objects.count(),
        Notification.objects.count(), IndicatorValue.objects.count(),
    )  # fmt: skip


def test_a_round_creates_a_draft_for_every_established_or_pilot_alliance(world: Any, clock: Any) -> None:
    Alliance.objects.filter(pk=world.sdc.pk).update(status="pilot")
    forming = AllianceFactory(code="FRM", status="forming")
    AllianceFactory(code="DIS", status="dissolved")
    rnd = open_round(world)
    assert (rnd.year, rnd.deadline, rnd.opened_by) == (
        2025,
        dt.date(2026, 2, 28),
        world.user("national_officer"),
    )
    assert sorted(AnnualReport.objects.values_list("alliance__code", "status")) == [
        ("CSA", "draft"), ("SDC", "draft"),
    ]  # fmt: skip
    assert not AnnualReport.objects.filter(alliance=forming).exists()
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.data["alliances"], entry.data["deadline"]) == (
        "reports.round.opened", ["CSA", "SDC"], "2026-02-28",
    )  # fmt: skip
    assert len(entry.data["sealed"]) == 2


def test_a_round_takes_a_configured_deadline(world: Any, clock: Any) -> None:
    rnd = open_round(world, deadline=dt.date(2026, 3, 31))
    assert rnd.deadline == dt.date(2026, 3, 31)


@pytest.mark.parametrize(
    ("persona", "year", "deadline", "error"),
    [
        ("secretariat", 2025, None, PermissionDenied),
        ("provincial_officer", 2025, None, PermissionDenied),
        ("national_officer", 2027, None, DomainError),  # not begun
        ("national_officer", 2025, dt.date(2025, 12, 31), DomainError),  # within the year
        ("national_officer", 2025, dt.date(2028, 1, 1), DomainError),  # too far
        ("national_officer", 2025, dt.date(2027, 1, 1), DomainError),  # not within the following year
    ],
)
def test_a_round_is_refused_and_nothing_written(
    world: Any, clock: Any, persona: str, year: int, deadline: Any, error: type[Exception]
) -> None:
    before = state()
    with pytest.raises(error):
        round_open(by=world.user(persona), year=year, deadline=deadline)
    assert state() == before


def test_the_last_day_of_the_following_year_is_the_latest_deadline(world: Any, clock: Any) -> None:
    assert open_round(world, deadline=dt.date(2026, 12, 31)).deadline == dt.date(2026, 12, 31)


def test_a_year_has_one_round(world: Any, clock: Any) -> None:
    open_round(world)
    before = state()
    with pytest.raises(DomainError) as exc:
        open_round(world)
    assert exc.value.fields == {"year": ["The round of this year is already open."]}
    assert state() == before


def test_the_secretariat_writes_its_draft(rw: RW) -> None:
    report = write(rw)
    assert report.main_work_zh == PARTS["main_work_zh"]
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "reports.report.saved"
    assert sorted(entry.data["fields"]) == sorted(PARTS)
    before = state()
    write(rw)  # nothing changed: nothing logged
    assert state() == before


@pytest.mark.parametrize("persona", ["council_member", "national_officer", "provincial_officer"])
def test_only_the_secretariat_writes_the_draft(rw: RW, persona: str) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        report_save(by=rw.user(persona), report=rw.csa, data=ReportInput(main_work_zh="x"))
    assert state() == before
    assert AnnualReport.objects.get(pk=rw.csa.pk).main_work_zh == ""


def test_submission_freezes_the_indicator_table_and_stores_the_digest(rw: RW) -> None:
    write(rw)
    indicator_value_report(alliance=rw.world.csa, year=YEAR, code="test.spending", value="1200000.50",
                           evidence="2025年度审计报告 第3页", by=rw.user("secretariat"))  # fmt: skip
    submission = report_submit(by=rw.user("secretariat"), report=rw.csa)
    report = AnnualReport.objects.get(pk=rw.csa.pk)
    assert (report.status, report.submitted_at, submission.number, submission.late) == (
        "submitted",
        NOW,
        1,
        False,
    )
    assert submission.by == rw.user("secretariat")
    frozen = list(submission.indicators.order_by("code").values_list("code", "value", "source", "evidence"))
    assert frozen == [
        ("test.members", Decimal("2.00"), "system", ""),
        ("test.spending", Decimal("1200000.50"), "self_reported", "2025年度审计报告 第3页"),
    ]
    document = json.loads(submission.canonical)
    assert document["parts"]["plan_zh"] == PARTS["plan_zh"]
    assert document["indicators"][1] == {"code": "test.spending", "value": "1200000.50",
                                         "source": "self_reported", "evidence": "2025年度审计报告 第3页"}  # fmt: skip
    assert submission.sha256 == hashlib.sha256(rfc8785.dumps(document)).hexdigest()
    entry = AuditEntry.objects.filter(action="reports.report.submitted").get()
    assert (entry.data["sha256"], entry.data["indicators"]) == (submission.sha256, 2)


def test_a_later_correction_does_not_change_the_submitted_report(rw: RW) -> None:
    write(rw)
    indicator_value_report(alliance=rw.world.csa, year=YEAR, code="test.spending", value="100",
                           evidence="审计报告", by=rw.user("secretariat"))  # fmt: skip
    submission = report_submit(by=rw.user("secretariat"), report=rw.csa)
    indicator_value_report(alliance=rw.world.csa, year=YEAR, code="test.spending", value="999",
                           evidence="更正", by=rw.user("secretariat"))  # fmt: skip
    assert submission.indicators.get(code="test.spending").value == Decimal("100.00")


def test_submission_needs_the_four_parts(rw: RW) -> None:
    report_save(by=rw.user("secretariat"), report=rw.csa, data=ReportInput(main_work_zh="只写了一部分"))
    before = state()
    with pytest.raises(DomainError) as exc:
        report_submit(by=rw.user("secretariat"), report=rw.csa)
    assert sorted(exc.value.fields) == ["achievements_zh", "plan_zh", "problems_zh"]
    assert state() == before


@pytest.mark.parametrize("persona", ["national_officer", "council_member", "provincial_officer"])
def test_only_the_secretariat_submits(rw: RW, persona: str) -> None:
    write(rw)
    before = state()
    with pytest.raises(PermissionDenied):
        report_submit(by=rw.user(persona), report=rw.csa)
    assert state() == before


def test_return_resubmit_accept(rw: RW, clock: Any) -> None:
    write(rw)
    report_submit(by=rw.user("secretariat"), report=rw.csa)
    report_return(by=rw.user("national_officer"), report=rw.csa, reason="请补充经费使用情况。")
    report = AnnualReport.objects.get(pk=rw.csa.pk)
    assert report.status == "returned"
    told = Notification.objects.get(kind="reports.report.returned")
    assert (told.recipient, "请补充经费使用情况。" in told.body) == (rw.user("secretariat"), True)
    report_save(
        by=rw.user("secretariat"), report=report, data=ReportInput(problems_zh="经费使用已补充说明。")
    )
    clock.move_to(dt.datetime(2026, 3, 5, 9, 0, tzinfo=NOW.tzinfo))
    second = report_submit(by=rw.user("secretariat"), report=report)
    assert (second.number, second.late) == (2, True)
    report_accept(by=rw.user("national_officer"), report=report)
    assert list(ReportStatusChange.objects.filter(report=rw.csa).values_list("old_status", "new_status", "comment")) == [
        ("", "draft", ""), ("draft", "submitted", ""), ("submitted", "returned", "请补充经费使用情况。"),
        ("returned", "submitted", ""), ("submitted", "accepted", ""),
    ]  # fmt: skip
    assert Notification.objects.filter(kind="reports.report.accepted").count() == 1


def test_a_submitted_report_is_not_edited(rw: RW) -> None:
    write(rw)
    report_submit(by=rw.user("secretariat"), report=rw.csa)
    before = state()
    with pytest.raises(DomainError):
        report_save(by=rw.user("secretariat"), report=rw.csa, data=ReportInput(plan_zh="改"))
    assert state() == before


@pytest.mark.parametrize("persona", ["secretariat", "provincial_officer", "association_officer"])
def test_only_the_national_office_decides(rw: RW, persona: str) -> None:
    write(rw)
    report_submit(by=rw.user("secretariat"), report=rw.csa)
    before = state()
    with pytest.raises(PermissionDenied):
        report_accept(by=rw.user(persona), report=rw.csa)
    with pytest.raises(PermissionDenied):
        report_return(by=rw.user(persona), report=rw.csa, reason="x")
    assert state() == before


def test_a_return_says_why_and_a_draft_is_not_decided(rw: RW) -> None:
    before = state()
    with pytest.raises(InvalidTransition):
        report_accept(by=rw.user("national_officer"), report=rw.csa)
    write(rw)
    report_submit(by=rw.user("secretariat"), report=rw.csa)
    before = state()
    with pytest.raises(DomainError) as exc:
        report_return(by=rw.user("national_officer"), report=rw.csa, reason="  ")
    assert exc.value.fields == {"reason": ["Say what is to be corrected."]}
    assert state() == before
