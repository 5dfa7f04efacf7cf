"""The promotion pages and API: who opens what (persona matrix, with officers out of scope), nothing
written on a refusal, the confirmation before a withdrawal or a deletion, the endorsements on the alliance
and proposal pages, the scope page's fixed number of queries, Chinese by default and English under /en/."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PERSONAS
from itisa.founding import services as founding
from itisa.founding.tests.conftest import propose
from itisa.promotion import services
from itisa.promotion.models import Endorsement
from itisa.promotion.services import EndorsementInput
from itisa.promotion.tests.conftest import counts, problem_input, published
from itisa.registry.services import alliance_change_status
from tests.factories import AllianceFactory, UserFactory

ALL = ["province_44", "association_c", *PERSONAS]
PROMOTERS = {"provincial_officer", "association_officer", "province_44", "association_c"}
SEES_SDC = {"provincial_officer", "association_officer", "national_officer"}


def _login(client: Any, world: Any, outsiders: Any, persona: str) -> Any:
    user = outsiders.get(persona) or world.user(persona)
    if user is not None:
        client.force_login(user)
    return user


def _expected(persona: str, *, allowed: set[str], hidden: Any = frozenset()) -> int:
    """200 for those allowed, 404 for those who may not see the object (anonymous visitors included),
    the login page for other anonymous visitors, 403 with the reason for everyone else."""
    if persona in allowed:
        return 200
    if persona in hidden:
        return 404
    return 302 if persona == "anonymous" else 403


@pytest.mark.parametrize("persona", ALL)
def test_page_matrix(world: Any, outsiders: Any, client: Any, persona: str) -> None:
    province = world.user("provincial_officer")
    open_problem, draft = published(province), services.problem_create(by=province, data=problem_input())
    endorsement = services.endorsement_record(
        by=province, subject=world.sdc, data=EndorsementInput(statement="好")
    )
    _login(client, world, outsiders, persona)
    others = set(ALL)
    expected = {
        "/problems/": 200,
        "/problems/export.xlsx": 200,
        f"/problems/{open_problem.pk}/": 200,
        f"/problems/{draft.pk}/": 200 if persona == "provincial_officer" else 404,
        "/problems/new/": _expected(persona, allowed=PROMOTERS),
        f"/problems/{draft.pk}/edit/": _expected(persona, allowed={"provincial_officer"}, hidden=others),
        f"/problems/{draft.pk}/delete/": _expected(persona, allowed={"provincial_officer"}, hidden=others),
        f"/problems/{open_problem.pk}/close/": _expected(persona, allowed={"provincial_officer"}),
        "/promotion/forming/": _expected(persona, allowed=PROMOTERS),
        "/promotion/alliances/SDC/endorse/": _expected(
            persona, allowed={"provincial_officer", "association_officer"}, hidden=others - SEES_SDC),
        f"/promotion/endorsements/{endorsement.pk}/withdraw/": _expected(
            persona, allowed={"provincial_officer"}, hidden=others - {"provincial_officer"}),
    }  # fmt: skip
    assert {url: client.get(url).status_code for url in expected} == expected


def test_the_scope_page_refuses_with_the_reason(world: Any, client: Any) -> None:
    client.force_login(world.user("national_officer"))
    response = client.get("/en/promotion/forming/")
    assert response.status_code == 403
    assert "Only provincial officers (Art. 12 of 国科发政〔2008〕770号)" in response.content.decode()


@pytest.mark.parametrize("persona", ["province_44", "association_c", "national_officer", "outsider"])
def test_an_officer_out_of_scope_posts_an_endorsement_and_nothing_is_written(
    world: Any, outsiders: Any, client: Any, persona: str
) -> None:
    _login(client, world, outsiders, persona)
    before = counts()
    response = client.post("/api/promotion/endorsements", {"alliance": "SDC", "statement": "推荐"},
                           content_type="application/json")  # fmt: skip
    assert (response.status_code, counts()) == (
        {"outsider": 404, "province_44": 404, "association_c": 404}.get(persona, 403),
        before,
    )


def test_scope_page_lists_forming_alliances_and_submitted_proposals_with_endorsements(
    world: Any, client: Any
) -> None:
    proposer = UserFactory(username="proposer")
    submitted = founding.proposal_submit(by=proposer, proposal=propose(world, proposer, regional=True))
    founding.proposal_submit(
        by=proposer, proposal=propose(world, proposer, code="NEV2")
    )  # national, C: not B
    province = world.user("provincial_officer")
    services.endorsement_record(by=province, subject=world.sdc, data=EndorsementInput(statement="好"))
    client.force_login(world.user("association_officer"))
    response = client.get("/promotion/forming/")
    assert [(a.code, [e.body.key for e in es], may) for a, es, may in response.context["alliances"]] == [
        ("SDC", ["province:37"], True)]  # fmt: skip
    assert [(p.pk, es, may) for p, es, may in response.context["proposals"]] == [(submitted.pk, [], True)]
    html = response.content.decode()
    assert "组建中的联盟" in html and "采矿业（行业协会）" in html


@pytest.mark.parametrize("extra", [0, 6])
def test_scope_page_query_count_does_not_grow_with_rows(
    world: Any, client: Any, django_assert_max_num_queries: Any, extra: int
) -> None:
    association = world.user("association_officer")
    for _ in range(extra):
        a = AllianceFactory(industry="B", status="forming")
        services.endorsement_record(by=association, subject=a, data=EndorsementInput(statement="好"))
    client.force_login(association)
    # session, user, roles, alliances, proposals, active endorsements, the bodies' endorsements
    with django_assert_max_num_queries(8):
        response = client.get("/promotion/forming/")
    assert len(response.context["alliances"]) == 1 + extra
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/promotion/forming").json()["alliances"]) == 1 + extra


def test_withdrawal_is_confirmed_first(world: Any, client: Any) -> None:
    province = world.user("provincial_officer")
    e = services.endorsement_record(by=province, subject=world.sdc, data=EndorsementInput(statement="好"))
    client.force_login(province)
    url = f"/promotion/endorsements/{e.pk}/withdraw/"
    before = counts()
    response = client.post(url, {"reason": "方案调整"})
    assert (response.status_code, response.context["confirming"], counts()) == (200, True, before)
    response = client.post(url, {"reason": "方案调整", "confirmed": "1"}, follow=True)
    e.refresh_from_db()
    assert (e.status, e.withdraw_reason) == ("withdrawn", "方案调整")
    assert [str(m) for m in response.context["messages"]] == ["推荐已撤回，已通知相关方。"]


def test_a_draft_is_deleted_after_confirmation_only(world: Any, client: Any) -> None:
    province = world.user("provincial_officer")
    draft = services.problem_create(by=province, data=problem_input())
    client.force_login(province)
    before = counts()
    assert client.post(f"/problems/{draft.pk}/delete/", {}).context["confirming"] is True
    assert counts() == before
    assert client.post(f"/problems/{draft.pk}/delete/", {"confirmed": "1"}).status_code == 302
    assert counts()["problems"] == before["problems"] - 1


def test_endorsing_through_the_page(world: Any, client: Any) -> None:
    association = world.user("association_officer")
    problem = published(association, industry="B")
    client.force_login(association)
    form = client.get("/en/promotion/alliances/SDC/endorse/").context["form"]
    assert list(form.fields["body"].choices) == [("association:B", "Mining (industry association)")]
    response = client.post("/en/promotion/alliances/SDC/endorse/",
                           {"body": "association:B", "statement": "行业共性技术", "problem": str(problem.pk)})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/en/alliances/SDC/"
    e = Endorsement.objects.get()
    assert (e.alliance, e.body.key, e.statement, e.problem) == (
        world.sdc,
        "association:B",
        "行业共性技术",
        problem,
    )


def test_the_alliance_page_shows_endorsements_to_those_who_see_it_and_publicly_once_established(
    world: Any, client: Any
) -> None:
    services.endorsement_record(by=world.user("provincial_officer"), subject=world.sdc,
                                data=EndorsementInput(statement="支柱产业急需"))  # fmt: skip
    assert client.get("/alliances/SDC/").status_code == 404
    client.force_login(world.user("association_officer"))
    html = client.get("/alliances/SDC/").content.decode()
    assert "支柱产业急需" in html and 'data-testid="endorse-link"' in html
    client.logout()
    alliance_change_status(by=world.user("national_officer"), alliance=world.sdc, new_status="established")
    html = client.get("/en/alliances/SDC/").content.decode()
    assert "支柱产业急需" in html and "Shandong (provincial department)" in html
    assert 'data-testid="endorse-link"' not in html


def test_the_proposer_sees_the_endorsement_on_the_proposal_page(world: Any, client: Any) -> None:
    proposer = UserFactory(username="proposer")
    submitted = founding.proposal_submit(by=proposer, proposal=propose(world, proposer, regional=True))
    services.endorsement_record(by=world.user("provincial_officer"), subject=submitted,
                                data=EndorsementInput(statement="支柱产业急需"))  # fmt: skip
    client.force_login(proposer)
    assert "支柱产业急需" in client.get(f"/founding/{submitted.pk}/").content.decode()
    assert client.get(f"/promotion/proposals/{submitted.pk}/").status_code == 200
    client.force_login(world.user("association_officer"))  # promotes B: sees it once submitted
    assert client.get(f"/promotion/proposals/{submitted.pk}/").status_code == 200
    client.force_login(world.user("outsider"))
    assert client.get(f"/promotion/proposals/{submitted.pk}/").status_code == 404


def test_problem_list_search_filters_and_languages(world: Any, client: Any) -> None:
    published(world.user("provincial_officer"))
    published(
        world.user("association_officer"), title_zh="煤层气抽采", title_en="Coal-bed methane", keywords="瓦斯"
    )
    services.problem_create(by=world.user("association_officer"), data=problem_input(title_zh="草稿"))
    page = client.get("/problems/", {"q": "瓦斯"})
    assert [p.title_zh for p in page.context["page"].object_list] == ["煤层气抽采"]
    assert [p.title_zh for p in client.get("/problems/", {"body_kind": "province"}).context["page"].object_list] == [
        "煤矿智能开采关键技术"]  # fmt: skip
    assert client.get("/problems/").context["total"] == 2
    assert "关键技术问题" in client.get("/problems/").content.decode()
    assert "Coal-bed methane" in client.get("/en/problems/").content.decode()


def test_api_problems_public_read_and_officer_writes(world: Any, client: Any) -> None:
    published(world.user("association_officer"), title_zh="煤层气抽采")
    listed = client.get("/api/promotion/problems").json()
    assert [(p["title_zh"], p["body"], p["keywords"]) for p in listed["items"]] == [
        ("煤层气抽采", "association:B", ["智能开采", "液压支架"])]  # fmt: skip
    client.force_login(world.user("provincial_officer"))
    response = client.post("/api/promotion/problems", {"title_zh": "高端轴承", "description": "寿命与可靠性",
                                                       "industry": "C"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 201
    doc = response.json()
    assert {k: doc[k] for k in ("body", "title_zh", "industry", "province", "keywords", "status")} == {
        "body": "province:37", "title_zh": "高端轴承", "industry": "C", "province": "37", "keywords": [],
        "status": "draft"}  # fmt: skip
    assert client.post(f"/api/promotion/problems/{doc['id']}/publish").json()["status"] == "open"
    client.logout()
    assert client.get(f"/api/promotion/problems/{doc['id']}").json()["title_zh"] == "高端轴承"
    assert [p["title_zh"] for p in client.get("/api/promotion/problems").json()["items"]] == [
        "高端轴承",
        "煤层气抽采",
    ]
    client.force_login(world.user("outsider"))
    before = counts()
    assert client.post("/api/promotion/problems", {"title_zh": "x", "description": "y"},
                       content_type="application/json").status_code == 403  # fmt: skip
    assert (
        client.post(
            f"/api/promotion/problems/{doc['id']}/close", {}, content_type="application/json"
        ).status_code
        == 403
    )
    assert counts() == before


def test_api_endorse_duplicate_and_withdraw(world: Any, client: Any) -> None:
    client.force_login(world.user("provincial_officer"))
    body = {"alliance": "SDC", "statement": "推荐"}
    first = client.post("/api/promotion/endorsements", body, content_type="application/json")
    assert first.status_code == 201
    assert {k: first.json()[k] for k in ("alliance", "proposal", "body", "status")} == {
        "alliance": "SDC", "proposal": None, "body": "province:37", "status": "active"}  # fmt: skip
    assert (
        client.post("/api/promotion/endorsements", body, content_type="application/json").status_code == 409
    )
    withdrawn = client.post(f"/api/promotion/endorsements/{first.json()['id']}/withdraw", {"reason": "调整"},
                            content_type="application/json")  # fmt: skip
    assert (withdrawn.status_code, withdrawn.json()["status"], withdrawn.json()["withdraw_reason"]) == (
        200,
        "withdrawn",
        "调整",
    )
    client.logout()
    assert client.get("/api/alliances/SDC/endorsements").status_code == 404
    assert client.get("/api/promotion/forming").status_code == 401


@pytest.mark.parametrize("persona", ALL)
def test_the_scope_link_is_in_the_navigation_of_promoting_officers_only(
    world: Any, outsiders: Any, client: Any, persona: str
) -> None:
    _login(client, world, outsiders, persona)
    html = client.get("/en/").content.decode()
    assert ('data-testid="nav-forming"' in html, 'data-testid="nav-problems"' in html) == (
        persona in PROMOTERS,
        True,
    )
