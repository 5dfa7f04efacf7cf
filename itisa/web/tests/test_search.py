"""The global search: each group through its app's scoping (the public never finds a forming alliance, its
members, a non-public result or a person), a fixed number of queries, and a hint for a too-short query."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from itisa.results.models import Result

pytestmark = pytest.mark.django_db


def _search(world: Any, persona: str, q: str) -> Any:
    client = Client()
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response.context["found"]


@pytest.fixture
def results(world: Any) -> tuple[Result, Result]:
    shown = Result.objects.create(alliance=world.csa, code="R0001", kind="invention", title_zh="氮化镓外延方法",
                                  status="filed", number="202310123456.7", public=True)  # fmt: skip
    hidden = Result.objects.create(alliance=world.csa, code="R0002", kind="invention", title_zh="氮化镓封装工艺",
                                   status="filed", public=False)  # fmt: skip
    return shown, hidden


def test_the_public_finds_only_what_public_pages_show(world: Any, results: Any) -> None:
    found = _search(world, "anonymous", "联盟")
    assert [a.code for a in found.alliances] == ["CSA"]  # SDC is forming
    assert [r.code for r in _search(world, "anonymous", "氮化镓").results] == ["R0001"]
    assert [o.uscc for o in _search(world, "anonymous", world.sd_org.name_zh).organisations] == []
    assert [o.uscc for o in _search(world, "anonymous", world.member_a.name_zh).organisations] == [
        world.member_a.uscc
    ]
    assert _search(world, "anonymous", world.user("secretariat").username).people == []


def test_the_alliances_people_see_its_results_and_the_national_office_everything(
    world: Any, results: Any
) -> None:
    assert [r.code for r in _search(world, "council_member", "氮化镓").results] == ["R0002", "R0001"]
    assert [r.code for r in _search(world, "provincial_officer", "氮化镓").results] == ["R0001"]
    national = _search(world, "national_officer", "联盟")
    assert [a.code for a in national.alliances] == ["CSA", "SDC"]
    assert [r.code for r in _search(world, "national_officer", "氮化镓").results] == ["R0002", "R0001"]


def test_people_are_found_by_the_national_office_and_a_secretariat_within_its_alliance(world: Any) -> None:
    contact = world.user("member_contact")
    contact.display_name = "赵联络"
    contact.save(update_fields=["display_name"])
    people = _search(world, "national_officer", "赵联络").people
    assert [(u.username, [(ra.role, ra.alliance.code) for ra in roles]) for u, roles in people] == [
        (contact.username, [("member_contact", "CSA")])
    ]
    assert [u.username for u, _roles in _search(world, "secretariat", "赵联络").people] == [contact.username]
    for persona in ("council_member", "member_contact", "provincial_officer", "outsider"):
        assert _search(world, persona, "赵联络").people == []
    officer = world.user("provincial_officer")
    assert _search(world, "secretariat", officer.username).people == []  # holds no role in CSA


def test_a_short_query_finds_nothing_and_says_why(world: Any) -> None:
    response = Client().get("/en/search/", {"q": " C "})
    assert response.context["found"].total == 0
    assert 'data-testid="search-hint"' in response.content.decode()
    assert "Type at least 2 characters" in response.content.decode()


def test_the_page_costs_a_fixed_number_of_queries(
    world: Any, results: Any, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(world.user("national_officer"))
    for n in range(3, 15):
        Result.objects.create(alliance=world.csa, code=f"R{n:04}", kind="invention", title_zh=f"氮化镓{n}",
                              status="filed", public=True)  # fmt: skip
    with django_assert_max_num_queries(14):
        page = client.get("/search/", {"q": "氮化镓"})
    assert len(page.context["found"].results) == 10
    assert page.content.decode().count('href="/results/') == 10


def test_every_page_has_the_search_box(world: Any) -> None:
    page = Client().get("/partners/").content.decode()
    assert 'action="/search/"' in page and 'data-testid="global-search"' in page
