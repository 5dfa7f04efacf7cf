"""Who sees whom behind a vote on the pages: the public sees the seat and its organisation; the alliance's
people and its officers also see the voter's name; nobody sees a login name (the API: itisa/api/tests/
test_voter_names_api.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from itisa.accounts.models import User
from itisa.governance.models import Motion
from itisa.governance.tests.conftest import BALLOT_OPENED, VOTER_NAMES, make_closed_ballot, name_the_voters

SECRETARY = VOTER_NAMES["secretariat"]
CLOSING = "Closed before the deadline; 1 seats had not voted."
LOGINS = ("secretariat", "council_member", "legal_representative")  # "expert" is also an English word


@pytest.fixture
def closed_ballot(world: Any, council: Any) -> Iterator[Motion]:
    with time_machine.travel(BALLOT_OPENED + dt.timedelta(days=1), tick=False):
        yield make_closed_ballot(world, council)


def _get(user: Any, path: str) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    r = client.get(path)
    assert r.status_code == 200
    return r.content.decode()


def _cells(html: str, testid: str) -> list[list[str]]:
    rows = re.findall(rf'<tr data-testid="{testid}">(.*?)</tr>', html, re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)] for row in rows
    ]


def _history(html: str) -> list[str]:
    block = re.search(r'<ul class="small" data-testid="history">(.*?)</ul>', html, re.S)
    assert block is not None
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", block.group(1), re.S)]


PUBLIC_ROWS = [
    ["理事会 · 张理事长 (Chair)", "甲公司", "2 Mar 2026 09:01", "Yes"],
    ["理事会 · 李理事 (Member)", "乙大学", "2 Mar 2026 09:02", "No"],
    ["理事会 · 王专家 (Member)", "individual expert", "2 Mar 2026 09:03", "Abstain"],
]
NAMED_ROWS = [
    ["理事会 · 张理事长 (Chair)", "甲公司", "陈委员", "2 Mar 2026 09:01", "Yes"],
    ["理事会 · 李理事 (Member)", "乙大学", "刘代表", "2 Mar 2026 09:02", "No"],
    ["理事会 · 王专家 (Member)", "individual expert", "周专家", "2 Mar 2026 09:03", "Abstain"],
]


@pytest.mark.parametrize(
    ("persona", "named"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("association_officer", False),  # industry B; CSA is industry C
        ("provincial_officer", False),  # Shandong; CSA is a national alliance
        ("council_member", True),
        ("member_contact", True),
        ("national_officer", True),
    ],
)
def test_the_motion_page_shows_seats_and_organisations_and_names_only_to_insiders(
    world: Any, closed_ballot: Motion, persona: str, named: bool
) -> None:
    html = _get(world.user(persona), f"/en/governance/motions/{closed_ballot.pk}/")
    assert _cells(html, "vote-row") == (NAMED_ROWS if named else PUBLIC_ROWS)
    assert ("<th>Cast by</th>" in html) is named
    assert _history(html) == (
        [
            f"2 Mar 2026 09:00 · — → Open for votes · {SECRETARY}",
            f"3 Mar 2026 09:00 · Open for votes → Closed · {SECRETARY} · {CLOSING}",
        ]
        if named
        else [
            "2 Mar 2026 09:00 · — → Open for votes",
            f"3 Mar 2026 09:00 · Open for votes → Closed · {CLOSING}",
        ]
    )
    for login in LOGINS:
        assert login not in html
    if not named:
        for name in VOTER_NAMES.values():
            assert name not in html


def test_a_voter_without_a_name_is_shown_as_a_dash_never_by_login(world: Any, closed_ballot: Motion) -> None:
    User.objects.filter(username="council_member").update(display_name="", first_name="", last_name="")
    rows = _cells(_get(world.user("secretariat"), f"/en/governance/motions/{closed_ballot.pk}/"), "vote-row")
    assert [row[2] for row in rows] == ["—", "刘代表", "周专家"]


@pytest.mark.parametrize(
    ("persona", "voters", "logins"),
    [
        ("anonymous", None, []),
        ("outsider", None, []),
        ("association_officer", None, []),
        ("council_member", ["陈委员", "刘代表", "周专家", "—"], []),
        (
            "secretariat",
            ["陈委员", "刘代表", "周专家", "—"],
            ["council_member", "legal_representative", "expert"],
        ),
    ],
)
def test_the_seat_register_names_the_accounts_that_vote_only_to_insiders_and_logins_only_to_keepers(
    world: Any, council: Any, persona: str, voters: list[str] | None, logins: list[str]
) -> None:
    name_the_voters()
    html = _get(world.user(persona), "/en/alliances/CSA/governance/")
    cells = re.findall(r'<td data-testid="seat-voter">(.*?)</td>', html, re.S)
    # the names are Chinese on an English page: marked as such (issue 21)
    names = [
        re.sub(r'<span lang="zh-Hans">(.*?)</span>', r"\1", re.sub(r"\s*<code>.*</code>", "", c))
        for c in cells
    ]
    assert names == (voters or [])
    assert [m for c in cells for m in re.findall(r"<code>(.*?)</code>", c)] == logins
    assert ("<th>Votes as</th>" in html) is (voters is not None)


def test_the_seat_register_heads_the_voter_column_with_a_person_not_an_account(
    world: Any, council: Any
) -> None:
    name_the_voters()
    html = _get(world.user("secretariat"), "/alliances/CSA/governance/")
    assert "<th>投票人</th>" in html and "<th>投票账户</th>" not in html
