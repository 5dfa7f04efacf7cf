"""The repayment reminder: a to-do for the borrower's representatives and the secretariat from 30 days
before each drawdown's due day until it is repaid (overdue after), and the clock that notices once when
a due day passes unpaid (an audit entry by the system and a notice); time_machine across the due day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from itisa.audit.models import AuditEntry
from itisa.core import clocks
from itisa.financing.models import Drawdown
from itisa.financing.tests.conftest import BEIJING, draw, line, repay
from itisa.notifications.models import Notification
from itisa.notifications.todo import todos_for

CLOCK = "financing.drawdown.overdue"


def _at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)


def _repay_items(user: Any, now: dt.datetime) -> list[tuple[str, str, dt.date | None]]:
    return [
        (t.subject, t.url, t.due)
        for t in todos_for(user, now=now)
        if t.kind.code == "financing.drawdown.repay"
    ]


@pytest.fixture
def drawdown(world: Any) -> Drawdown:
    with time_machine.travel(_at(dt.date(2026, 9, 15)), tick=False):
        return draw(world, line(world), due_on=dt.date(2026, 10, 15))


def test_the_reminder_runs_from_30_days_before_until_repaid(world: Any, drawdown: Drawdown) -> None:
    url = "/en/alliances/CSA/financing/lines/C0001/"
    item = [("CSA C0001 #1", url, dt.date(2026, 10, 15))]
    assert _repay_items(world.user("member_contact"), _at(dt.date(2026, 9, 14))) == []
    for persona in ("member_contact", "legal_representative", "secretariat"):
        assert _repay_items(world.user(persona), _at(dt.date(2026, 9, 15))) == item, persona
    for persona in ("council_member", "outsider", "expert"):
        assert _repay_items(world.user(persona), _at(dt.date(2026, 9, 15))) == [], persona
    assert (
        _repay_items(world.user("member_contact"), _at(dt.date(2027, 1, 1))) == item
    )  # overdue, still shown
    with time_machine.travel(_at(dt.date(2026, 10, 1)), tick=False):
        repay(world, drawdown, "600000.00", dt.date(2026, 10, 1))
    assert _repay_items(world.user("member_contact"), _at(dt.date(2026, 10, 2))) == []


def test_the_clock_notices_once_when_the_due_day_passes_unpaid(world: Any, drawdown: Drawdown) -> None:
    english = world.user("member_contact")
    english.preferred_language = "en"
    english.save(update_fields=["preferred_language"])
    with time_machine.travel(_at(dt.date(2026, 10, 1)), tick=False):
        repay(world, drawdown, "100000.00", dt.date(2026, 10, 1))
    before = AuditEntry.objects.count()
    assert clocks.run_due(_at(dt.date(2026, 10, 15), 23, 59), codes=[CLOCK])[CLOCK].as_dict()["fired"] == 0
    assert AuditEntry.objects.count() == before
    counts = clocks.run_due(_at(dt.date(2026, 10, 16), 0, 1), codes=[CLOCK])[CLOCK].as_dict()
    assert counts == {"due": 1, "fired": 1, "settled": 0, "failed": 0}
    entry = AuditEntry.objects.get(action="financing.drawdown.overdue")
    assert entry.actor_id is None
    assert {k: v for k, v in entry.data.items() if k != "sealed"} == {
        "line": "C0001",
        "seq": 1,
        "due_on": "2026-10-15",
        "outstanding": "500000.00",
    }
    notices = Notification.objects.filter(kind="financing.drawdown.overdue").order_by("recipient__username")
    assert [n.recipient.username for n in notices] == [
        "legal_representative",
        "member_contact",
        "secretariat",
    ]
    assert [n.subject for n in notices] == [
        "提款 C0001 第 1 笔已逾期",
        "Drawdown C0001 #1 is overdue",
        "提款 C0001 第 1 笔已逾期",
    ]
    # the due day and the amount owed in each reader's language (core.formats, issue 21 item 2)
    assert [n.body for n in notices] == [
        "乙大学 在 建设银行 的提款 C0001 第 1 笔已于 2026年10月15日 到期，尚欠 ¥500,000.00。",
        "Drawdown C0001 #1 of 乙大学 from 建设银行 fell due on 15 Oct 2026; ¥500,000.00 is still owed.",
        "乙大学 在 建设银行 的提款 C0001 第 1 笔已于 2026年10月15日 到期，尚欠 ¥500,000.00。",
    ]
    assert notices[1].url == "/en/alliances/CSA/financing/lines/C0001/"
    assert clocks.run_due(_at(dt.date(2026, 10, 17)), codes=[CLOCK])[CLOCK].as_dict()["due"] == 0
    assert AuditEntry.objects.filter(action="financing.drawdown.overdue").count() == 1


def test_a_repaid_drawdown_is_never_overdue(world: Any, drawdown: Drawdown) -> None:
    with time_machine.travel(_at(dt.date(2026, 10, 15)), tick=False):
        repay(world, drawdown, "600000.00", dt.date(2026, 10, 15))
    assert clocks.run_due(_at(dt.date(2026, 10, 20)), codes=[CLOCK])[CLOCK].as_dict()["due"] == 0


def test_the_line_page_settles_the_clock(world: Any, drawdown: Drawdown, client: Any) -> None:
    client.force_login(world.user("member_contact"))
    with time_machine.travel(_at(dt.date(2026, 10, 16)), tick=False):
        html = client.get("/en/alliances/CSA/financing/lines/C0001/").content.decode()
    assert '<span class="badge text-bg-danger">Overdue</span>' in html
    assert AuditEntry.objects.filter(action="financing.drawdown.overdue").count() == 1


def test_the_reminder_gives_what_is_still_owed_grouped_with_the_yuan_sign(
    world: Any, drawdown: Drawdown
) -> None:
    with time_machine.travel(_at(dt.date(2026, 10, 1)), tick=False):
        repay(world, drawdown, "100000.00", dt.date(2026, 10, 1))
    (item,) = [
        t
        for t in todos_for(world.user("member_contact"), now=_at(dt.date(2026, 10, 2)))
        if t.kind.code == "financing.drawdown.repay"
    ]
    assert str(item.detail).endswith(" ¥500,000.00")
