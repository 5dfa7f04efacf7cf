"""The governance page and its forms; the alliance page summary."""

from __future__ import annotations

from typing import Any

from django.test import Client

from itisa.audit.models import AuditEntry
from itisa.governance.models import Body, RuleSet, Seat, StaffMember
from itisa.governance.services import body_create, staff_add


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_secretariat_builds_the_record_from_the_page(world: Any) -> None:
    c = client_for(world.user("secretariat"))
    r = c.post(
        "/en/alliances/CSA/governance/bodies/",
        {
            "body_type": "council",
            "name_zh": "理事会",
            "name_en": "Council",
            "preset": "simple_majority_present",
        },
    )
    assert r.status_code == 302
    body = Body.objects.get()
    assert RuleSet.objects.get(body=body).preset == "simple_majority_present"
    r = c.post(
        f"/en/alliances/CSA/governance/bodies/{body.pk}/seats/",
        {
            "organisation": world.member_a.uscc,
            "holder_name": "甲代表",
            "representative": "council_member",
            "role": "chair",
            "term_start": "2026-01-01",
        },
    )
    assert r.status_code == 302
    before = (Seat.objects.count(), AuditEntry.objects.count())
    r = c.post(
        f"/en/alliances/CSA/governance/bodies/{body.pk}/seats/",
        {
            "organisation": "91350100M000100Y43",
            "holder_name": "x",
            "representative": "nobody",
            "role": "member",
            "term_start": "2026-01-01",
        },
    )
    assert r.status_code == 200
    assert b"No organisation with this credit code." in r.content
    assert b"No active user with this username." in r.content
    assert (Seat.objects.count(), AuditEntry.objects.count()) == before
    r = c.post(
        f"/en/alliances/CSA/governance/bodies/{body.pk}/rules/",
        {
            "quorum": "2/3",
            "quorum_comparison": "at_least",
            "threshold": "7/5",
            "threshold_comparison": "at_least",
            "threshold_base": "present",
            "adopted_on": "2026-02-01",
        },
    )
    assert b"A share between 0 and 1, such as 1/2 or 2/3." in r.content
    assert RuleSet.objects.filter(body=body).count() == 1
    r = c.post(
        "/en/alliances/CSA/governance/staff/",
        {"name": "李四", "position": "秘书长", "full_time": "on", "since": "2026-01-01"},
    )
    assert r.status_code == 302
    page = c.get("/en/alliances/CSA/governance/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "quorum more than 1/2 of seats; passes with more than 1/2 of those present" in text
    assert text.count('data-testid="seat-row"') == 1
    assert 'data-full-time="1"' in text
    alliance_page = client_for(None).get("/en/alliances/CSA/").content.decode()
    assert 'data-testid="check-staff" data-ok="1"' in alliance_page
    assert 'data-testid="check-bodies" data-ok="0"' in alliance_page


def test_ending_staff_asks_for_confirmation(world: Any) -> None:
    staff = staff_add(by=world.user("secretariat"), alliance=world.csa, name="李四", position="秘书长", full_time=True,
                      since=__import__("datetime").date(2026, 1, 1))  # fmt: skip
    c = client_for(world.user("secretariat"))
    r = c.post(f"/en/alliances/CSA/governance/staff/{staff.pk}/end/", {"on": "2026-05-01"})
    assert b'data-testid="end-confirmation"' in r.content
    assert StaffMember.objects.get().until is None
    c.post(f"/en/alliances/CSA/governance/staff/{staff.pk}/end/", {"on": "2026-05-01", "confirmed": "1"})
    assert str(StaffMember.objects.get().until) == "2026-05-01"


def test_others_read_but_cannot_write(world: Any) -> None:
    body_create(by=world.user("secretariat"), alliance=world.csa, body_type="council", name_zh="理事会")
    for persona in ("anonymous", "council_member", "outsider"):
        c = client_for(world.user(persona))
        assert c.get("/alliances/CSA/governance/").status_code == 200
        before = (Body.objects.count(), AuditEntry.objects.count())
        r = c.post(
            "/alliances/CSA/governance/bodies/",
            {"body_type": "council", "name_zh": "第二理事会", "preset": "two_thirds_present"},
        )
        assert r.status_code in (302, 403)
        assert (Body.objects.count(), AuditEntry.objects.count()) == before
    assert client_for(None).get("/alliances/SDC/governance/").status_code == 404


def test_governance_page_queries_do_not_grow_with_seats(world: Any) -> None:
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from itisa.governance.services import seat_add, staff_add

    s = world.user("secretariat")
    body = body_create(by=s, alliance=world.csa, body_type="expert_committee", name_zh="专家委员会")
    client = client_for(s)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/alliances/CSA/governance/").status_code == 200
            assert client.get("/alliances/CSA/").status_code == 200
        return len(ctx.captured_queries)

    seat_add(by=s, body=body, holder_name="专家", role="member", term_start=dt.date(2026, 1, 1))
    few = count()
    for i in range(12):
        seat_add(by=s, body=body, holder_name=f"专家{i}", role="member", term_start=dt.date(2026, 1, 1))
        staff_add(
            by=s,
            alliance=world.csa,
            name=f"职员{i}",
            position="干事",
            full_time=True,
            since=dt.date(2026, 1, 1),
        )
    assert count() == few
