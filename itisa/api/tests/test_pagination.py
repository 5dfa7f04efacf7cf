"""Cursor pagination: pages, stability under inserts, constant query count, bad input."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from itisa.api.pagination import encode_cursor
from tests.factories import AllianceFactory, OrganisationFactory


def _codes(body) -> list[str]:
    return [a["code"] for a in body["items"]]


def test_two_pages_then_end(world, as_persona) -> None:
    for n in range(3):
        AllianceFactory(code=f"P{n}")
    api = as_persona("national_officer")
    first = api.get("/alliances?limit=3").json()
    assert (_codes(first), first["next_cursor"]) == (
        ["CSA", "P0", "P1"],
        encode_cursor(["P1", first_pk(first)]),
    )
    second = api.get(f"/alliances?limit=3&cursor={first['next_cursor']}").json()
    assert (_codes(second), second["next_cursor"]) == (["P2", "SDC"], None)


def first_pk(body) -> int:
    from itisa.registry.models import Alliance

    return Alliance.objects.get(code=body["items"][-1]["code"]).pk


def test_cursor_is_stable_under_inserts(world, as_persona) -> None:
    for n in range(4):
        AllianceFactory(code=f"P{n}")
    api = as_persona("national_officer")
    first = api.get("/alliances?limit=2").json()
    assert _codes(first) == ["CSA", "P0"]
    AllianceFactory(code="A-NEW")  # sorts before the cursor: must not shift the next page
    AllianceFactory(code="P0A")  # sorts after the cursor: appears in its place
    second = api.get(f"/alliances?limit=2&cursor={first['next_cursor']}").json()
    assert _codes(second) == ["P0A", "P1"]


def test_default_limit_and_organisation_cursor_over_name_and_pk(world, as_persona) -> None:
    for _ in range(30):
        OrganisationFactory(name_zh="同名单位")  # equal names: the pk breaks ties
    api = as_persona("national_officer")
    seen: list[str] = []
    cursor = ""
    pages = 0
    while True:
        body = api.get(f"/organisations{'?cursor=' + cursor if cursor else ''}").json()
        pages += 1
        assert len(body["items"]) == (25 if pages == 1 else 8)
        seen += [o["uscc"] for o in body["items"]]
        if body["next_cursor"] is None:
            break
        cursor = body["next_cursor"]
    assert (pages, len(seen), len(set(seen))) == (2, 33, 33)


def test_query_count_does_not_grow_with_rows(world, as_persona, django_assert_max_num_queries) -> None:
    api = as_persona("national_officer")
    with CaptureQueriesContext(connection) as few:
        api.get("/alliances?limit=100")
    for n in range(60):
        AllianceFactory(code=f"Q{n:02d}", host_unit=world.member_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = api.get("/alliances?limit=100").json()
    assert len(body["items"]) == 62


def test_bad_cursor_and_limit(world, as_persona) -> None:
    api = as_persona("anonymous")
    bad = api.get("/alliances?cursor=%%%")
    assert (bad.status_code, bad.json()["fields"]) == (
        422,
        {"cursor": ["Use the next_cursor of a previous page."]},
    )
    wrong_shape = api.get(f"/alliances?cursor={encode_cursor(['only-one'])}")
    assert wrong_shape.status_code == 422
    assert api.get("/alliances?limit=101").json()["fields"] == {
        "limit": ["Input should be less than or equal to 100"]
    }


def test_forged_cursor_with_wrong_value_types_is_a_validation_error(world, as_persona) -> None:
    api = as_persona("anonymous")
    forged = api.get(f"/alliances?cursor={encode_cursor(['A', 'abc'])}")
    assert (forged.status_code, forged.json()["code"], forged.json()["fields"]) == (
        422,
        "validation_error",
        {"cursor": ["Use the next_cursor of a previous page."]},
    )
