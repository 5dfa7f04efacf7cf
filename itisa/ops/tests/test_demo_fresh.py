"""``demo load`` in worlds of their own: refused in production, and loaded under a moved clock.

The tests of the demo as loaded today share one load (test_demo.py); these load their own per test.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from itisa.accounts.models import User
from itisa.ops.tests.test_demo import load
from itisa.pilots.models import Application
from itisa.pilots.selectors import expert_conflicts
from itisa.registry.models import Alliance


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Any) -> None:
    """Demo key files go to a fresh var/ per test, never the working copy's."""
    settings.VAR_DIR = tmp_path


def test_demo_load_refuses_in_production(db, settings) -> None:
    from django.core.management import CommandError, call_command

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="ITISA_ENV=production"):
        call_command("demo", "load")
    assert User.objects.count() == 0


def _local(at: dt.datetime) -> tuple[str, str]:
    local = at.astimezone(ZoneInfo("Asia/Shanghai"))
    return local.date().isoformat(), local.time().isoformat()


def test_the_demo_earlier_call_made_ncci_a_pilot_now_at_the_evaluation_panel(db: Any) -> None:
    """Loaded on 2026-12-07, the earlier call opened on 2024-03-12 and published its list on 2024-11-07,
    two years and thirty days before: NCCI's pilot period ended on 2026-11-06. Every step happened at its past
    date through the services, its eligibility report frozen as of the day of submission.

    The formal evaluation in progress (issue 18): the campaign of the year takes NCCI to the expert panel
    with reviewer2, from outside NCCI, on it; nothing is left on the office's list of pilots to evaluate."""
    from itisa.evaluation.models import Evaluation
    from itisa.evaluation.selectors import candidate_pilots
    from itisa.notifications.todo import todos_for

    now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(now, tick=False):
        load()
    application = Application.objects.select_related("call").get(alliance__code="NCCI")
    call = application.call
    assert (call.title_zh, call.status, call.opens_on, call.closes_on, call.rules, call.is_demo) == (
        "2024年度产业技术创新战略联盟试点工作", "published", dt.date(2024, 3, 12), dt.date(2024, 6, 10), "2008", True,
    )  # fmt: skip
    assert _local(call.published_at) == ("2024-11-07", "10:00:00")
    assert (application.status, application.outcome, application.pilot_from, application.pilot_until) == (
        "published", "pilot", dt.date(2024, 11, 7), dt.date(2026, 11, 6),
    )  # fmt: skip
    assert [(h.new_status, h.actor_label, *_local(h.at)) for h in application.status_changes.order_by("pk")] == [
        ("submitted", "secretariat-ncci", "2024-05-11", "10:00:00"),
        ("formal_check", "national", "2024-05-26", "10:00:00"),
        ("expert_review", "national", "2024-05-26", "10:00:00"),
        ("decided", "national", "2024-09-08", "10:00:00"),
        ("published", "national", "2024-11-07", "10:00:00"),
    ]  # fmt: skip
    assert (_local(application.submitted_at)[0], _local(application.decided_at)[0]) == (
        "2024-05-11",
        "2024-09-08",
    )
    assert {_local(m.added_at)[0] for m in application.materials.all()} == {"2024-05-11"}
    assert application.materials.count() == 8
    # submitted with no failing criterion on that day; the office had found nothing on the two open clauses
    assert application.eligible is None
    assert [(c["code"], c["result"]) for c in application.eligibility["criteria"] if c["result"] != "pass"] == [
        ("art8.1.backbone", "needs_review"), ("art8.1.frontier", "needs_review"),
    ]  # fmt: skip
    reviews = [
        (a.expert.user.username, str(a.review.total), _local(a.assigned_at)[0], _local(a.review.submitted_at)[0])
        for a in application.assignments.select_related("expert__user", "review").order_by("expert__user__username")
    ]  # fmt: skip
    assert reviews == [
        ("reviewer", "82.40", "2024-05-26", "2024-06-20"),
        ("reviewer2", "82.10", "2024-05-26", "2024-06-20"),
    ]
    assert Alliance.objects.get(code="NCCI").status == "pilot"

    [evaluation] = Evaluation.objects.select_related("campaign", "application", "alliance")
    campaign = evaluation.campaign
    assert (campaign.title_zh, campaign.year, campaign.opens_on, campaign.ends_on, campaign.status) == (
        "产业技术创新战略联盟试点评估（演示）", 2026, dt.date(2026, 12, 7), dt.date(2027, 6, 5), "open",
    )  # fmt: skip
    assert (evaluation.alliance.code, evaluation.application.alliance_id, evaluation.status) == (
        "NCCI", evaluation.alliance_id, "expert_panel",
    )  # fmt: skip
    assert evaluation.application == application
    assert [
        (h.old_status, h.new_status, h.actor_label) for h in evaluation.status_changes.order_by("pk")
    ] == [
        ("", "self_evaluation", "national"),
        ("self_evaluation", "verification", "secretariat-ncci"),
        ("verification", "eligibility", "national"),
        ("eligibility", "expert_panel", "national"),
    ]
    [report] = evaluation.self_evaluations.all()
    assert (report.submitted_by.username, report.figures_year, sorted(report.parts)) == (
        "secretariat-ncci", 2025, ["innovation", "operation", "performance", "protection", "service"],
    )  # fmt: skip
    recheck = evaluation.recheck
    assert (recheck.rules, recheck.on, recheck.by.username, recheck.eligible) == ("2016", dt.date(2026, 12, 7), "national", None)  # fmt: skip
    [seat] = evaluation.assignments.select_related("expert__user")
    assert (seat.expert.user.username, seat.expert.name, hasattr(seat, "review")) == (
        "reviewer2",
        "贺清和（演示）",
        False,
    )
    assert expert_conflicts(seat.expert, evaluation.alliance) == []
    assert list(candidate_pilots(campaign)) == []
    national, reviewer2 = User.objects.get(username="national"), User.objects.get(username="reviewer2")
    assert todos_for(national, now=now, kind="evaluation.pilot.evaluate") == []
    assert [(t.subject, t.due) for t in todos_for(reviewer2, now=now, kind="evaluation.panel.grade")] == [
        ("NCCI", dt.date(2027, 3, 7))
    ]


def test_the_demo_loads_and_votes_after_the_fixed_term_of_the_first_demo_ran_out(db: Any) -> None:
    """The demo once fixed the council's term to 2024-10-12 … 2029-10-11; from then on it failed to load."""
    from itisa.governance.models import Motion, Seat

    with time_machine.travel(dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        load()
    seat = Seat.objects.filter(body__body_type="council").order_by("pk").first()
    assert seat is not None
    assert (seat.term_start, seat.term_end) == (dt.date(2028, 10, 12), dt.date(2033, 10, 11))
    passed = Motion.objects.get(status="closed", method="meeting")
    assert (passed.yes, passed.abstain, passed.passed) == (3, 1, True)
