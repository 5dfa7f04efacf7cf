"""Defects a review found in the breach procedure and the suspension of rights: a second referral is a
conflict; another alliance's keeper is refused; one rule decides which remedies may be decided; the
status filter is checked; a naive deadline is refused; a suspended member has no vote to cast (no
to-do, no vote, no proxy given or held). Every refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import translation

from itisa.accounts.models import RoleAssignment
from itisa.core import clocks
from itisa.core.errors import DomainError, PermissionDenied
from itisa.governance.models import Proxy, Vote
from itisa.governance.services import meeting_convene, motion_open, proxy_give
from itisa.governance.tests.conftest import make_council
from itisa.membership.breach.rules import allowed_remedies, refused_remedies
from itisa.membership.clocks import BREACH_LAPSE
from itisa.membership.models import BreachNotice
from itisa.membership.selectors import breaches_of
from itisa.membership.services import breach_confirm_cure, breach_withdraw
from itisa.membership.tests.breach_fixtures import (
    BEIJING,
    SERVED_AT,
    SUSPENDED_UNTIL,
    put_in_force,
    serve,
    state,
    suspend_member_b,
)
from itisa.membership.tests.test_dues_api import Api
from itisa.notifications.models import Notification
from tests.factories import UserFactory
from tests.todo_helpers import items

MIDNIGHT = dt.datetime(2030, 4, 2, 0, 0, tzinfo=BEIJING)
DURING = dt.datetime(2030, 6, 1, 9, 0, tzinfo=BEIJING)
AFTER = dt.datetime(2030, 11, 1, 9, 0, tzinfo=BEIJING)
REFERRAL = {"deadline": "2030-04-09T09:00:00+08:00", "remedies": ["suspension"], "suspend_from": "2030-05-01",
            "suspend_until": "2030-10-31"}  # fmt: skip


@pytest.mark.parametrize(
    ("clause", "allowed"),
    [
        (None, []),
        ({}, []),
        ({"breach": {}}, []),
        ({"breach": {"suspension": True, "expulsion": True, "grant_recovery": True}},
         ["suspension", "expulsion", "grant_recovery"]),
        ({"breach": {"suspension": True, "expulsion": False, "grant_recovery": "true"}}, ["suspension"]),
        ({"breach": {"grant_recovery": True, "expulsion": True}}, ["expulsion", "grant_recovery"]),
    ],
    ids=["no-agreement", "no-clause", "empty-clause", "all", "only-true-counts", "clause-order"],
)  # fmt: skip
def test_allowed_remedies(clause: Any, allowed: list[str]) -> None:
    assert [str(r) for r in allowed_remedies(clause)] == allowed
    every = ["grant_recovery", "expulsion", "suspension"]
    assert refused_remedies(clause, every) == [
        r for r in ("suspension", "expulsion", "grant_recovery") if r not in allowed
    ]


def test_the_refer_page_lists_what_allowed_remedies_allows(agreement_world: Any) -> None:
    world = agreement_world.world
    put_in_force(agreement_world, expulsion=False)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(world)
    from django.test import Client

    with time_machine.travel(MIDNIGHT, tick=False):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(world.user("secretariat"))
        response = client.get(f"/en/alliances/CSA/breaches/{notice.pk}/refer/")
        assert response.status_code == 200, response
        page = response.content.decode()
    assert "The breach clause of CSA/v1 allows: Suspension of rights, Recovery of grants" in " ".join(
        page.split()
    )


def _lapsed(aw: Any) -> tuple[BreachNotice, Any]:
    put_in_force(aw)
    council = make_council(aw.world)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(aw.world)
    with time_machine.travel(MIDNIGHT, tick=False):
        clocks.run_due(codes=[BREACH_LAPSE])
    return notice, council


def test_referring_the_same_breach_twice_is_a_conflict(agreement_world: Any) -> None:
    world = agreement_world.world
    notice, council = _lapsed(agreement_world)
    url = f"/alliances/CSA/breaches/{notice.pk}/refer"
    with time_machine.travel(MIDNIGHT + dt.timedelta(hours=9), tick=False):
        s = Api(world.user("secretariat"))
        first = s.call("post", url, {"body_id": council.body.pk, **REFERRAL})
        assert first.status_code == 200, first.json()
        assert first.json()["status"] == "referred"
        before = state()
        again = s.call("post", url, {"body_id": council.body.pk, **REFERRAL})
        assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
        assert state() == before


def test_a_naive_referral_deadline_is_refused(agreement_world: Any) -> None:
    world = agreement_world.world
    notice, council = _lapsed(agreement_world)
    with time_machine.travel(MIDNIGHT + dt.timedelta(hours=9), tick=False):
        before = state()
        answer = Api(world.user("secretariat")).call(
            "post", f"/alliances/CSA/breaches/{notice.pk}/refer",
            {"body_id": council.body.pk, **REFERRAL, "deadline": "2030-04-09T09:00:00"},
        )  # fmt: skip
        assert (answer.status_code, [f.split(".")[-1] for f in answer.json()["fields"]]) == (
            422,
            ["deadline"],
        )
        assert state() == before


def test_another_alliances_keeper_is_refused_by_every_service(agreement_world: Any) -> None:
    world = agreement_world.world
    put_in_force(agreement_world)
    other = UserFactory(username="sdc_secretariat")
    RoleAssignment.objects.create(user=other, role="secretariat", alliance=world.sdc)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(world)
        before = state()
        for step in (
            lambda: breach_withdraw(by=other, notice=notice, reason="误发"),
            lambda: breach_confirm_cure(by=other, notice=notice, evidence="已整改"),
        ):
            with pytest.raises(PermissionDenied) as refused:
                step()
            assert (
                refused.value.message
                == "Only the alliance's secretariat and the competent officers manage its members."
            )
        assert state() == before


@pytest.mark.parametrize("status", ["bogus", "SERVED", "served "])
def test_the_status_filter_is_one_of_the_workflows(agreement_world: Any, status: str) -> None:
    world = agreement_world.world
    put_in_force(agreement_world)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(world)
        s = Api(world.user("secretariat"))
        answer = s.call("get", f"/alliances/CSA/breaches?status={status}")
        assert answer.status_code == 422
        assert [i["id"] for i in s.call("get", "/alliances/CSA/breaches?status=served").json()["items"]] == [
            notice.pk
        ]
        assert s.call("get", "/alliances/CSA/breaches?status=cured").json()["items"] == []
        with translation.override("en"), pytest.raises(DomainError) as refused:
            breaches_of(world.user("secretariat"), world.csa, status=status)
        assert refused.value.fields == {"status": ["Choose a valid option."]}
        assert (
            Api(world.user("secretariat")).call("get", f"/alliances/CSA/motions?status={status}").status_code
            == 422
        )


# --- a suspended member ---------------------------------------------------------------------------------


def test_a_suspended_member_has_no_vote_to_cast(agreement_world: Any) -> None:
    world = agreement_world.world
    suspension, council = suspend_member_b(agreement_world)
    assert suspension.ends_on == SUSPENDED_UNTIL
    rep = world.user("legal_representative")  # 李理事, member_b's seat
    with time_machine.travel(DURING, tick=False):
        told_before = Notification.objects.filter(kind="governance.ballot.opened").count()
        motion = motion_open(by=world.user("secretariat"), body=council.body, title_zh="年度计划", method="ballot",
                             deadline=dt.datetime(2030, 11, 5, 9, 0, tzinfo=BEIJING))  # fmt: skip
        assert [i for i in items(rep) if i[0] == "governance.motion.vote"] == []
        # nor is it asked to vote: the ballot's notice goes to the other represented seats
        told = Notification.objects.filter(kind="governance.ballot.opened").order_by("pk")[told_before:]
        assert sorted(n.recipient.username for n in told) == ["council_member", "expert"]
        assert [i[2] for i in items(world.user("council_member")) if i[0] == "governance.motion.vote"] == [
            "理事会 · 张理事长"
        ]
        before = (state(), Vote.objects.count())
        answer = Api(rep).call("post", f"/motions/{motion.pk}/votes", {"choice": "yes"})
        assert (answer.status_code, answer.json()["message"]) == (
            403,
            "The member's rights are suspended for breach until 31 Oct 2030; its seats cannot vote.",
        )
        assert (state(), Vote.objects.count()) == before
    with time_machine.travel(AFTER, tick=False):  # the suspension over, the vote and its to-do are back
        assert [i[2] for i in items(rep) if i[0] == "governance.motion.vote"] == ["理事会 · 李理事"]


def test_a_suspended_member_neither_gives_nor_holds_a_proxy(agreement_world: Any) -> None:
    world = agreement_world.world
    _suspension, council = suspend_member_b(agreement_world)
    rep = world.user("legal_representative")
    with time_machine.travel(DURING, tick=False):
        meeting = meeting_convene(  # the agreement asks 45 days' notice
            by=world.user("secretariat"), body=council.body, kind="regular", title_zh="理事会第六次会议",
            starts_at=dt.datetime(2030, 7, 20, 9, 0, tzinfo=BEIJING),
            ends_at=dt.datetime(2030, 7, 20, 12, 0, tzinfo=BEIJING),
        )  # fmt: skip
        before = (state(), Proxy.objects.count())
        with pytest.raises(DomainError) as refused:
            proxy_give(by=rep, meeting=meeting, seat=council.member, holder=world.user("member_contact"))
        assert refused.value.fields == {
            "seat": ["The member's rights are suspended for breach until 31 Oct 2030; its seats cannot vote."]
        }
        with pytest.raises(DomainError) as refused:
            proxy_give(by=world.user("expert"), meeting=meeting, seat=council.expert, holder=rep)
        assert refused.value.fields == {
            "holder": ["The holder represents a member whose rights are suspended: it cannot hold a proxy."]
        }
        assert (state(), Proxy.objects.count()) == before
        # an eligible holder is named, and told
        proxy = proxy_give(by=world.user("expert"), meeting=meeting, seat=council.expert,
                           holder=world.user("member_contact"))  # fmt: skip
        assert (proxy.seat_id, proxy.holder.username) == (council.expert.pk, "member_contact")
        told = Notification.objects.filter(kind="governance.meeting.proxy")
        assert [n.recipient.username for n in told] == ["member_contact"]
