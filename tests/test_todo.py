"""The to-do list's faces: the home panel, the /todo/ page, GET /api/todo, ``itisa todo`` (the same
items everywhere), and the private iCalendar feed; query counts do not grow with the list."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from typing import Any

import icalendar
import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from itisa.agreements.services import version_create, version_open
from itisa.agreements.tests.fixtures import complete_content
from itisa.audit.models import AuditEntry
from itisa.governance.models import Motion, MotionSeat
from itisa.governance.services import meeting_convene, motion_open
from itisa.governance.tests.conftest import make_council
from itisa.membership.services.dues import fee_set, invoices_issue
from itisa.notifications.services import calendar_feed_revoke, calendar_feed_rotate
from itisa.registry.models import Organisation
from tests.todo_helpers import local

NOW = local(2026, 3, 2, 10, 0)


@pytest.fixture
def duties(world: Any) -> Any:
    """The legal representative of 乙大学 (reading English) has four duties on 2 March 2026: vote on a
    ballot (closing 9 March 18:00), attend a meeting (20 March), pay dues (due 31 March), sign CSA/v1."""
    s = world.user("secretariat")
    rep = world.user("legal_representative")
    rep.preferred_language = "en"
    rep.save(update_fields=["preferred_language"])
    with time_machine.travel(NOW, tick=False):
        council = make_council(world)
        motion = motion_open(
            by=s, body=council.body, title_zh="关于增补理事单位的议案", method="ballot",
            deadline=local(2026, 3, 9, 18, 0),
        )  # fmt: skip
        meeting = meeting_convene(
            by=s, body=council.body, kind="regular", title_zh="第三届理事会第二次会议",
            starts_at=local(2026, 3, 20, 9, 0), ends_at=local(2026, 3, 20, 12, 0), location="北京",
        )  # fmt: skip
        fee_set(by=s, alliance=world.csa, year=2026, rank="council", amount=Decimal("5000.50"))
        fee_set(by=s, alliance=world.csa, year=2026, rank="chair", amount=Decimal("0"))
        (invoice,) = invoices_issue(
            by=s, alliance=world.csa, year=2026, issued_on=dt.date(2026, 1, 15), due_on=dt.date(2026, 3, 31)
        )
        version = version_open(
            by=s, version=version_create(by=s, alliance=world.csa, content=complete_content())
        )
    return {
        "council": council, "motion": motion, "meeting": meeting, "invoice": invoice, "rep": rep, "version": version,
    }  # fmt: skip


def _expected(d: dict[str, Any]) -> list[dict[str, Any]]:
    motion, meeting, invoice = d["motion"], d["meeting"], d["invoice"]
    return [
        {
            "kind": "governance.motion.vote", "ref": f"motion:{motion.pk}:seat:{d['council'].member.pk}",
            "title": "Vote on", "subject": "Motion No. 1: 关于增补理事单位的议案", "detail": "理事会 · 李理事",
            "url": f"/en/governance/motions/{motion.pk}/", "alliance": "CSA", "due": "2026-03-09",
            "starts_at": "2026-03-09T10:00:00Z", "ends_at": None, "overdue": False,
        },
        {
            "kind": "governance.meeting.attend", "ref": f"meeting:{meeting.pk}", "title": "Attend",
            "subject": "第三届理事会第二次会议", "detail": "理事会 · 北京",
            "url": f"/en/governance/meetings/{meeting.pk}/", "alliance": "CSA", "due": "2026-03-20",
            "starts_at": "2026-03-20T01:00:00Z", "ends_at": "2026-03-20T04:00:00Z", "overdue": False,
        },
        {
            "kind": "membership.invoice.pay", "ref": f"invoice:{invoice.pk}", "title": "Pay",
            "subject": f"Dues notice {invoice.number}: CNY 5,000.50",
            "detail": invoice.membership.organisation.name_en,  # the English name for an English reader
            "url": "/en/alliances/CSA/dues/?year=2026", "alliance": "CSA", "due": "2026-03-31",
            "starts_at": None, "ends_at": None, "overdue": False,
        },
        {
            "kind": "agreements.version.sign", "ref": "(set by the test)", "title": "Sign", "subject": "CSA/v1",
            "detail": "乙大学", "url": "/en/alliances/CSA/agreements/v1/sign/", "alliance": "CSA", "due": None,
            "starts_at": None, "ends_at": None, "overdue": False,
        },
    ]  # fmt: skip


def test_the_api_and_the_command_give_the_same_items(world: Any, duties: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(duties["rep"])
    expected = _expected(duties)
    expected[3]["ref"] = f"version:{duties['version'].pk}:party:{world.member_b.pk}"
    with time_machine.travel(NOW, tick=False):
        answer = client.get("/api/todo")
        out = StringIO()
        call_command("todo", "--user", "legal_representative", "--json", stdout=out)
        only = client.get("/api/todo?kind=membership.invoice.pay").json()
    assert answer.status_code == 200
    assert answer.json() == {"count": 4, "items": expected}
    assert json.loads(out.getvalue()) == expected
    assert only == {"count": 1, "items": [expected[2]]}


def test_the_api_refuses_an_unknown_kind_and_anonymous_callers(world: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.get("/api/todo").status_code == 401
    client.force_login(world.user("expert"))
    answer = client.get("/api/todo?kind=nonsense")
    assert answer.status_code == 422
    assert (answer.json()["code"], answer.json()["message"]) == ("validation_error", "Unknown kind of duty.")
    assert client.get("/api/todo").json() == {"count": 0, "items": []}


def test_the_command_prints_a_table_and_refuses_unknown_users_and_kinds(world: Any, duties: Any) -> None:
    Organisation.objects.filter(pk=world.member_b.pk).update(name_en="")  # no English name: the Chinese one
    out = StringIO()
    with time_machine.travel(local(2026, 4, 1, 8, 0), tick=False):
        call_command("todo", "--user", "legal_representative", "--kind", "membership.invoice.pay", stdout=out)
    invoice = duties["invoice"]
    assert invoice.number == "CSA-2026-0001"
    assert out.getvalue().splitlines() == [
        "Due                  Alliance  To-do                                        Detail  Link",
        "2026-03-31  Overdue  CSA       Pay Dues notice CSA-2026-0001: CNY 5,000.50  乙大学  /en/alliances/CSA/dues/?year=2026",
    ]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No active user nobody"):
        call_command("todo", "--user", "nobody")
    with pytest.raises(CommandError, match="Unknown kind of duty nonsense"):
        call_command("todo", "--user", "expert", "--kind", "nonsense")


def test_the_page_groups_filters_and_pages(world: Any, duties: Any) -> None:
    client = Client()
    client.force_login(duties["rep"])
    with time_machine.travel(local(2026, 3, 10, 9, 0), tick=False):  # the ballot has closed for votes
        page = client.get("/en/todo/").content.decode()
        by_alliance = client.get("/en/todo/?group=alliance").content.decode()
        zh = client.get("/todo/").content.decode()
        dues_only = client.get("/en/todo/?kind=membership.invoice.pay").content.decode()
    assert page.count('data-testid="todo-item"') == 3
    assert [g.split("</div>")[0] for g in page.split('data-testid="todo-group">')[1:]] == [
        "20 Mar 2026",
        "31 Mar 2026",
        "No due date",
    ]
    # the due-day headings in the reader's format (issue 21 item 2)
    assert [g.split("</div>")[0] for g in zh.split('data-testid="todo-group">')[1:]] == [
        "2026年3月20日",
        "2026年3月31日",
        "无截止日期",
    ]
    assert [g.split("</div>")[0] for g in by_alliance.split('data-testid="todo-group">')[1:]] == ["CSA"]
    assert dues_only.count('data-testid="todo-item"') == 1
    assert 'data-kind="membership.invoice.pay"' in dues_only
    assert Client().get("/todo/").status_code == 302  # anonymous: to the login page


def test_home_page_shows_the_first_duties_with_the_sign_link(world: Any, duties: Any) -> None:
    client = Client()
    client.force_login(duties["rep"])
    with time_machine.travel(NOW, tick=False):
        home = client.get("/").content.decode()
    panel = home.split('data-testid="todo-panel"')[1].split('data-testid="my-alliances"')[0]
    assert 'data-testid="todo-count">4</span>' in panel
    assert '<a href="/alliances/CSA/agreements/v1/sign/" data-testid="todo-link">签署 CSA/v1</a>' in panel
    assert panel.count('data-testid="todo-item"') == 4


def _ballots(council: Any, start: int, n: int) -> None:
    motions = Motion.objects.bulk_create(
        Motion(
            body=council.body, number=start + i, title_zh=f"议案{start + i}", method="ballot", status="open",
            deadline=local(2026, 4, 1, 18, 0), opened_at=NOW,
        )
        for i in range(n)
    )  # fmt: skip
    # each with its seat list, frozen when it is put (as motion_open does)
    seats = [council.chair, council.member, council.expert, council.silent]
    MotionSeat.objects.bulk_create(MotionSeat(motion=m, seat=s) for m in motions for s in seats)


@pytest.mark.parametrize("path", ["/", "/todo/"])
def test_query_counts_do_not_grow_with_the_list(
    world: Any, duties: Any, path: str, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(duties["rep"])
    with time_machine.travel(NOW, tick=False):
        _ballots(duties["council"], 10, 10)
        with CaptureQueriesContext(connection) as ten:
            assert client.get(path).status_code == 200
        _ballots(duties["council"], 20, 40)
        with django_assert_max_num_queries(len(ten.captured_queries)):
            answer = client.get(path)
    shown = answer.content.decode().count('data-testid="todo-item"')
    assert shown == (5 if path == "/" else 25)


def _feed(client: Client, secret: str) -> Any:
    return client.get(f"/calendar/{secret}.ics")


def test_the_calendar_feed_lists_every_dated_duty(world: Any, duties: Any, settings: Any) -> None:
    settings.SITE_URL = "https://itisa.example.cn"
    _feed_row, secret = calendar_feed_rotate(by=duties["rep"])
    with time_machine.travel(NOW, tick=False):
        answer = _feed(Client(), secret)
    assert (answer.status_code, answer["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    cal = icalendar.Calendar.from_ical(answer.content)
    motion, meeting, invoice = duties["motion"], duties["meeting"], duties["invoice"]
    seat = duties["council"].member.pk
    rows = [
        (
            c.name,
            str(c["uid"]),
            str(c["summary"]),
            str(c["url"]),
            c.get("due").dt if "due" in c else None,
            (c["dtstart"].dt, c["dtend"].dt) if "dtstart" in c else None,
        )
        for c in cal.walk()
        if c.name in ("VEVENT", "VTODO")
    ]
    assert rows == [
        (
            "VTODO",
            f"motion:{motion.pk}:seat:{seat}@itisa",
            "Vote on Motion No. 1: 关于增补理事单位的议案",
            f"https://itisa.example.cn/en/governance/motions/{motion.pk}/",
            local(2026, 3, 9, 18, 0),
            None,
        ),
        (
            "VEVENT",
            f"meeting:{meeting.pk}@itisa",
            "Attend 第三届理事会第二次会议",
            f"https://itisa.example.cn/en/governance/meetings/{meeting.pk}/",
            None,
            (local(2026, 3, 20, 9, 0), local(2026, 3, 20, 12, 0)),
        ),
        (
            "VTODO",
            f"invoice:{invoice.pk}@itisa",
            f"Pay Dues notice {invoice.number}: CNY 5,000.50",
            "https://itisa.example.cn/en/alliances/CSA/dues/?year=2026",
            dt.date(2026, 3, 31),
            None,
        ),
    ]
    assert str(cal["x-wr-calname"]) == "ITISA to-do list of legal_representative"


def test_a_wrong_rotated_or_revoked_address_is_not_found(world: Any) -> None:
    user = world.user("expert")
    client = Client()
    _row, first = calendar_feed_rotate(by=user)
    assert _feed(client, first).status_code == 200
    assert _feed(client, first[:-1] + ("A" if first[-1] != "A" else "B")).status_code == 404
    assert _feed(client, "nonsense").status_code == 404
    _row, second = calendar_feed_rotate(by=user)
    assert (_feed(client, first).status_code, _feed(client, second).status_code) == (404, 200)
    calendar_feed_revoke(by=user)
    assert _feed(client, second).status_code == 404
    entries = AuditEntry.objects.filter(action__startswith="notifications.calendar.").order_by("seq")
    assert [(e.action, e.data) for e in entries] == [
        ("notifications.calendar.rotated", {}),
        ("notifications.calendar.rotated", {}),
        ("notifications.calendar.revoked", {}),
    ]
    for secret in (first, second):
        assert not AuditEntry.objects.filter(data__icontains=secret[4:]).exists()
        assert not AuditEntry.objects.filter(object_repr__contains=secret[4:]).exists()


def test_the_calendar_page_shows_the_new_address_once(world: Any, settings: Any) -> None:
    settings.SITE_URL = "https://itisa.example.cn/"
    client = Client()
    user = world.user("expert")
    client.force_login(user)
    page = client.get("/en/todo/calendar/").content.decode()
    assert 'data-testid="calendar-url"' not in page
    assert "You have no private calendar address." in page
    made = client.post("/en/todo/calendar/", {"action": "rotate"}).content.decode()
    url = made.split('data-testid="calendar-url">')[1].split("</code>")[0]
    assert url.startswith("https://itisa.example.cn/calendar/cal_") and url.endswith(".ics")
    assert Client().get(url.removeprefix("https://itisa.example.cn")).status_code == 200
    again = client.get("/en/todo/calendar/").content.decode()
    assert 'data-testid="calendar-url"' not in again
    assert client.post("/en/todo/calendar/", {"action": "revoke"}).status_code == 302
    assert Client().get(url.removeprefix("https://itisa.example.cn")).status_code == 404
