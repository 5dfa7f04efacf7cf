"""Who holds a seat's proxy says who cast the seat's vote at the meeting: the meeting's page and the API
name the proxy holder only to those who see voters' names (``permissions.can_see_voter_names``);
everyone else sees that the seat attended by proxy. CSA's council; the clock pinned to 2026-03-02."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.test import Client

from itisa.accounts.models import User
from itisa.governance.services import meeting_attendance_record, meeting_convene, proxy_give
from tests.todo_helpers import local

NOW = local(2026, 3, 2, 9, 0)
HOLDER = "钱代理"


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("persona", "named"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("association_officer", False),
        ("council_member", True),
        ("secretariat", True),
        ("national_officer", True),
    ],
)
def test_the_proxy_holder_is_named_only_to_those_who_see_voters_names(
    world: Any, council: Any, persona: str, named: bool
) -> None:
    User.objects.filter(username="member_contact").update(display_name=HOLDER)
    with time_machine.travel(NOW, tick=False) as clock:
        meeting = meeting_convene(
            by=world.user("secretariat"), body=council.body, kind="regular", title_zh="理事会第五次会议",
            starts_at=NOW + dt.timedelta(days=10), ends_at=NOW + dt.timedelta(days=10, hours=3),
        )  # fmt: skip
        proxy_give(by=world.user("legal_representative"), meeting=meeting, seat=council.member,
                   holder=world.user("member_contact"))  # fmt: skip
        clock.move_to(NOW + dt.timedelta(days=10, hours=1))
        meeting_attendance_record(
            by=world.user("secretariat"), meeting=meeting, seats=[council.chair, council.member]
        )
        user = None if persona == "anonymous" else world.user(persona)
        page = _client(user).get(f"/en/governance/meetings/{meeting.pk}/").content.decode()
        assert (HOLDER in page) is named
        assert ("by proxy" in page) is not named
        answer = _client(user).get(f"/api/meetings/{meeting.pk}")
        assert answer.status_code == 200
        body = json.loads(answer.content)
        attended = {a["seat"]: a["proxy_name"] for a in body["attendance"]}
        assert attended == {council.chair.pk: "", council.member.pk: HOLDER if named else ""}
        assert [p["proxy_holder"] for p in body["proxies"]] == ([HOLDER] if named else [])
