"""Fixtures of the evaluation tests: CSA selected as a pilot by a list published on 2024-06-01 (its period
runs to 2026-05-31), a campaign of 2026, and helpers that take an evaluation through its steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from itisa.evaluation import services
from itisa.evaluation.models import Campaign, Evaluation
from itisa.pilots import services as pilot_services
from itisa.pilots.models import Application
from itisa.pilots.tests.pilot_fixtures import make_expert, media, needs_review, submitted, to_review  # noqa: F401
from tests.factories import OrganisationFactory

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 7, 1, 10, 0, tzinfo=BEIJING)


@pytest.fixture
def pilot(world: Any, media: Any, needs_review: Any) -> Application:  # noqa: F811
    """CSA selected as a pilot by a list published on 2024-06-01: its period runs to 2026-05-31."""
    return make_pilot(world)


def make_pilot(world: Any) -> Application:
    """What ``pilot`` does (the eligibility engine patched to "needs review" and MEDIA_ROOT set by the caller)."""
    from itisa.pilots.tests.pilot_fixtures import make_call

    office = world.user("national_officer")
    with time_machine.travel(dt.datetime(2024, 5, 1, 10, 0, tzinfo=BEIJING), tick=False):
        the_call = make_call(world)
        application = to_review(world, submitted(world, the_call))
        pilot_services.application_decide(
            by=office, application=application, outcome="pilot", reasons="第一。"
        )
        pilot_services.call_close(by=office, call=the_call)
        pilot_services.call_publish(by=office, call=the_call, on=dt.date(2024, 6, 1))
    application.refresh_from_db()
    assert (application.pilot_from, application.pilot_until) == (dt.date(2024, 6, 1), dt.date(2026, 5, 31))
    return application


def campaign_input(**overrides: Any) -> services.CampaignInput:
    values: dict[str, Any] = {
        "title_zh": "2026年度试点联盟评估", "title_en": "2026 evaluation of pilot alliances", "year": 2026,
        "opens_on": dt.date(2026, 6, 1), "ends_on": dt.date(2026, 12, 31),
        "self_evaluation_due": dt.date(2026, 7, 31), "verification_due": dt.date(2026, 8, 31),
        "panel_due": dt.date(2026, 9, 30), "comments_due": dt.date(2026, 10, 31),
        "decision_due": dt.date(2026, 11, 30), "rectification_months": 6, **overrides,
    }  # fmt: skip
    return services.CampaignInput(**values)


def open_campaign(world: Any, pilots: list[Application] = ()) -> Campaign:  # type: ignore[assignment]
    return services.campaign_open(by=world.user("national_officer"), data=campaign_input(), applications=pilots,
                                  now=NOW)  # fmt: skip


PARTS = {"innovation": "联合攻关项目12项。", "performance": "新增专利40件。", "service": "服务企业200家。",
         "operation": "理事会按章程运行。", "protection": "成员权益保障到位。"}  # fmt: skip


def expert(world: Any, name: str = "外部专家") -> Any:
    return make_expert(world, name, organisation=OrganisationFactory())


def to_panel(world: Any, evaluation: Evaluation) -> Evaluation:
    office = world.user("national_officer")
    services.self_evaluation_submit(by=world.user("secretariat"), evaluation=evaluation, parts=PARTS, now=NOW)
    services.evaluation_verify(by=office, evaluation=evaluation, accept=True, now=NOW)
    services.evaluation_recheck(by=office, evaluation=evaluation, now=NOW)
    evaluation.refresh_from_db()
    return evaluation


def to_decided(world: Any, evaluation: Evaluation, grade: str) -> Evaluation:
    office = world.user("national_officer")
    to_panel(world, evaluation)
    one = expert(world)
    assignment = services.panel_assign(by=office, evaluation=evaluation, expert=one, now=NOW)
    services.panel_review_submit(by=one.user, assignment=assignment, grade=grade, reasons="理由。", now=NOW)
    services.panel_close(by=office, evaluation=evaluation, now=NOW)
    services.evaluation_decide(by=office, evaluation=evaluation, grade=grade, reasons="综合评议。", now=NOW)
    evaluation.refresh_from_db()
    return evaluation


def provincial_officer_of_the_host_unit() -> Any:
    """An officer of Guangdong (44), the province of CSA's host unit 甲公司: competent for CSA."""
    from itisa.accounts.models import RoleAssignment
    from tests.factories import UserFactory

    user = UserFactory(username="guangdong_officer")
    RoleAssignment.objects.create(user=user, role="provincial_officer", province="44")
    return user


def every_record(world: Any) -> dict[str, Any]:
    """One row of each write-once table of the evaluation, written through the services (for the cross-cutting
    tests of sealed records)."""
    from itisa.evaluation.models import (
        DepartmentComment,
        EligibilityRecheck,
        EvaluationStatusChange,
        PanelReview,
        Rectification,
        RectificationStatusChange,
        SelfEvaluation,
    )

    campaign = open_campaign(world, [make_pilot(world)])
    evaluation = Evaluation.objects.get(campaign=campaign)
    office = world.user("national_officer")
    to_panel(world, evaluation)
    one = expert(world)
    assignment = services.panel_assign(by=office, evaluation=evaluation, expert=one, now=NOW)
    services.panel_review_submit(by=one.user, assignment=assignment, grade="B", reasons="不足。", now=NOW)
    services.panel_close(by=office, evaluation=evaluation, now=NOW)
    services.comment_give(
        by=provincial_officer_of_the_host_unit(), evaluation=evaluation, text="同意。", now=NOW
    )
    services.evaluation_decide(by=office, evaluation=evaluation, grade="B", reasons="存在不足。", now=NOW)
    services.campaign_publish(by=office, campaign=campaign, now=NOW)
    rect = Rectification.objects.get()
    return {
        "evaluation_evaluationstatuschange": EvaluationStatusChange.objects.order_by("pk").first(),
        "evaluation_selfevaluation": SelfEvaluation.objects.get(),
        "evaluation_eligibilityrecheck": EligibilityRecheck.objects.get(),
        "evaluation_panelreview": PanelReview.objects.get(),
        "evaluation_departmentcomment": DepartmentComment.objects.get(),
        "evaluation_rectificationstatuschange": RectificationStatusChange.objects.get(rectification=rect),
    }
