"""Partner search: only members of public alliances, their public alliances only; search, filters,
Excel, API and query counts (issue 22, item 4)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from itisa.diffusion.services import ListingInput, listing_publish, listing_save
from itisa.registry.models import Alliance, Organisation
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def usccs(response: Any) -> list[str]:
    return [row["uscc"] for row in response.json()["items"]]


def rows(client: Client, **params: str) -> list[str]:
    response = client.get("/partners/", params)
    assert response.status_code == 200
    return [o.uscc for o in response.context["page"].object_list]


def test_members_of_a_forming_alliance_are_not_revealed(world: Any, client: Client) -> None:
    sdc = Alliance.objects.get(code="SDC")
    MembershipFactory(alliance=sdc, organisation=world.member_b)  # also a founder of the forming one
    # 乙 (U+4E59) sorts before 甲 (U+7532); 鲁煤集团, a member of the forming SDC only, is nowhere
    assert rows(client) == [world.member_b.uscc, world.member_a.uscc]
    assert rows(client, q="鲁煤") == []
    response = client.get("/partners/")
    assert b"SDC" not in response.content and "山东煤化工".encode() not in response.content
    page = response.context["page"].object_list
    assert [[m.alliance.code for m in o.public_memberships] for o in page] == [["CSA"], ["CSA"]]
    body = client.get("/api/partners").json()
    assert [row["alliances"] for row in body["items"]] == [["CSA"], ["CSA"]]


def test_a_former_member_is_not_found(world: Any, client: Client) -> None:
    left = OrganisationFactory(name_zh="丙研究院")
    MembershipFactory(
        alliance=Alliance.objects.get(code="CSA"), organisation=left, left_on=dt.date(2020, 1, 1)
    )
    assert rows(client, q="丙") == []


def test_search_by_a_chinese_or_an_english_name_fragment(world: Any, client: Client) -> None:
    Organisation.objects.filter(pk=world.member_a.pk).update(name_en="Jia Lighting Co., Ltd.")
    assert rows(client, q="甲公") == [world.member_a.uscc]
    assert rows(client, q="lighting") == [world.member_a.uscc]
    assert rows(client, q="大学") == [world.member_b.uscc]
    assert rows(client, q="无此单位") == []


def test_filters_by_industry_province_and_kind(world: Any, client: Client) -> None:
    assert rows(client, kind="university") == [world.member_b.uscc]
    assert rows(client, province="44") == [world.member_a.uscc]
    assert rows(client, industry="C") == [world.member_b.uscc, world.member_a.uscc]
    assert rows(client, industry="B") == []  # 鲁煤集团 is in industry B, but only in the forming alliance
    assert rows(client, kind="university", province="44") == []
    assert rows(client, kind="no-such-kind") == [world.member_b.uscc, world.member_a.uscc]  # dropped


def test_english_pages_show_english_names(world: Any, client: Client) -> None:
    Organisation.objects.filter(pk=world.member_a.pk).update(name_en="Jia Lighting Co., Ltd.")
    response = client.get("/en/partners/", {"province": "44"})
    text = response.content.decode()
    assert "Partner search" in text
    assert (
        '<a href="/en/organisations/914403001922038216/" data-testid="partner-name">Jia Lighting Co., Ltd.</a>'
        in text
    )
    assert '<a href="/en/alliances/CSA/">China Solid State Lighting Alliance</a>' in text
    zh = client.get("/partners/", {"province": "44"}).content.decode()
    assert '<a href="/organisations/914403001922038216/" data-testid="partner-name">甲公司</a>' in zh
    assert "伙伴检索" in zh


def test_excel_of_the_filtered_list(world: Any, client: Client) -> None:
    response = client.get("/en/partners/export.xlsx", {"kind": "university"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="partners.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["Unified social credit code", "Name (Chinese)", "Name (English)", "Kind", "Province", "Industry",
         "Alliances", "Catalogue entries"],
        ["12100000400000624D", "乙大学", world.member_b.name_en, "University", "Beijing", "Manufacturing",
         "CSA", 0],
    ]  # fmt: skip


def test_api_is_public_with_the_same_filters(world: Any, client: Client) -> None:
    response = client.get("/api/partners", {"province": "44"})
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "uscc": "914403001922038216",
                "name_zh": "甲公司",
                "name_en": world.member_a.name_en,
                "kind": "enterprise",
                "province": "44",
                "industry": "C",
                "alliances": ["CSA"],
                "catalogue_entries": 0,
            }
        ],
        "next_cursor": None,
    }
    assert usccs(client.get("/api/partners", {"q": "大学"})) == [world.member_b.uscc]
    assert usccs(client.get("/api/partners", {"q": "鲁煤"})) == []
    assert client.get("/api/partners", {"limit": "0"}).status_code == 422


def test_published_catalogue_entries_are_counted_for_their_owners(dw: Any, client: Client) -> None:
    s = dw.user("secretariat")
    listing = listing_save(by=s, result=dw.result, data=ListingInput(abstract_zh="储能散热结构"))
    assert {r["uscc"]: r["catalogue_entries"] for r in client.get("/api/partners").json()["items"]} == {
        dw.world.member_a.uscc: 0,
        dw.world.member_b.uscc: 0,
    }  # a draft is not public
    listing_publish(by=s, listing=listing)
    owners = set(dw.result.ownership.owners.values_list("organisation__uscc", flat=True))
    counts = {r["uscc"]: r["catalogue_entries"] for r in client.get("/api/partners").json()["items"]}
    assert counts == {u: (1 if u in owners else 0) for u in counts}
    assert sum(counts.values()) == len(owners) >= 1


@pytest.mark.parametrize("extra", [0, 29])
def test_query_count_does_not_grow_with_rows(
    world: Any, client: Client, django_assert_max_num_queries: Any, extra: int
) -> None:
    csa = Alliance.objects.get(code="CSA")
    for _ in range(extra):
        MembershipFactory(alliance=csa, organisation=OrganisationFactory(kind="university", ownership=""))
    with django_assert_max_num_queries(3):  # count, rows, memberships
        response = client.get("/partners/", {"kind": "university"})
    assert response.context["total"] == 1 + extra
    assert len(response.context["page"].object_list) == min(25, 1 + extra)
    with django_assert_max_num_queries(2):  # rows, memberships
        assert len(usccs(client.get("/api/partners", {"kind": "university", "limit": "50"}))) == 1 + extra
