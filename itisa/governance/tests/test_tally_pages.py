"""The pages of issue 15, item 2: one ballot per seat a person votes for, a proxy named on the meeting
page, a veto confirmed in two steps. Refusals change nothing. The clock is pinned."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from itisa.audit.models import AuditEntry
from itisa.governance.models import Proxy, Resolution, Veto, Vote
from itisa.governance.services import (
    meeting_convene,
    motion_close,
    motion_open,
    rules_adopt,
    seat_add,
    vote_cast,
)
from itisa.governance.tests.conftest import TERM, make_council
from itisa.governance.tests.test_decision_views import client_for

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)


def _state() -> tuple[int, ...]:
    return (Vote.objects.count(), Proxy.objects.count(), Veto.objects.count(), AuditEntry.objects.count())


def test_a_person_holding_two_seats_gets_a_ballot_for_each(world: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        council = make_council(world)
        rep = world.user("legal_representative")
        second = seat_add(
            by=world.user("secretariat"), body=council.body, holder_name="李专家", role="member", term_start=TERM,
            representative=rep,
        )  # fmt: skip
        motion = motion_open(
            by=world.user("secretariat"), body=council.body, title_zh="关于修订章程的议案", method="ballot",
            deadline=NOW + dt.timedelta(days=3),
        )  # fmt: skip
        c = client_for(rep)
        page = c.get(f"/en/governance/motions/{motion.pk}/").content.decode()
        assert page.count('data-testid="seat-ballot"') == 2
        assert page.count('data-testid="vote-form"') == 2
        assert "You vote for the seat of 李理事." in page and "You vote for the seat of 李专家." in page
        r = c.post(
            f"/en/governance/motions/{motion.pk}/vote/", {"choice": "no", "seat": second.pk, "confirmed": "1"}
        )
        assert r.status_code == 302
        assert list(Vote.objects.values_list("seat_id", "choice")) == [(second.pk, "no")]
        page = c.get(f"/en/governance/motions/{motion.pk}/").content.decode()
        assert page.count('data-testid="vote-form"') == 1
        assert "The seat of 李专家 voted: No. A vote cannot be changed." in page
        before = _state()
        # another's seat: refused, nothing written
        r = c.post(
            f"/en/governance/motions/{motion.pk}/vote/",
            {"choice": "yes", "seat": council.chair.pk, "confirmed": "1"},
        )
        assert r.status_code == 403
        assert _state() == before


def test_a_representative_names_a_proxy_on_the_meeting_page(world: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        council = make_council(world)
        starts = NOW + dt.timedelta(days=10)
        meeting = meeting_convene(
            by=world.user("secretariat"), body=council.body, kind="regular", title_zh="理事会会议",
            starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
        )  # fmt: skip
        c = client_for(world.user("legal_representative"))
        page = c.get(f"/en/governance/meetings/{meeting.pk}/").content.decode()
        assert 'data-testid="proxy-form"' in page
        before = _state()
        r = c.post(
            f"/en/governance/meetings/{meeting.pk}/proxies/", {"seat": council.member.pk, "holder": "nobody"}
        )
        assert r.status_code == 200
        assert "No active user with this username." in r.content.decode()
        assert _state() == before
        r = c.post(
            f"/en/governance/meetings/{meeting.pk}/proxies/",
            {"seat": council.member.pk, "holder": "member_contact"},
        )
        assert r.status_code == 302
        proxy = Proxy.objects.get()
        assert (proxy.seat_id, proxy.holder.username, proxy.given_by.username) == (
            council.member.pk,
            "member_contact",
            "legal_representative",
        )
        page = c.get(f"/en/governance/meetings/{meeting.pk}/").content.decode()
        assert 'data-testid="proxy-form"' not in page  # its only seat has named its proxy


def test_a_veto_is_confirmed_before_it_suspends_the_decision(world: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        council = make_council(world)
        rules = {"quorum": "1/2", "quorum_comparison": "at_least", "threshold": "1/2",
                 "threshold_comparison": "more_than", "threshold_base": "present", "veto_days": 15}  # fmt: skip
        rules_adopt(by=world.user("secretariat"), body=council.body, rules=rules, adopted_on=NOW.date())
        motion = motion_open(
            by=world.user("secretariat"), body=council.body, title_zh="关于修订章程的议案", method="ballot",
            deadline=NOW + dt.timedelta(days=3),
        )  # fmt: skip
        for persona in ("council_member", "legal_representative"):
            vote_cast(by=world.user(persona), motion=motion, choice="yes")
        motion_close(by=world.user("secretariat"), motion=motion)
        c = client_for(world.user("expert"))
        page = c.get(f"/en/governance/motions/{motion.pk}/").content.decode()
        assert (
            'A seat on the list may veto this decision until <span class="text-nowrap">17 Mar 2026 09:00</span>'
            in page
        )
        assert 'data-testid="veto"' in page
        url = f"/en/governance/motions/{motion.pk}/resolution/veto/"
        before = _state()
        r = c.post(url, {"seat": council.expert.pk, "reason": "严重影响本单位利益"})
        assert (r.status_code, 'data-testid="confirmation"' in r.content.decode()) == (200, True)
        assert _state() == before
        # someone without a seat on the list is refused
        assert (
            client_for(world.user("member_contact")).post(url, {"reason": "x", "confirmed": "1"}).status_code
            == 403
        )
        assert _state() == before
        r = c.post(url, {"seat": council.expert.pk, "reason": "严重影响本单位利益", "confirmed": "1"})
        assert r.status_code == 302
        assert Resolution.objects.get().effect == "suspended"
        page = c.get(f"/en/governance/motions/{motion.pk}/").content.decode()
        assert 'Vetoed by the seat of 王专家 on <span class="text-nowrap">2 Mar 2026 09:00</span>.' in page
        assert 'data-testid="veto"' not in page
