"""The proposal pages and API: who sees and moves a proposal (persona matrix, nothing changed on a refusal),
the form's credit-code errors, the whole path through the pages, nothing public before acceptance, the
queue's fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PERSONAS
from itisa.founding import services
from itisa.founding.models import AllianceProposal
from itisa.founding.tests.conftest import counts, propose
from itisa.registry.models import Alliance

OTHERS = [p for p in PERSONAS[1:] if p != "national_officer"]


def _client_as(client: Any, world: Any, persona: str, proposer: Any) -> Any:
    user = proposer if persona == "proposer" else world.user(persona)
    if user is not None:
        client.force_login(user)
    return client


def _submitted(world: Any, proposer: Any, **kw: Any) -> AllianceProposal:
    p = propose(world, proposer, **kw)
    return services.proposal_submit(by=proposer, proposal=p)


VIEW = {"proposer": 200, "national_officer": 200, "anonymous": 404, **dict.fromkeys(OTHERS, 404)}
API_VIEW = {**VIEW, "anonymous": 401}


@pytest.mark.parametrize("persona", ["proposer", *PERSONAS])
def test_who_sees_a_submitted_national_proposal(world: Any, proposer: Any, client: Any, persona: str) -> None:
    p = _submitted(world, proposer)
    _client_as(client, world, persona, proposer)
    assert client.get(f"/en/founding/{p.pk}/").status_code == VIEW[persona]
    assert client.get(f"/api/proposals/{p.pk}").status_code == API_VIEW[persona]
    listed = client.get("/api/proposals")
    if persona == "anonymous":
        assert listed.status_code == 401
    else:
        assert [x["code"] for x in listed.json()] == (["NEV"] if VIEW[persona] == 200 else [])


MOVE = {"proposer": 403, "national_officer": 200, "anonymous": 401, **dict.fromkeys(OTHERS, 404)}


@pytest.mark.parametrize("persona", ["proposer", *PERSONAS])
@pytest.mark.parametrize("move", ["accept", "return"])
def test_who_accepts_or_returns_and_a_refusal_changes_nothing(
    world: Any, proposer: Any, client: Any, persona: str, move: str
) -> None:
    p = _submitted(world, proposer)
    _client_as(client, world, persona, proposer)
    before = counts()
    body = {"reason": "材料不全"} if move == "return" else {}
    response = client.post(f"/api/proposals/{p.pk}/{move}", body, content_type="application/json")
    assert response.status_code == MOVE[persona]
    p.refresh_from_db()
    if MOVE[persona] == 200:
        assert p.status == {"accept": "accepted", "return": "returned"}[move]
    else:
        assert (p.status, counts()) == ("submitted", before)


SUBMIT = {"proposer": 200, "anonymous": 401, **dict.fromkeys(PERSONAS[1:], 404)}


@pytest.mark.parametrize("persona", ["proposer", *PERSONAS])
def test_only_the_proposer_sees_and_submits_a_draft(
    world: Any, proposer: Any, client: Any, persona: str
) -> None:
    p = propose(world, proposer)
    _client_as(client, world, persona, proposer)
    before = counts()
    assert client.post(f"/api/proposals/{p.pk}/submit").status_code == SUBMIT[persona]
    p.refresh_from_db()
    if SUBMIT[persona] != 200:
        assert (p.status, counts()) == ("draft", before)


@pytest.mark.parametrize("persona", ["provincial_officer", "national_officer", "association_officer"])
def test_a_regional_proposal_is_reviewed_by_its_provincial_officer(
    world: Any, proposer: Any, client: Any, persona: str
) -> None:
    p = _submitted(world, proposer, regional=True)
    client.force_login(world.user(persona))
    # the national office oversees it (sees it, without the accept and return buttons) but does not decide
    seen = {"provincial_officer": 200, "national_officer": 200, "association_officer": 404}[persona]
    decided = {"provincial_officer": 200, "national_officer": 403, "association_officer": 404}[persona]
    page = client.get(f"/en/founding/{p.pk}/")
    assert page.status_code == seen
    assert ('data-testid="accept"' in page.content.decode()) is (persona == "provincial_officer")
    assert client.post(f"/api/proposals/{p.pk}/accept").status_code == decided
    assert Alliance.objects.filter(code="SDH").count() == (1 if decided == 200 else 0)
    p.refresh_from_db()
    assert p.status == ("accepted" if decided == 200 else "submitted")


def test_a_bad_credit_code_on_the_form_is_shown_and_nothing_is_written(
    world: Any, proposer: Any, client: Any
) -> None:
    client.force_login(proposer)
    before = counts()
    form = {"code": "NEV", "name_zh": "新能源汽车联盟", "scope": "national", "industry": "C", "key_area": "transport",
            "founders": f"{world.member_a.uscc}\n91440300192203821X\n", "host_unit": world.member_a.uscc,
            "contact_name": "王敏", "contact_phone": "010-12345678", "contact_email": "wang@example.cn",
            "purpose": "联合攻关。"}  # fmt: skip
    response = client.post("/en/founding/new/", form)
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "91440300192203821X is not a valid credit code: The check character (character 18, GB 32100) fails; "
        "expected 6." in html
    )
    assert counts() == before
    response = client.post(
        "/founding/new/", {**form, "founders": f"{world.member_a.uscc}\n{world.member_b.uscc}"}
    )
    p = AllianceProposal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/founding/{p.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "组建申请 NEV 已保存为草稿；填写完整后请提交。" in page and 'data-testid="submit"' in page


def test_the_path_through_the_pages_and_nothing_public_before_acceptance(
    world: Any, proposer: Any, client: Any
) -> None:
    p = propose(world, proposer)
    client.force_login(proposer)
    assert 'data-testid="nav-propose-alliance"' in client.get("/en/founding/").content.decode()
    assert (
        'data-testid="propose-alliance-link"' in client.get("/en/").content.decode()
    )  # no role yet: where to start
    response = client.post(f"/en/founding/{p.pk}/submit/")
    assert response.status_code == 302
    assert (
        "The proposal NEV is submitted to the competent officer."
        in client.get(response["Location"]).content.decode()
    )

    officer = world.user("national_officer")
    client.force_login(officer)
    queue = client.get("/en/founding/queue/").content.decode()
    assert queue.count('data-testid="queue-row"') == 1 and "新能源汽车产业技术创新战略联盟" in queue
    page = client.get(f"/en/founding/{p.pk}/").content.decode()
    assert (
        'data-testid="accept"' in page
        and 'data-testid="return"' in page
        and 'data-testid="submit"' not in page
    )
    asked = client.post(f"/en/founding/{p.pk}/return/", {"reason": "请补充承诺函。"}).content.decode()
    assert 'data-testid="confirmation"' in asked
    p.refresh_from_db()
    assert p.status == "submitted"
    done = client.post(f"/en/founding/{p.pk}/return/", {"reason": "请补充承诺函。", "confirmed": "1"})
    assert done.status_code == 302
    p.refresh_from_db()
    assert (p.status, p.return_reason) == ("returned", "请补充承诺函。")

    client.force_login(proposer)
    page = client.get(f"/en/founding/{p.pk}/").content.decode()
    assert 'data-testid="return-reason"' in page and "请补充承诺函。" in page
    client.post(f"/en/founding/{p.pk}/submit/")

    for viewer in (None, world.user("outsider")):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        assert client.get(f"/en/founding/{p.pk}/").status_code == 404
        assert "NEV" not in client.get("/en/alliances/").content.decode()
        assert "NEV" not in [a["code"] for a in client.get("/api/alliances").json()["items"]]

    client.force_login(officer)
    assert 'data-testid="confirmation"' in client.get(f"/en/founding/{p.pk}/accept/").content.decode()
    done = client.post(f"/en/founding/{p.pk}/accept/", {"confirmed": "1"})
    assert done.status_code == 302 and done["Location"] == "/en/alliances/NEV/"
    alliance = Alliance.objects.get(code="NEV")
    assert (alliance.status, alliance.host_unit) == ("forming", world.member_a)
    client.force_login(proposer)
    assert client.get("/en/alliances/NEV/").status_code == 200  # its secretariat sees the forming alliance
    client.logout()
    assert client.get("/en/alliances/NEV/").status_code == 404  # forming: still not public


def test_the_api_creates_with_field_errors_and_returns_with_a_reason(
    world: Any, proposer: Any, client: Any
) -> None:
    client.force_login(proposer)
    body = {"code": "NEV", "name_zh": "新能源汽车联盟", "scope": "national", "industry": "C", "key_area": "transport",
            "founders": [world.member_a.uscc, "911101085923662400"], "host_unit": world.member_a.uscc,
            "contact_name": "王敏", "contact_phone": "010-12345678", "contact_email": "wang@example.cn",
            "purpose": "联合攻关。"}  # fmt: skip
    before = counts()
    response = client.post("/api/proposals", body, content_type="application/json")
    assert response.status_code == 422 and response.json()["fields"] == {"founders": [
        "登记库中没有统一社会信用代码为 911101085923662400 的单位；请在“新登记的发起单位”中填写该单位信息。"]}  # fmt: skip
    assert counts() == before
    response = client.post("/api/proposals", {**body, "founders": [world.member_a.uscc, world.member_b.uscc]},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201
    created = response.json()
    assert {k: created[k] for k in ("code", "status", "founders", "host_unit", "proposer", "alliance")} == {
        "code": "NEV", "status": "draft", "founders": ["12100000400000624D", "914403001922038216"],
        "host_unit": "914403001922038216", "proposer": "proposer", "alliance": "",
    }  # fmt: skip
    pk = created["id"]
    assert client.post(f"/api/proposals/{pk}/submit").json()["status"] == "submitted"
    client.force_login(world.user("national_officer"))
    response = client.post(f"/api/proposals/{pk}/return", {"reason": " "}, content_type="application/json")
    assert response.status_code == 422 and response.json()["fields"] == {"reason": ["请说明退回理由。"]}
    returned = client.post(
        f"/api/proposals/{pk}/return", {"reason": "材料不全"}, content_type="application/json"
    )
    assert (returned.json()["status"], returned.json()["return_reason"]) == ("returned", "材料不全")
    assert client.post(f"/api/proposals/{pk}/accept").status_code == 409
    client.force_login(proposer)
    assert client.post(f"/api/proposals/{pk}/submit").status_code == 200
    client.force_login(world.user("national_officer"))
    accepted = client.post(f"/api/proposals/{pk}/accept").json()
    assert (accepted["status"], accepted["alliance"]) == ("accepted", "NEV")


def test_the_queue_costs_a_fixed_number_of_queries(
    world: Any, proposer: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    _submitted(world, proposer)
    client.force_login(world.user("national_officer"))
    with django_assert_max_num_queries(12) as one:
        html = client.get("/en/founding/queue/").content.decode()
    assert html.count('data-testid="queue-row"') == 1
    for i in range(30):
        _submitted(world, proposer, code=f"NEV{i}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get("/en/founding/queue/").content.decode()
    assert html.count('data-testid="queue-row"') == 25
    assert client.get("/en/founding/queue/?page=2").content.decode().count('data-testid="queue-row"') == 6
    assert (
        client.get("/en/founding/queue/?status=returned").content.decode().count('data-testid="queue-row"')
        == 0
    )
