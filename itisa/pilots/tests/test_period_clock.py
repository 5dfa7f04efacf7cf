"""A pilot period comes to its end by itself: the national office and the secretariat are told once,
the day after its last day (Beijing time), and nothing else changes (the evaluation is the office's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from itisa.audit.models import AuditEntry
from itisa.core import clocks
from itisa.notifications.models import Notification
from itisa.pilots import services
from itisa.pilots.clocks import PERIOD_ENDED
from itisa.pilots.models import Application, Call
from itisa.pilots.services.periods import pilot_period_end_tell
from itisa.pilots.tests.pilot_fixtures import submitted, to_review
from itisa.registry.models import Alliance

pytestmark = pytest.mark.django_db
BEIJING = dt.timezone(dt.timedelta(hours=8))
NONE = {"due": 0, "fired": 0, "settled": 0, "failed": 0}


@pytest.fixture
def pilot(world: Any, call: Call, needs_review: Any) -> Application:
    """CSA selected as a pilot by a list published on 2026-06-01: its period runs to 2028-05-31."""
    office = world.user("national_officer")
    application = to_review(world, submitted(world, call))
    services.application_decide(by=office, application=application, outcome="pilot", reasons="综合评分第一。")
    services.call_close(by=office, call=call)
    services.call_publish(by=office, call=call, on=dt.date(2026, 6, 1))
    application.refresh_from_db()
    assert (application.pilot_from, application.pilot_until) == (dt.date(2026, 6, 1), dt.date(2028, 5, 31))
    Notification.objects.all().delete()
    return application


def _told() -> list[tuple[str, str, str]]:
    return list(
        Notification.objects.filter(kind="pilots.period.ended")
        .order_by("recipient__username")
        .values_list("recipient__username", "subject", "url")
    )


def test_the_office_and_the_secretariat_are_told_once_the_day_after_the_period(
    world: Any, pilot: Application, call: Call
) -> None:
    with time_machine.travel(dt.datetime(2028, 5, 31, 23, 59, tzinfo=BEIJING), tick=False) as clock:
        audit_before = AuditEntry.objects.count()
        assert clocks.run_due()[PERIOD_ENDED].as_dict() == NONE
        assert (_told(), AuditEntry.objects.count()) == ([], audit_before)
        clock.move_to(dt.datetime(2028, 6, 1, 0, 0, tzinfo=BEIJING))
        assert clocks.run_due()[PERIOD_ENDED].as_dict() == {"due": 1, "fired": 1, "settled": 0, "failed": 0}
        told = _told()
        assert clocks.run_due()[PERIOD_ENDED].as_dict() == NONE
        assert pilot_period_end_tell(application=pilot, today=dt.date(2028, 6, 2)) is False
    url = f"/pilots/applications/{pilot.pk}/"
    assert told == [
        ("national_officer", "CSA 的试点期已结束", url),
        ("secretariat", "CSA 的试点期已结束", url),
    ]
    assert _told() == told
    body = Notification.objects.filter(kind="pilots.period.ended").values_list("body", flat=True).first()
    assert body == (
        f"半导体照明产业技术创新战略联盟（经“{call.title_zh}”遴选）的试点期为 2026年6月1日 至 2028年5月31日。"
        "请国家主管部门开展评估并决定是否继续试点。"
    )
    entries = AuditEntry.objects.filter(action="pilots.application.period_ended")
    assert list(entries.values_list("object_id", "actor_label", "data")) == [
        (str(pilot.pk), "system", {"pilot_from": "2026-06-01", "pilot_until": "2028-05-31"})
    ]
    assert (Application.objects.get(pk=pilot.pk).status, Alliance.objects.get(code="CSA").status) == (
        "published",
        "pilot",
    )
