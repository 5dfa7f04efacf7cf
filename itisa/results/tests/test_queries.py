"""The register page and the result page cost the same number of queries whatever the number of results,
owners, contributors, people, ownership records and access requests: grown from 2 to 12 of each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from itisa.results.models import Result
from itisa.results.rules import equal_shares
from itisa.results.services import (
    AccessRequestInput,
    InventorInput,
    OwnerChangeInput,
    ShareInput,
    access_request_submit,
    result_change_owners,
    result_publish,
)
from itisa.results.tests.conftest import register, shares
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.usefixtures("clock")

# (register page, result page) per persona
EXPECTED = {"secretariat": (8, 14), "member_contact": (8, 14), "anonymous": (4, 3)}


def _members(world: Any, n: int) -> list[Any]:
    """``n`` active members of CSA: 甲公司, 乙大学 and as many new ones as needed."""
    orgs = [world.member_a, world.member_b]
    for _ in range(n - 2):
        org = OrganisationFactory()
        MembershipFactory(alliance=world.csa, organisation=org, rank="member", joined_on=dt.date(2020, 1, 1))
        orgs.append(org)
    return orgs


def _people(n: int) -> list[InventorInput]:
    return [InventorInput(name=f"发明人{i}", share=str(s)) for i, s in enumerate(equal_shares(n))]


def _world_of(world: Any, n: int) -> Result:
    """``n`` results, each made by ``n`` members and ``n`` people (public, so the public sees them too);
    the first, made by 乙大学, passed to 甲公司 by consent, and asked for access by every member but 甲公司."""
    orgs = _members(world, n)
    s = world.user("secretariat")
    all_shares = [
        ShareInput(organisation=o.pk, share=str(v)) for o, v in zip(orgs, equal_shares(n), strict=True)
    ]
    first = register(world, number="", kind="paper", status="recorded", filed_on=None, granted_on=None,
                     title_zh="首个论文", contributions=shares((world.member_b, "100")), inventors=_people(n))  # fmt: skip
    result_change_owners(by=s, result=first, data=OwnerChangeInput(
        owners=[ShareInput(organisation=world.member_a.pk, share=Decimal(100))], basis="consent",
        document_ref="同意书", document_on=dt.date(2026, 3, 1), consenting=[world.member_a.pk, world.member_b.pk],
    ))  # fmt: skip
    for i in range(n - 1):
        register(world, number="", kind="paper", status="recorded", filed_on=None, granted_on=None,
                 title_zh=f"论文{i}", contributions=all_shares, inventors=_people(n))  # fmt: skip
    for result in Result.objects.all():
        result_publish(by=s, result=result, public=True)
    from itisa.accounts.models import RoleAssignment

    contact = world.user("member_contact")
    for org in orgs[2:]:
        RoleAssignment.objects.create(
            user=contact, role="member_contact", alliance=world.csa, organisation=org
        )
    asker = type(contact).objects.get(pk=contact.pk)  # a fresh account: its roles are read anew
    for org in [world.member_b, *orgs[2:]]:
        access_request_submit(by=asker, result=first, data=AccessRequestInput(
            organisation=org.pk, purpose="exploitation", justification="需要"))  # fmt: skip
    return first


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["secretariat", "member_contact", "anonymous"])
def test_page_queries_do_not_grow(
    world: Any, client: Any, persona: str, django_assert_max_num_queries: Any
) -> None:
    if persona != "anonymous":
        client.force_login(world.user(persona))
    seen = []
    for n in (2, 12):
        Result.objects.update(public=False)  # the previous size's results leave the public view
        first = _world_of(world, n)
        html = client.get(f"/en/results/{first.pk}/").content.decode()
        if persona != "anonymous":
            assert html.count('data-testid="access-') - html.count('data-testid="access-requests"') == n - 1
            assert html.count("发明人") == n
        seen.append(
            (_count(client, "/en/alliances/CSA/results/"), _count(client, f"/en/results/{first.pk}/"))
        )
    assert seen == [EXPECTED[persona]] * 2
    list_max, page_max = EXPECTED[persona]
    with django_assert_max_num_queries(list_max):
        client.get("/en/alliances/CSA/results/")
    with django_assert_max_num_queries(page_max):
        client.get(f"/en/results/{first.pk}/")
