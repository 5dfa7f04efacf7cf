"""The breach procedure through the API, the pages and the command line; who sees and does what."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from itisa.accounts.models import RoleAssignment
from itisa.core import clocks
from itisa.governance.tests.conftest import make_council
from itisa.membership.clocks import BREACH_LAPSE
from itisa.membership.models import BreachNotice
from itisa.membership.tests.breach_fixtures import BEIJING, CLAUSE, SERVED_AT, put_in_force, serve, state
from itisa.membership.tests.test_dues_api import Api
from tests.factories import UserFactory

MIDNIGHT = dt.datetime(2030, 4, 2, 0, 0, tzinfo=BEIJING)


def _other_secretariat(world: Any) -> Any:
    """The secretariat of another alliance (SDC)."""
    user = UserFactory(username="sdc_secretariat")
    RoleAssignment.objects.create(user=user, role="secretariat", alliance=world.sdc)
    return user


def test_the_api_serves_a_notice_and_the_member_reports_it_cured(agreement_world: Any) -> None:
    world = agreement_world.world
    put_in_force(agreement_world, cure_days=20)
    with time_machine.travel(SERVED_AT, tick=False):
        answer = Api(world.user("secretariat")).call(
            "post", "/alliances/CSA/breaches",
            {"organisation": world.member_b.uscc, "clause": CLAUSE, "facts": "披露技术资料。"},
        )  # fmt: skip
        assert answer.status_code == 201, answer.content
        body = answer.json()
        assert {k: body[k] for k in ("organisation", "clause", "clause_listed", "served_on", "cure_days",
                                     "cure_by", "agreement", "status")} == {
            "organisation": world.member_b.uscc, "clause": CLAUSE, "clause_listed": True,
            "served_on": "2030-03-02", "cure_days": 20, "cure_by": "2030-03-22", "agreement": "CSA/v1",
            "status": "served",
        }  # fmt: skip
        pk = body["id"]
        member = Api(world.user("member_contact"))
        listed = member.call("get", "/alliances/CSA/breaches")
        assert [(b["id"], b["status"]) for b in listed.json()["items"]] == [(pk, "served")]
        done = member.call("post", f"/alliances/CSA/breaches/{pk}/report-cure", {"text": "已整改。"})
        assert (done.status_code, done.json()["status"], done.json()["cure_report"]) == (
            200,
            "cure_reported",
            "已整改。",
        )
        again = member.call("post", f"/alliances/CSA/breaches/{pk}/report-cure", {"text": "再次报告。"})
        assert again.status_code == 409
        confirmed = Api(world.user("secretariat")).call(
            "post", f"/alliances/CSA/breaches/{pk}/confirm-cure", {"text": "现场核查。"}
        )
    assert [(h["new_status"], h["by"]) for h in confirmed.json()["history"]] == [
        ("served", "secretariat"), ("cure_reported", "member_contact"), ("cured", "secretariat"),
    ]  # fmt: skip


def test_the_api_refuses_a_remedy_the_clause_does_not_allow_with_409_and_writes_nothing(
    agreement_world: Any,
) -> None:
    world = agreement_world.world
    put_in_force(agreement_world, expulsion=False)
    council = make_council(world)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(world)
    with time_machine.travel(MIDNIGHT, tick=False):
        before = state()
        answer = Api(world.user("secretariat")).call(
            "post", f"/alliances/CSA/breaches/{notice.pk}/refer",
            {"body_id": council.body.pk, "deadline": "2030-04-09T09:00:00+08:00", "remedies": ["expulsion"]},
        )  # fmt: skip
        # reading the notice lapsed it first (one history row, audit entries, notifications)
        assert BreachNotice.objects.get().status == "lapsed"
        lapsed = state()
        assert (answer.status_code, answer.json()["code"]) == (409, "conflict")
        assert "breach.expulsion" in answer.json()["message"]
        assert answer.json()["fields"] == {"remedies": ["Not allowed by the agreement: Expulsion."]}
        again = Api(world.user("secretariat")).call(
            "post", f"/alliances/CSA/breaches/{notice.pk}/refer",
            {"body_id": council.body.pk, "deadline": "2030-04-09T09:00:00+08:00", "remedies": ["expulsion"]},
        )  # fmt: skip
        assert again.status_code == 409
        assert state() == lapsed
    assert before[1] + 1 == lapsed[1]


@pytest.mark.parametrize("remedies", [["suspension"], "suspension", [1]])
def test_the_api_refuses_a_malformed_referral_with_422(agreement_world: Any, remedies: Any) -> None:
    world = agreement_world.world
    put_in_force(agreement_world)
    council = make_council(world)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(world)
    with time_machine.travel(MIDNIGHT, tick=False):
        clocks.run_due(codes=[BREACH_LAPSE])
        before = state()
        answer = Api(world.user("secretariat")).call(
            "post", f"/alliances/CSA/breaches/{notice.pk}/refer",
            {"body_id": council.body.pk, "deadline": "2030-04-09T09:00:00+08:00", "remedies": remedies},
        )  # fmt: skip
    assert answer.status_code == 422  # a suspension without its dates; a string or a number for the list
    assert state() == before


def test_another_alliances_secretariat_gets_404_and_changes_nothing(agreement_world: Any) -> None:
    world = agreement_world.world
    put_in_force(agreement_world)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(world)
        other = Api(_other_secretariat(world))
        before = state()
        assert other.call("get", f"/alliances/CSA/breaches/{notice.pk}").status_code == 404
        assert other.call("get", f"/alliances/SDC/breaches/{notice.pk}").status_code == 404
        assert (
            other.call("post", f"/alliances/SDC/breaches/{notice.pk}/withdraw", {"text": "x"}).status_code
            == 404
        )
        assert (
            other.call("post", f"/alliances/CSA/breaches/{notice.pk}/withdraw", {"text": "x"}).status_code
            == 404
        )
        assert other.call("get", "/alliances/CSA/breaches").status_code == 403
        served = other.call(
            "post",
            "/alliances/CSA/breaches",
            {"organisation": world.member_a.uscc, "clause": CLAUSE, "facts": "x"},
        )
        assert served.status_code == 403
        assert state() == before


@pytest.mark.parametrize(
    ("persona", "listed", "detail"),
    [
        ("secretariat", 200, 200),
        ("national_officer", 200, 200),
        ("member_contact", 200, 200),
        ("legal_representative", 200, 200),
        ("council_member", 403, 404),
        ("fund_supervisor", 403, 404),
        ("outsider", 403, 404),
    ],
)
def test_who_sees_the_notices_of_breach(agreement_world: Any, persona: str, listed: int, detail: int) -> None:
    world = agreement_world.world
    put_in_force(agreement_world)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(world)
        c = Client()
        c.force_login(world.user(persona))
        assert c.get("/en/alliances/CSA/breaches/").status_code == listed
        assert c.get(f"/en/alliances/CSA/breaches/{notice.pk}/").status_code == detail


def test_a_member_contact_sees_only_its_own_organisations_notices(agreement_world: Any) -> None:
    from itisa.membership.services import BreachInput, breach_serve
    from itisa.membership.tests.breach_fixtures import member_b

    world = agreement_world.world
    put_in_force(agreement_world)
    with time_machine.travel(SERVED_AT, tick=False):
        mine = serve(world)
        membership_a = member_b(world).__class__.objects.get(alliance=world.csa, organisation=world.member_a)
        theirs = breach_serve(by=world.user("secretariat"), membership=membership_a,
                              data=BreachInput(clause=CLAUSE, facts="事实"))  # fmt: skip
        member = Api(world.user("member_contact"))
        assert [b["id"] for b in member.call("get", "/alliances/CSA/breaches").json()["items"]] == [mine.pk]
        assert member.call("get", f"/alliances/CSA/breaches/{theirs.pk}").status_code == 404
        keeper = Api(world.user("secretariat"))
        assert [b["id"] for b in keeper.call("get", "/alliances/CSA/breaches").json()["items"]] == [
            theirs.pk,
            mine.pk,
        ]


def test_the_pages_serve_with_confirmation_and_show_the_timeline(
    agreement_world: Any, django_assert_max_num_queries: Any
) -> None:
    world = agreement_world.world
    put_in_force(agreement_world)
    c = Client()
    with time_machine.travel(SERVED_AT, tick=False):
        c.force_login(world.user("secretariat"))
        membership = world.member_b.memberships.get(alliance=world.csa)
        form = {"membership": membership.pk, "clause": CLAUSE, "facts": "披露技术资料。"}
        page = c.get("/en/alliances/CSA/breaches/serve/").content.decode()
        assert "the member has 30 days to cure the breach" in page
        assert f'<option value="{CLAUSE}">' in page
        first = c.post("/en/alliances/CSA/breaches/serve/", form)
        assert (first.status_code, 'data-testid="confirmation"' in first.content.decode()) == (200, True)
        assert BreachNotice.objects.count() == 0
        done = c.post("/en/alliances/CSA/breaches/serve/", {**form, "confirmed": "1"})
        notice = BreachNotice.objects.get()
        assert done["Location"] == f"/en/alliances/CSA/breaches/{notice.pk}/"
        with django_assert_max_num_queries(30):
            page = c.get(f"/en/alliances/CSA/breaches/{notice.pk}/").content.decode()
        assert 'data-testid="cure-by"><span class="text-nowrap">1 Apr 2030</span><' in page
        assert 'data-testid="withdraw"' in page and 'data-testid="refer"' not in page
    for day in range(3):  # more notices do not make more queries
        with time_machine.travel(SERVED_AT + dt.timedelta(days=day), tick=False):
            serve(world)
    with time_machine.travel(MIDNIGHT, tick=False):
        clocks.run_due(codes=[BREACH_LAPSE])
        c.force_login(world.user("secretariat"))
        with django_assert_max_num_queries(20):
            page = c.get("/en/alliances/CSA/breaches/?status=lapsed").content.decode()
        assert page.count('data-testid="breach-row"') == 2  # cure by 1 April: the first two served
        detail = c.get(f"/en/alliances/CSA/breaches/{notice.pk}/").content.decode()
        assert 'data-testid="refer"' in detail and 'data-testid="overdue"' in detail
        assert "Served: cure period running → Cure period lapsed · system" in detail


def test_the_member_reports_the_cure_on_its_page(agreement_world: Any) -> None:
    world = agreement_world.world
    put_in_force(agreement_world)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(world)
        c = Client()
        c.force_login(world.user("legal_representative"))
        page = c.get(f"/alliances/CSA/breaches/{notice.pk}/").content.decode()
        assert 'data-testid="report-form"' in page and 'data-testid="confirm-form"' not in page
        c.post(f"/alliances/CSA/breaches/{notice.pk}/report/", {"report-text": "已整改。"})
    notice.refresh_from_db()
    assert (notice.status, notice.cure_report) == ("cure_reported", "已整改。")


def test_the_command_lists_and_lapses_the_notices(agreement_world: Any) -> None:
    world = agreement_world.world
    put_in_force(agreement_world)
    with time_machine.travel(SERVED_AT, tick=False):
        notice = serve(world)
    with time_machine.travel(MIDNIGHT, tick=False):
        out = StringIO()
        call_command("breach", "list", "CSA", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows == [{
        "id": notice.pk, "organisation": world.member_b.uscc, "name_zh": "乙大学", "clause": CLAUSE,
        "served_on": "2030-03-02", "cure_days": 30, "cure_by": "2030-04-01", "agreement": "CSA/v1",
        "status": "lapsed",
    }]  # fmt: skip
