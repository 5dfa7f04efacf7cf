"""The formal evaluation end to end (国科办政〔2012〕47号): the office's to-do when a pilot period ends, the six
steps, and what the published grades do: A recorded, B a rectification with its deadline, C no longer a pilot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from itisa.audit.models import AuditEntry
from itisa.core.errors import Conflict, DomainError, InvalidTransition, PermissionDenied
from itisa.evaluation import services
from itisa.evaluation.models import (
    DepartmentComment,
    EligibilityRecheck,
    Evaluation,
    EvaluationStatusChange,
    PanelAssignment,
    PanelReview,
    Rectification,
    SelfEvaluation,
)
from itisa.evaluation.tests.conftest import (
    BEIJING,
    NOW,
    PARTS,
    campaign_input,
    expert,
    open_campaign,
    provincial_officer_of_the_host_unit,
    to_decided,
    to_panel,
)
from itisa.evaluation.todo import EVALUATE
from itisa.notifications.todo import todos_for
from itisa.pilots.models import Application
from itisa.registry.models import Alliance, AllianceStatusChange

pytestmark = pytest.mark.django_db


def _evaluate_items(user: Any, now: dt.datetime) -> list[tuple[str, str, dt.date | None]]:
    return [(t.subject, t.ref, t.due) for t in todos_for(user, now=now) if t.kind == EVALUATE]


def _state() -> tuple[int, ...]:
    return (
        AuditEntry.objects.count(), Evaluation.objects.count(), EvaluationStatusChange.objects.count(),
        SelfEvaluation.objects.count(), EligibilityRecheck.objects.count(), PanelAssignment.objects.count(),
        PanelReview.objects.count(), DepartmentComment.objects.count(), Rectification.objects.count(),
    )  # fmt: skip


def test_a_pilot_past_its_period_is_on_the_office_to_do_list_until_an_evaluation_opens(
    world: Any, pilot: Application
) -> None:
    office = world.user("national_officer")
    with time_machine.travel(dt.datetime(2026, 5, 31, 23, 0, tzinfo=BEIJING), tick=False):
        assert _evaluate_items(office, dt.datetime(2026, 5, 31, 23, 0, tzinfo=BEIJING)) == []
    later = dt.datetime(2026, 6, 1, 0, 30, tzinfo=BEIJING)
    with time_machine.travel(later, tick=False):
        assert _evaluate_items(office, later) == [
            ("CSA", f"evaluation:pilot:{pilot.pk}", dt.date(2026, 5, 31))
        ]
        assert _evaluate_items(world.user("secretariat"), later) == []
        open_campaign(world, [pilot])
        assert _evaluate_items(office, later) == []


def test_the_evaluation_goes_through_its_six_steps_and_an_a_grade_is_recorded(
    world: Any, pilot: Application
) -> None:
    office, secretariat = world.user("national_officer"), world.user("secretariat")
    campaign = open_campaign(world, [pilot])
    evaluation = Evaluation.objects.get(campaign=campaign)
    assert (evaluation.alliance.code, evaluation.status) == ("CSA", "self_evaluation")
    report = services.self_evaluation_submit(by=secretariat, evaluation=evaluation, parts=PARTS, figures_year=2025,
                                             now=NOW)  # fmt: skip
    assert (report.parts, report.figures_year) == (PARTS, 2025)
    services.evaluation_verify(
        by=office, evaluation=evaluation, accept=False, comment="补充成果佐证。", now=NOW
    )
    evaluation.refresh_from_db()
    assert evaluation.status == "self_evaluation"
    to_panel(world, evaluation)
    recheck = EligibilityRecheck.objects.get(evaluation=evaluation)
    # the 2016 rule set is the one in force on 2026-07-01; the test world's CSA has no agreement
    assert (recheck.rules, recheck.on, recheck.eligible, recheck.report["rules"]) == (
        "2016",
        dt.date(2026, 7, 1),
        False,
        "2016",
    )
    assert [c["code"] for c in recheck.report["criteria"]][-1] == "operation.one_year"
    one, two = expert(world, "甲专家"), expert(world, "乙专家")
    first = services.panel_assign(by=office, evaluation=evaluation, expert=one, now=NOW)
    second = services.panel_assign(by=office, evaluation=evaluation, expert=two, now=NOW)
    services.panel_review_submit(by=one.user, assignment=first, grade="A", reasons="成效显著。", now=NOW)
    with pytest.raises(Conflict, match="1 still to review"):
        services.panel_close(by=office, evaluation=evaluation, now=NOW)
    services.panel_review_submit(by=two.user, assignment=second, grade="A", reasons="成效显著。", now=NOW)
    services.panel_close(by=office, evaluation=evaluation, now=NOW)
    guangdong = provincial_officer_of_the_host_unit()
    comment = services.comment_give(by=guangdong, evaluation=evaluation, text="同意。", now=NOW)
    assert comment.capacity == "provincial"
    with pytest.raises(Conflict, match="commented on this evaluation already"):
        services.comment_give(by=guangdong, evaluation=evaluation, text="再次。", now=NOW)
    services.evaluation_decide(by=office, evaluation=evaluation, grade="A", reasons="运行成效显著。", now=NOW)
    services.campaign_publish(by=office, campaign=campaign, now=NOW)
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.grade) == ("published", "A")
    assert list(EvaluationStatusChange.objects.filter(evaluation=evaluation).values_list("new_status", flat=True)) == [
        "self_evaluation", "verification", "self_evaluation", "verification", "eligibility", "expert_panel",
        "comments", "decided", "published",
    ]  # fmt: skip
    assert (Rectification.objects.count(), Alliance.objects.get(code="CSA").status) == (0, "pilot")


def test_a_c_grade_ends_pilot_status_through_the_registry_workflow(world: Any, pilot: Application) -> None:
    office = world.user("national_officer")
    campaign = open_campaign(world, [pilot])
    to_decided(world, Evaluation.objects.get(campaign=campaign), "C")
    assert Alliance.objects.get(code="CSA").status == "pilot"
    services.campaign_publish(by=office, campaign=campaign, now=NOW)
    assert Alliance.objects.get(code="CSA").status == "established"
    change = AllianceStatusChange.objects.filter(alliance=world.csa).order_by("-pk").first()
    assert (change.old_status, change.new_status, change.by) == ("pilot", "established", office)
    assert "2026年度试点联盟评估" in change.comment and "国科办政〔2012〕47号" in change.comment
    entry = AuditEntry.objects.filter(action="registry.alliance.status_changed").order_by("-seq").first()
    assert (entry.data["from"], entry.data["to"]) == ("pilot", "established")


def test_a_b_grade_opens_a_rectification_with_its_deadline_overdue_by_the_clock(
    world: Any, pilot: Application
) -> None:
    office, secretariat = world.user("national_officer"), world.user("secretariat")
    campaign = open_campaign(world, [pilot])
    evaluation = to_decided(world, Evaluation.objects.get(campaign=campaign), "B")
    services.campaign_publish(
        by=office, campaign=campaign, now=dt.datetime(2026, 12, 1, 9, 0, tzinfo=BEIJING)
    )
    rect = Rectification.objects.get(evaluation=evaluation)
    assert (rect.status, rect.deadline, rect.alliance.code) == ("open", dt.date(2027, 5, 31), "CSA")
    assert Alliance.objects.get(code="CSA").status == "pilot"
    on_day = dt.datetime(2027, 5, 31, 23, 0, tzinfo=BEIJING)
    assert [
        t.subject
        for t in todos_for(secretariat, now=on_day)
        if t.kind.code == "evaluation.rectification.plan"
    ] == ["CSA"]
    rect.refresh_from_db()
    assert rect.status == "open"
    todos_for(secretariat, now=dt.datetime(2027, 6, 1, 0, 1, tzinfo=BEIJING))
    rect.refresh_from_db()
    assert rect.status == "overdue"
    services.rectification_plan_submit(by=secretariat, rectification=rect, plan="整改方案。",
                                       now=dt.datetime(2027, 6, 2, tzinfo=BEIJING))  # fmt: skip
    before = _state()
    with pytest.raises(PermissionDenied):
        services.rectification_check(by=secretariat, rectification=rect, passed=True, comment="自查。")
    assert _state() == before
    services.rectification_check(
        by=office,
        rectification=rect,
        passed=True,
        comment="整改到位。",
        now=dt.datetime(2027, 6, 3, tzinfo=BEIJING),
    )
    rect.refresh_from_db()
    assert (rect.status, rect.checked_by, rect.plan) == ("passed", office, "整改方案。")
    assert list(rect.status_changes.values_list("new_status", flat=True)) == [
        "open",
        "overdue",
        "submitted",
        "passed",
    ]


def test_refusals_change_nothing(world: Any, pilot: Application) -> None:
    office, secretariat = world.user("national_officer"), world.user("secretariat")
    before = _state()
    with pytest.raises(PermissionDenied):
        services.campaign_open(by=secretariat, data=campaign_input())
    assert _state() == before
    campaign = open_campaign(world, [pilot])
    evaluation = Evaluation.objects.get(campaign=campaign)
    with pytest.raises(Conflict, match="already evaluated"):
        services.evaluation_open(by=office, campaign=campaign, application=pilot)
    before = _state()
    with pytest.raises(PermissionDenied):
        services.self_evaluation_submit(by=office, evaluation=evaluation, parts=PARTS)
    with pytest.raises(DomainError) as missing:
        services.self_evaluation_submit(
            by=secretariat, evaluation=evaluation, parts={**PARTS, "service": " "}
        )
    assert missing.value.fields == {"service": ["This field is required."]}
    with pytest.raises(PermissionDenied):
        services.evaluation_verify(by=office, evaluation=evaluation, accept=True)
    with pytest.raises(PermissionDenied):
        services.evaluation_decide(by=office, evaluation=evaluation, grade="A", reasons="x")
    with pytest.raises(Conflict, match="still under evaluation: CSA"):
        services.campaign_publish(by=office, campaign=campaign)
    assert _state() == before
    services.self_evaluation_submit(by=secretariat, evaluation=evaluation, parts=PARTS, now=NOW)
    before = _state()
    with pytest.raises(DomainError) as no_reason:
        services.evaluation_verify(by=office, evaluation=evaluation, accept=False)
    assert no_reason.value.fields == {"comment": ["Say what the alliance must correct."]}
    with pytest.raises(PermissionDenied):
        services.evaluation_verify(by=world.user("provincial_officer"), evaluation=evaluation, accept=True)
    assert _state() == before
    services.evaluation_verify(by=office, evaluation=evaluation, accept=True, now=NOW)
    services.evaluation_recheck(by=office, evaluation=evaluation, now=NOW)
    before = _state()
    insider = expert(world, "内部专家")
    insider.organisation = world.member_a
    insider.save(update_fields=["organisation"])
    with pytest.raises(Conflict, match="conflict of interest"):
        services.panel_assign(by=office, evaluation=evaluation, expert=insider)
    with pytest.raises(PermissionDenied):
        services.panel_assign(by=secretariat, evaluation=evaluation, expert=expert(world, "丙专家"))
    with pytest.raises(Conflict, match="at least one"):
        services.panel_close(by=office, evaluation=evaluation)
    assert _state()[1:] == before[1:]
    outsider = expert(world, "丁专家")
    assignment = services.panel_assign(by=office, evaluation=evaluation, expert=outsider)
    before = _state()
    with pytest.raises(DomainError) as bad:
        services.panel_review_submit(by=outsider.user, assignment=assignment, grade="D", reasons="")
    assert bad.value.fields == {
        "grade": ["Choose A, B or C."],
        "reasons": ["Give the reasons for the grade."],
    }
    with pytest.raises(PermissionDenied):
        services.panel_review_submit(by=office, assignment=assignment, grade="A", reasons="x")
    assert _state() == before
    services.panel_review_submit(by=outsider.user, assignment=assignment, grade="B", reasons="不足。")
    with pytest.raises(PermissionDenied, match="cannot be changed"):
        services.panel_review_submit(by=outsider.user, assignment=assignment, grade="A", reasons="改。")


def test_only_a_published_pilot_whose_period_ends_within_the_campaign_is_evaluated(
    world: Any, pilot: Application
) -> None:
    office = world.user("national_officer")
    early = services.campaign_open(by=office, data=campaign_input(
        ends_on=dt.date(2026, 5, 30), opens_on=dt.date(2026, 1, 1), self_evaluation_due=dt.date(2026, 2, 1),
        verification_due=dt.date(2026, 3, 1), panel_due=dt.date(2026, 4, 1), comments_due=dt.date(2026, 5, 1),
        decision_due=dt.date(2026, 5, 30)))  # fmt: skip
    before = _state()
    with pytest.raises(DomainError, match="runs to 31 May 2026, after the campaign ends"):
        services.evaluation_open(by=office, campaign=early, application=pilot)
    assert _state() == before
    with pytest.raises(DomainError) as wrong:
        services.campaign_open(by=office, data=campaign_input(panel_due=dt.date(2026, 7, 1)))
    assert list(wrong.value.fields) == ["panel_due"]
    assert _state() == before


def test_the_c_consequence_is_refused_by_the_registry_when_not_a_pilot(
    world: Any, pilot: Application
) -> None:
    campaign = open_campaign(world, [pilot])
    to_decided(world, Evaluation.objects.get(campaign=campaign), "C")
    from itisa.registry.services import alliance_change_status

    alliance_change_status(by=world.user("national_officer"), alliance=world.csa, new_status="suspended",
                           comment="暂停。")  # fmt: skip
    services.campaign_publish(by=world.user("national_officer"), campaign=campaign, now=NOW)
    assert Alliance.objects.get(code="CSA").status == "suspended"
    with pytest.raises(InvalidTransition):
        alliance_change_status(by=world.user("national_officer"), alliance=world.csa, new_status="pilot")
