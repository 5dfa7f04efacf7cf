"""Membership pages: admit, end (with a confirmation step), change rank; denials change nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from itisa.audit.models import AuditEntry
from itisa.membership.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def client_for(world: Any, persona: str) -> Client:
    client = Client()
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    return client


def membership_of(world: Any, org: Any) -> Membership:
    return Membership.objects.get(alliance=world.csa, organisation=org, left_on__isnull=True)


def test_alliance_page_shows_add_form_to_secretariat(world: Any) -> None:
    html = client_for(world, "secretariat").get("/alliances/CSA/").content.decode()
    assert 'id="member-add-form"' in html
    assert html.count('data-testid="member-end"') == 2


def test_secretariat_admits_member_by_credit_code(world: Any) -> None:
    org = OrganisationFactory(name_zh="丙研究院", kind="research_institute", ownership="")
    response = client_for(world, "secretariat").post(
        "/alliances/CSA/members/add/",
        {"organisation": org.uscc, "rank": "vice_chair", "joined_on": "2020-03-01"},
    )
    assert response.status_code == 302
    m = Membership.objects.get(alliance=world.csa, organisation=org)
    assert (m.rank, m.joined_on) == ("vice_chair", dt.date(2020, 3, 1))
    assert AuditEntry.objects.filter(action="membership.membership.added", object_id=str(m.pk)).count() == 1


def test_admit_by_exact_chinese_name(world: Any) -> None:
    org = OrganisationFactory(name_zh="丁科技有限公司")
    client_for(world, "secretariat").post(
        "/alliances/CSA/members/add/",
        {"organisation": "丁科技有限公司", "rank": "ordinary", "joined_on": "2021-01-01"},
    )
    assert Membership.objects.filter(alliance=world.csa, organisation=org, left_on__isnull=True).count() == 1


def test_admit_errors_shown_next_to_fields(world: Any) -> None:
    client = client_for(world, "secretariat")
    unknown = client.post(
        "/alliances/CSA/members/add/",
        {"organisation": "不存在的单位", "rank": "ordinary", "joined_on": "2021-01-01"},
    )
    assert 'id="id_organisation-errors"' in unknown.content.decode()
    duplicate = client.post(
        "/alliances/CSA/members/add/",
        {"organisation": world.member_a.uscc, "rank": "ordinary", "joined_on": "2021-01-01"},
    )
    html = duplicate.content.decode()
    assert "已是在册成员。" in html
    early = client.post(
        "/alliances/CSA/members/add/",
        {"organisation": world.sd_org.uscc, "rank": "ordinary", "joined_on": "2000-01-01"},
    )
    assert "不早于 2004年10月1日。" in early.content.decode()
    assert Membership.objects.filter(alliance=world.csa).count() == 2


def test_admit_denied_for_council_member(world: Any) -> None:
    before = (Membership.objects.count(), AuditEntry.objects.count())
    response = client_for(world, "council_member").post(
        "/alliances/CSA/members/add/",
        {"organisation": world.sd_org.uscc, "rank": "ordinary", "joined_on": "2021-01-01"},
    )
    assert response.status_code == 403
    assert (Membership.objects.count(), AuditEntry.objects.count()) == before


def test_end_membership_needs_confirmation(world: Any) -> None:
    m = membership_of(world, world.member_b)
    url = f"/alliances/CSA/members/{m.pk}/end/"
    client = client_for(world, "secretariat")
    assert client.get(url).status_code == 200
    first = client.post(url, {"left_on": "2024-06-30", "left_reason": "主动退出"})
    assert 'data-testid="member-end-confirmation"' in first.content.decode()
    m.refresh_from_db()
    assert m.left_on is None
    second = client.post(url, {"left_on": "2024-06-30", "left_reason": "主动退出", "confirmed": "1"})
    assert second.status_code == 302
    m.refresh_from_db()
    assert (m.left_on, m.left_reason) == (dt.date(2024, 6, 30), "主动退出")


def test_end_before_joining_is_refused_with_field_error(world: Any) -> None:
    m = membership_of(world, world.member_b)
    html = (
        client_for(world, "secretariat")
        .post(
            f"/alliances/CSA/members/{m.pk}/end/",
            {"left_on": "2001-01-01", "left_reason": "x", "confirmed": "1"},
        )
        .content.decode()
    )
    assert 'id="id_left_on-errors"' in html
    assert "不早于 2005年1月1日。" in html
    m.refresh_from_db()
    assert m.left_on is None


def test_end_denied_for_expert(world: Any) -> None:
    m = membership_of(world, world.member_b)
    before = AuditEntry.objects.count()
    response = client_for(world, "expert").post(
        f"/alliances/CSA/members/{m.pk}/end/", {"left_on": "2024-06-30", "left_reason": "x", "confirmed": "1"}
    )
    assert response.status_code == 403
    m.refresh_from_db()
    assert m.left_on is None
    assert AuditEntry.objects.count() == before


def test_change_rank(world: Any) -> None:
    m = membership_of(world, world.member_b)
    client = client_for(world, "national_officer")
    page = client.get(f"/alliances/CSA/members/{m.pk}/rank/").content.decode()
    assert '<option value="council" selected>' in page
    assert client.post(f"/alliances/CSA/members/{m.pk}/rank/", {"rank": "vice_chair"}).status_code == 302
    m.refresh_from_db()
    assert m.rank == "vice_chair"


def test_change_rank_denied_and_unknown_membership_404(world: Any) -> None:
    m = membership_of(world, world.member_b)
    assert (
        client_for(world, "member_contact")
        .post(f"/alliances/CSA/members/{m.pk}/rank/", {"rank": "chair"})
        .status_code
        == 403
    )
    m.refresh_from_db()
    assert m.rank == "council"
    sdc_membership = Membership.objects.get(alliance=world.sdc)
    # a membership of another alliance is not found under CSA
    assert (
        client_for(world, "national_officer")
        .get(f"/alliances/CSA/members/{sdc_membership.pk}/rank/")
        .status_code
        == 404
    )


def test_members_are_listed_fifty_a_page_and_searchable(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    extra = [MembershipFactory(alliance=world.csa, rank="member") for _ in range(60)]
    client = client_for(world, "anonymous")
    with CaptureQueriesContext(connection) as first:
        html = client.get("/alliances/CSA/").content.decode()
    queries = len(first)  # now: the next request resets the connection's query log
    assert html.count('data-testid="member-row"') == 50
    assert 'data-testid="member-count">62<' in html
    assert "第 1 页，共 2 页" in html
    html = client.get("/alliances/CSA/", {"page": "2"}).content.decode()
    assert html.count('data-testid="member-row"') == 12
    # the same number of queries for 62 members as for 2
    Membership.objects.filter(pk__in=[m.pk for m in extra]).delete()
    with django_assert_max_num_queries(queries):
        assert client.get("/alliances/CSA/").content.decode().count('data-testid="member-row"') == 2
    wanted = extra[0].organisation
    MembershipFactory(alliance=world.csa, rank="member", organisation=wanted)
    html = client.get("/alliances/CSA/", {"mq": wanted.uscc}).content.decode()
    assert html.count('data-testid="member-row"') == 1
    assert f'data-uscc="{wanted.uscc}"' in html
    assert 'data-testid="member-count">3<' in html  # the count is of all active members, not the matches
    assert (
        client.get("/alliances/CSA/", {"mq": "无此单位"}).content.decode().count('data-testid="member-row"')
        == 0
    )


def test_each_members_row_links_to_its_own_actions(world: Any) -> None:
    html = client_for(world, "secretariat").get("/alliances/CSA/").content.decode()
    for org in (world.member_a, world.member_b):
        pk = membership_of(world, org).pk
        for action, testid in [
            ("rank", "member-rank"),
            ("end", "member-end"),
            ("exit", "member-exit"),
            ("expel", "member-expel"),
        ]:
            assert f'href="/alliances/CSA/members/{pk}/{action}/" data-testid="{testid}"' in html
        assert f'href="/audit/membership.membership/{pk}/"' in html
